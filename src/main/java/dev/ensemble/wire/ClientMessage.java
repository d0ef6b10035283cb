package dev.ensemble.wire;

import dev.ensemble.ot.Selection;
import dev.ensemble.ot.TextOperation;
import java.util.List;

/** What a client may send. */
public sealed interface ClientMessage {

  /**
   * The first message of a session: {@code key} is the client's secret, from which the server
   * derives the source its operations are submitted under (see {@link Sources}); {@code secret} is
   * the owner key or share link that opens the room, or null.
   */
  record Hello(String key, String secret) implements ClientMessage {}

  /** The answer to the server's ping. */
  record Pong() implements ClientMessage {}

  /**
   * An operation based on version {@code v}; {@code src, seq} identify it across resends. {@code
   * src} is the session's source, or null when the client left it out.
   */
  record Submit(long v, TextOperation op, String src, long seq) implements ClientMessage {

    /** The same submission under {@code boundSrc}. */
    public Submit withSource(String boundSrc) {
      return new Submit(v, op, boundSrc, seq);
    }
  }

  /** After a reconnect: send me the operations after {@code v}. */
  record Catchup(long v) implements ClientMessage {}

  /** My cursor and selections at version {@code v}. */
  record PresenceUpdate(String name, String color, long v, List<Selection> selections)
      implements ClientMessage {

    /** The same presence under {@code shownName}. */
    public PresenceUpdate withName(String shownName) {
      return new PresenceUpdate(shownName, color, v, selections);
    }
  }

  /** Switch the room's language mode for everyone. */
  record LanguageChange(String language) implements ClientMessage {}
}
