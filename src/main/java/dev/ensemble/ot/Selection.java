package dev.ensemble.ot;

/**
 * A selection or caret of one user, as two positions in the document: {@code from} is where it
 * started, {@code to} where the caret is, so {@code from > to} for a backwards selection.
 */
public record Selection(int from, int to) {

  /** A caret with nothing selected. */
  public static Selection caret(int position) {
    return new Selection(position, position);
  }

  public boolean isCaret() {
    return from == to;
  }

  /**
   * Where this selection is after {@code op}; see {@link TextOperation#transformPosition} for the
   * meaning of {@code ownInsertFirst}.
   */
  public Selection transform(TextOperation op, boolean ownInsertFirst) {
    return new Selection(
        TextOperation.transformPosition(from, op, ownInsertFirst),
        TextOperation.transformPosition(to, op, ownInsertFirst));
  }
}
