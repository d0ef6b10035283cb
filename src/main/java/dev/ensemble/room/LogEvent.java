package dev.ensemble.room;

import dev.ensemble.store.CommittedOp;

/** Something a room's log did, in the order it happened; the room announces each. */
sealed interface LogEvent {

  /**
   * This server committed {@code op}, submitted by {@code author}; {@code document} and {@code
   * language} are the room's after it.
   */
  record Committed(CommittedOp op, String document, String language, Submission author)
      implements LogEvent {}

  /** Another server committed {@code op}; it is applied here, {@code document} after it. */
  record Applied(CommittedOp op, String document) implements LogEvent {}

  /** A submission that is in the log already, at version {@code v}: acknowledge it again. */
  record Resent(Submission submission, long v) implements LogEvent {}

  /** A submission that was not committed, and why. */
  record Refused(Submission submission, String code, String message, boolean retryable)
      implements LogEvent {}

  /**
   * The log started over from the store's snapshot: sessions need the document anew, since the
   * operations in between would be too many to send.
   */
  record Reloaded() implements LogEvent {}
}
