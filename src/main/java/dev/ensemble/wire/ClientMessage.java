package dev.ensemble.wire;

import dev.ensemble.ot.Selection;
import dev.ensemble.ot.TextOperation;
import java.util.List;

/** What a client may send. */
public sealed interface ClientMessage {

  /** An operation based on version {@code v}; {@code src, seq} identify it across resends. */
  record Submit(long v, TextOperation op, String src, long seq) implements ClientMessage {}

  /** After a reconnect: send me the operations after {@code v}. */
  record Catchup(long v) implements ClientMessage {}

  /** My cursor and selections at version {@code v}. */
  record PresenceUpdate(String name, String color, long v, List<Selection> selections)
      implements ClientMessage {}

  /** Switch the room's language mode for everyone. */
  record LanguageChange(String language) implements ClientMessage {}
}
