package dev.ensemble.room;

import dev.ensemble.ot.TextOperation;
import dev.ensemble.wire.Presence;
import java.util.Collection;

/** What a room tells one of its clients; the WebSocket layer encodes it. */
public sealed interface ServerMessage {

  /**
   * The room at version {@code v}, sent when a client joins and when its document must be replaced.
   * {@code src} is the operation source the server bound to the session and {@code lastSeq} the
   * last of its submissions in the log (0 if none), so that a client whose edit was in flight knows
   * whether the document holds it.
   */
  record Snapshot(
      long v,
      String content,
      String language,
      String clientId,
      String src,
      long lastSeq,
      Collection<Presence> peers,
      Limits limits)
      implements ServerMessage {}

  /**
   * What a client must keep to: the sizes, so that it splits or refuses an edit before sending it,
   * and how often the server pings a silent client, so that it notices a stalled connection.
   */
  record Limits(int maxFrameBytes, int maxDocumentChars, long heartbeatMs) {}

  /**
   * A committed operation: {@code op} turned version {@code v - 1} into {@code v}; {@code language}
   * is not null when the operation changed the room's language.
   */
  record Op(long v, TextOperation op, String src, long seq, String language)
      implements ServerMessage {}

  /** The client's own submission {@code seq} is in the log at version {@code v}. */
  record Ack(long v, long seq) implements ServerMessage {}

  record PresenceChanged(Presence presence) implements ServerMessage {}

  record PresenceLeft(String clientId) implements ServerMessage {}

  /**
   * A refusal or failure, with a stable code. {@code seq} names the submission it is about, or is
   * null; {@code retryAfterMs} says when a rate-limited client may try again, or is null.
   */
  record Error(String code, String message, boolean retryable, Long seq, Long retryAfterMs)
      implements ServerMessage {

    public static Error of(String code, String message, boolean retryable) {
      return new Error(code, message, retryable, null, null);
    }

    public static Error about(long seq, String code, String message, boolean retryable) {
      return new Error(code, message, retryable, seq, null);
    }
  }
}
