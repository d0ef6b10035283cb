package dev.ensemble.ot;

/**
 * The one exception the OT core raises for malformed input: an operation that cannot be built, or
 * one that does not fit the document or operation it is combined with. {@link #problem()} says what
 * kind of mistake it was; the message says where.
 */
public final class InvalidOperationException extends IllegalArgumentException {

  /** What was wrong, stable enough for callers to map to error codes. */
  public enum Problem {
    NULL_COMPONENT,
    NOT_A_COMPONENT,
    NESTED_ARRAY,
    EMPTY_INSERT,
    ZERO_LENGTH,
    NOT_AN_INTEGER,
    OUT_OF_RANGE,
    UNPAIRED_SURROGATE,
    SPLITS_SURROGATE_PAIR,
    BASE_LENGTH_MISMATCH,
    POSITION_OUT_OF_RANGE
  }

  private final Problem problem;

  public InvalidOperationException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
