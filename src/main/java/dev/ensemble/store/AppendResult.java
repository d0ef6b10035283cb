package dev.ensemble.store;

/** What came of appending operations after a {@link LogHead}. */
public enum AppendResult {
  /** The operations are in the log and durable. */
  APPENDED,
  /** Another writer appended after that head first: catch up and try again. */
  TAKEN,
  /**
   * The store does not hold the operation at that head: it lost versions this server has, or holds
   * another operation there. Nothing was appended.
   */
  DIVERGED
}
