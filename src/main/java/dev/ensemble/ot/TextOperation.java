package dev.ensemble.ot;

import dev.ensemble.ot.Component.Delete;
import dev.ensemble.ot.Component.Insert;
import dev.ensemble.ot.Component.Retain;
import dev.ensemble.ot.ComponentCursor.Kind;
import dev.ensemble.ot.InvalidOperationException.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable edit of a text measured in UTF-16 code units: a sequence of retain, insert and
 * delete components that consumes exactly {@link #baseLength()} units of a document and leaves
 * {@link #targetLength()} units.
 *
 * <p>Canonical form, kept by {@link Builder}: no empty or zero-length component, no two adjacent
 * components of one kind, and an insert next to a delete always comes first. So two operations with
 * the same effect on every document are {@link #equals equal}.
 *
 * <p>Invariants, checked by the property tests:
 *
 * <ul>
 *   <li>TP1: for {@code (a', b') = transform(a, b)}, {@code b'.apply(a.apply(S)) ==
 *       a'.apply(b.apply(S))}; when both insert at one position, {@code a}'s text comes first.
 *   <li>{@code a.compose(b).apply(S) == b.apply(a.apply(S))}.
 *   <li>{@code a.invert(S).apply(a.apply(S)) == S}.
 * </ul>
 */
public final class TextOperation {

  private static final TextOperation EMPTY = new Builder().build();

  private final List<Component> components;
  private final int baseLength;
  private final int targetLength;

  private TextOperation(List<Component> components, int baseLength, int targetLength) {
    this.components = components;
    this.baseLength = baseLength;
    this.targetLength = targetLength;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The operation that changes nothing in an empty document. */
  public static TextOperation empty() {
    return EMPTY;
  }

  /** The identity on a document of {@code length} units. */
  public static TextOperation identity(int length) {
    return new Builder().retain(length).build();
  }

  /**
   * Reads the wire form: a positive integer retains, a string inserts, a negative integer deletes,
   * as in {@code [5, "abc", -3, 10]}. Numbers may be any {@link Number} type a JSON parser yields;
   * adjacent components of one kind are merged.
   *
   * @throws InvalidOperationException for null, non-array values, nested arrays, empty strings,
   *     zero, fractional or out-of-range numbers, and strings with unpaired surrogates
   */
  public static TextOperation fromJson(List<?> values) {
    if (values == null) {
      throw new InvalidOperationException(Problem.NULL_COMPONENT, "operation is null");
    }
    Builder builder = new Builder();
    int i = 0;
    for (Object value : values) {
      if (value instanceof String text) {
        if (text.isEmpty()) {
          throw new InvalidOperationException(
              Problem.EMPTY_INSERT, "component " + i + " inserts an empty string");
        }
        builder.insert(text);
      } else if (value instanceof Number number) {
        int n = WireNumbers.toInt(number, i);
        if (n > 0) {
          builder.retain(n);
        } else {
          builder.delete(-n);
        }
      } else {
        throw new InvalidOperationException(problemOf(value), describe(value, i));
      }
      i++;
    }
    return builder.build();
  }

  private static Problem problemOf(Object value) {
    if (value == null) {
      return Problem.NULL_COMPONENT;
    }
    return value instanceof List<?> || value instanceof Object[]
        ? Problem.NESTED_ARRAY
        : Problem.NOT_A_COMPONENT;
  }

  private static String describe(Object value, int index) {
    return switch (problemOf(value)) {
      case NULL_COMPONENT -> "component " + index + " is null";
      case NESTED_ARRAY -> "component " + index + " is a nested array";
      default ->
          "component "
              + index
              + " is a "
              + value.getClass().getSimpleName()
              + ", not a number or string";
    };
  }

  /**
   * The wire form: {@code Integer} for retain (positive) and delete (negative), {@code String} for
   * insert.
   */
  public List<Object> toJson() {
    List<Object> values = new ArrayList<>(components.size());
    for (Component c : components) {
      if (c instanceof Retain r) {
        values.add(r.count());
      } else if (c instanceof Insert i) {
        values.add(i.text());
      } else {
        values.add(-((Delete) c).count());
      }
    }
    return values;
  }

  public List<Component> components() {
    return components;
  }

  public int baseLength() {
    return baseLength;
  }

  public int targetLength() {
    return targetLength;
  }

  /** True if applying it leaves every document unchanged. */
  public boolean isNoop() {
    return components.isEmpty() || (components.size() == 1 && components.get(0) instanceof Retain);
  }

  /**
   * Applies this operation to {@code doc}. Linear in the document: each unit is copied once into a
   * buffer sized to the result.
   *
   * @throws InvalidOperationException if the base length differs from the document's length, or a
   *     component boundary falls inside a surrogate pair of the document
   */
  public String apply(String doc) {
    requireBaseLength(doc);
    StringBuilder out = new StringBuilder(targetLength);
    int pos = 0;
    for (Component c : components) {
      if (c instanceof Retain r) {
        out.append(doc, pos, pos + r.count());
        pos = checkBoundary(doc, pos + r.count());
      } else if (c instanceof Insert i) {
        out.append(i.text());
      } else {
        pos = checkBoundary(doc, pos + ((Delete) c).count());
      }
    }
    return out.toString();
  }

  /**
   * The operation that undoes this one on the document it produces from {@code doc}.
   *
   * @throws InvalidOperationException if the base length differs from the document's length
   */
  public TextOperation invert(String doc) {
    requireBaseLength(doc);
    Builder inverse = new Builder();
    int pos = 0;
    for (Component c : components) {
      if (c instanceof Retain r) {
        inverse.retain(r.count());
        pos += r.count();
      } else if (c instanceof Insert i) {
        inverse.delete(i.text().length());
      } else {
        int count = ((Delete) c).count();
        inverse.insert(doc.substring(pos, pos + count));
        pos += count;
      }
    }
    return inverse.build();
  }

  /**
   * One operation with the effect of this one followed by {@code next}.
   *
   * @throws InvalidOperationException if {@code next} does not start where this one ends
   */
  public TextOperation compose(TextOperation next) {
    if (targetLength != next.baseLength) {
      throw new InvalidOperationException(
          Problem.BASE_LENGTH_MISMATCH,
          "cannot compose: the second operation's base length "
              + next.baseLength
              + " differs from the first's target length "
              + targetLength);
    }
    Builder out = new Builder();
    ComponentCursor first = new ComponentCursor(components);
    ComponentCursor second = new ComponentCursor(next.components);
    while (first.kind() != Kind.END || second.kind() != Kind.END) {
      if (first.kind() == Kind.DELETE) {
        int n = first.remaining();
        out.delete(n);
        first.skip(n);
      } else if (second.kind() == Kind.INSERT) {
        out.insert(second.takeText(second.remaining()));
      } else {
        // the lengths match, so neither cursor is at its end here
        int n = Math.min(first.remaining(), second.remaining());
        boolean keeps = second.kind() == Kind.RETAIN;
        if (first.kind() == Kind.INSERT) {
          if (keeps) {
            out.insert(first.takeText(n));
          } else {
            first.skip(n);
          }
        } else {
          if (keeps) {
            out.retain(n);
          } else {
            out.delete(n);
          }
          first.skip(n);
        }
        second.skip(n);
      }
    }
    return out.build();
  }

  /** The result of {@link #transform}: each operation rewritten to apply after the other. */
  public record Transformed(TextOperation aPrime, TextOperation bPrime) {}

  /**
   * Transforms two operations made on the same document so that {@code b.compose(aPrime)} and
   * {@code a.compose(bPrime)} have the same effect. {@code a} is the operation already in the log:
   * when both insert at the same position, {@code a}'s text ends up first.
   *
   * @throws InvalidOperationException if the operations have different base lengths
   */
  public static Transformed transform(TextOperation a, TextOperation b) {
    if (a.baseLength != b.baseLength) {
      throw new InvalidOperationException(
          Problem.BASE_LENGTH_MISMATCH,
          "cannot transform operations with base lengths " + a.baseLength + " and " + b.baseLength);
    }
    Builder aPrime = new Builder();
    Builder bPrime = new Builder();
    ComponentCursor x = new ComponentCursor(a.components);
    ComponentCursor y = new ComponentCursor(b.components);
    while (x.kind() != Kind.END || y.kind() != Kind.END) {
      if (x.kind() == Kind.INSERT) {
        String text = x.takeText(x.remaining());
        aPrime.insert(text);
        bPrime.retain(text.length());
      } else if (y.kind() == Kind.INSERT) {
        String text = y.takeText(y.remaining());
        aPrime.retain(text.length());
        bPrime.insert(text);
      } else {
        int n = Math.min(x.remaining(), y.remaining());
        boolean aDeletes = x.kind() == Kind.DELETE;
        boolean bDeletes = y.kind() == Kind.DELETE;
        if (!aDeletes && !bDeletes) {
          aPrime.retain(n);
          bPrime.retain(n);
        } else if (aDeletes && !bDeletes) {
          aPrime.delete(n);
        } else if (bDeletes && !aDeletes) {
          bPrime.delete(n);
        }
        x.skip(n);
        y.skip(n);
      }
    }
    return new Transformed(aPrime.build(), bPrime.build());
  }

  /**
   * Where a position in the base document ends up after {@code op}. A position inside a deleted
   * range moves to its start. At an insert exactly at the position, {@code ownInsertFirst} decides:
   * true keeps the position before the inserted text (as if the position's owner had inserted there
   * first), false moves it after.
   *
   * @throws InvalidOperationException if the position is outside {@code [0, op.baseLength()]}
   */
  public static int transformPosition(int index, TextOperation op, boolean ownInsertFirst) {
    if (index < 0 || index > op.baseLength) {
      throw new InvalidOperationException(
          Problem.POSITION_OUT_OF_RANGE,
          "position " + index + " is outside a document of " + op.baseLength + " units");
    }
    int pos = 0;
    int moved = index;
    for (Component c : op.components) {
      if (pos > index) {
        break;
      }
      if (c instanceof Insert i) {
        if (pos < index || !ownInsertFirst) {
          moved += i.text().length();
        }
      } else if (c instanceof Retain r) {
        pos += r.count();
      } else {
        int count = ((Delete) c).count();
        moved -= Math.min(count, index - pos);
        pos += count;
      }
    }
    return moved;
  }

  private void requireBaseLength(String doc) {
    if (doc == null) {
      throw new InvalidOperationException(Problem.NULL_COMPONENT, "document is null");
    }
    if (doc.length() != baseLength) {
      throw new InvalidOperationException(
          Problem.BASE_LENGTH_MISMATCH,
          "operation base length " + baseLength + " differs from document length " + doc.length());
    }
  }

  /** A boundary between components must not fall between the two halves of a surrogate pair. */
  private static int checkBoundary(String doc, int pos) {
    if (pos > 0
        && pos < doc.length()
        && Character.isHighSurrogate(doc.charAt(pos - 1))
        && Character.isLowSurrogate(doc.charAt(pos))) {
      throw new InvalidOperationException(
          Problem.SPLITS_SURROGATE_PAIR, "operation splits the surrogate pair at " + (pos - 1));
    }
    return pos;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TextOperation other
        && baseLength == other.baseLength
        && components.equals(other.components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  @Override
  public String toString() {
    return "TextOperation" + toJson();
  }

  /**
   * Builds operations in canonical form: skips empty components, merges neighbours of one kind and
   * puts an insert before an adjacent delete. Linear in what it is given: a canonical operation is
   * retains separated by groups of at most one insert then one delete, and the group after the last
   * retain stays open, its insert growing in a buffer, until a retain or {@link #build} closes it.
   */
  public static final class Builder {
    private final ArrayList<Component> components = new ArrayList<>();
    private long baseLength;
    private long targetLength;

    // The open group. Its insert is the first text as given, and all of them in a buffer once there
    // are several: merging by concatenation copied the text so far on every insert.
    private String inserted;
    private StringBuilder insertedPieces;
    private int deleted;

    private Builder() {}

    public Builder retain(int n) {
      requireNonNegative("retain", n);
      if (n > 0) {
        baseLength += n;
        targetLength += n;
        if (inserted != null || deleted > 0) {
          closeGroupInto(components);
          inserted = null;
          insertedPieces = null;
          deleted = 0;
        }
        int size = components.size();
        if (size > 0 && components.get(size - 1) instanceof Retain r) {
          components.set(size - 1, new Retain(sum(r.count(), n)));
        } else {
          components.add(new Retain(n));
        }
      }
      return this;
    }

    public Builder delete(int n) {
      requireNonNegative("delete", n);
      if (n > 0) {
        baseLength += n;
        deleted = sum(deleted, n);
      }
      return this;
    }

    /**
     * @throws InvalidOperationException if the text is null or has an unpaired surrogate
     */
    public Builder insert(String text) {
      if (text == null) {
        throw new InvalidOperationException(Problem.NULL_COMPONENT, "insert text is null");
      }
      if (text.isEmpty()) {
        return this;
      }
      requireWellFormed(text);
      targetLength += text.length();
      if (inserted == null) {
        inserted = text;
      } else {
        if (insertedPieces == null) {
          insertedPieces = new StringBuilder(inserted);
        }
        insertedPieces.append(text);
      }
      return this;
    }

    /**
     * @throws InvalidOperationException if the operation would consume or produce more units than a
     *     Java string can hold
     */
    public TextOperation build() {
      if (baseLength > Integer.MAX_VALUE || targetLength > Integer.MAX_VALUE) {
        throw new InvalidOperationException(
            Problem.OUT_OF_RANGE, "operation spans more than " + Integer.MAX_VALUE + " units");
      }
      List<Component> all = new ArrayList<>(components.size() + 2);
      all.addAll(components);
      closeGroupInto(all);
      return new TextOperation(
          Collections.unmodifiableList(all), (int) baseLength, (int) targetLength);
    }

    private void closeGroupInto(List<Component> out) {
      if (inserted != null) {
        out.add(new Insert(insertedPieces != null ? insertedPieces.toString() : inserted));
      }
      if (deleted > 0) {
        out.add(new Delete(deleted));
      }
    }

    private static void requireNonNegative(String kind, int n) {
      if (n < 0) {
        throw new InvalidOperationException(
            Problem.OUT_OF_RANGE, kind + " count must not be negative, was " + n);
      }
    }

    private static int sum(int a, int b) {
      long total = (long) a + b;
      if (total > Integer.MAX_VALUE) {
        throw new InvalidOperationException(
            Problem.OUT_OF_RANGE, "component spans more than " + Integer.MAX_VALUE + " units");
      }
      return (int) total;
    }

    private static void requireWellFormed(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new InvalidOperationException(
              Problem.UNPAIRED_SURROGATE, "insert has an unpaired surrogate at index " + i);
        }
      }
    }
  }
}
