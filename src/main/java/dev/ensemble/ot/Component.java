package dev.ensemble.ot;

import dev.ensemble.ot.InvalidOperationException.Problem;

/** One step of a {@link TextOperation}; lengths are in UTF-16 code units. */
public sealed interface Component permits Component.Retain, Component.Insert, Component.Delete {

  /** Units of the base document this component consumes. */
  int baseLength();

  /** Units this component leaves in the target document. */
  int targetLength();

  /** Keeps {@code count} units. */
  record Retain(int count) implements Component {
    public Retain {
      requirePositive("retain", count);
    }

    @Override
    public int baseLength() {
      return count;
    }

    @Override
    public int targetLength() {
      return count;
    }
  }

  /** Inserts {@code text}, never empty. */
  record Insert(String text) implements Component {
    public Insert {
      if (text == null) {
        throw new InvalidOperationException(Problem.NULL_COMPONENT, "insert text is null");
      }
      if (text.isEmpty()) {
        throw new InvalidOperationException(Problem.EMPTY_INSERT, "insert text is empty");
      }
    }

    @Override
    public int baseLength() {
      return 0;
    }

    @Override
    public int targetLength() {
      return text.length();
    }
  }

  /** Removes {@code count} units. */
  record Delete(int count) implements Component {
    public Delete {
      requirePositive("delete", count);
    }

    @Override
    public int baseLength() {
      return count;
    }

    @Override
    public int targetLength() {
      return 0;
    }
  }

  private static void requirePositive(String kind, int count) {
    if (count == 0) {
      throw new InvalidOperationException(Problem.ZERO_LENGTH, kind + " of zero units");
    }
    if (count < 0) {
      throw new InvalidOperationException(
          Problem.OUT_OF_RANGE, kind + " count must be positive, was " + count);
    }
  }
}
