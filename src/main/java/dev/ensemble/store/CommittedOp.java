package dev.ensemble.store;

import dev.ensemble.ot.TextOperation;

/**
 * An operation in a room's log: it turned version {@code v - 1} into {@code v}. {@code src} and
 * {@code seq} identify the submission, so that a resend is recognised and not applied twice. An
 * operation that changes the room's language carries it in {@code language} (else null) and leaves
 * the text as it is, so that metadata changes take their place in the same total order as edits.
 */
public record CommittedOp(
    String room, long v, TextOperation op, String src, long seq, long timestamp, String language) {

  /** A text edit. */
  public CommittedOp(String room, long v, TextOperation op, String src, long seq, long timestamp) {
    this(room, v, op, src, seq, timestamp, null);
  }

  /** Where the log ends after this operation. */
  public LogHead head() {
    return new LogHead(room, v, src, seq, timestamp);
  }
}
