package dev.ensemble.room;

import dev.ensemble.ot.TextOperation;
import dev.ensemble.wire.BusMessage;
import dev.ensemble.wire.ClientMessage;

/**
 * A client's request to change the room, waiting for its turn: an edit based on version {@code
 * base}, or a new language (then {@code op} is null and the change applies at the head). {@code
 * receivedNanos} is when its message arrived, for the acknowledgement latency.
 */
record Submission(
    Peer peer,
    long base,
    TextOperation op,
    String src,
    long seq,
    String language,
    long receivedNanos) {

  static Submission edit(Peer peer, ClientMessage.Submit message) {
    return new Submission(
        peer, message.v(), message.op(), message.src(), message.seq(), null, System.nanoTime());
  }

  /** An edit another server forwarded for its client {@code author}. */
  static Submission forwarded(RemoteAuthor author, BusMessage.Forwarded f) {
    return new Submission(author, f.base(), f.op(), f.src(), f.seq(), null, System.nanoTime());
  }

  static Submission languageChange(Peer peer, String language) {
    return new Submission(peer, -1, null, peer.src(), 0, language, System.nanoTime());
  }

  /** An edit another server forwarded: its author is a client of that server. */
  boolean isForwarded() {
    return peer instanceof RemoteAuthor;
  }

  boolean isEdit() {
    return language == null;
  }

  /** The error that tells the client why; about its {@code seq} when this is an edit. */
  ServerMessage.Error refusal(String code, String message, boolean retryable) {
    return isEdit()
        ? ServerMessage.Error.about(seq, code, message, retryable)
        : ServerMessage.Error.of(code, message, retryable);
  }
}
