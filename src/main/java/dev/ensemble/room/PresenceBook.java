package dev.ensemble.room;

import dev.ensemble.ot.Selection;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.wire.Presence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The presence of everyone in a room, local or on other servers, kept at the room's head version:
 * every operation the room applies moves the selections with it. A caret at an insert moves after
 * it, on clients as here. Servers repeat the presence of their own clients now and then, so that
 * the presence of a server that died without a word expires.
 */
final class PresenceBook {

  /** A presence, the server its client is connected to, and when that server last spoke of it. */
  private record Entry(Presence presence, String origin, long seen) {}

  private final Map<String, Entry> byClient = new LinkedHashMap<>();

  void put(Presence presence, String origin, long now) {
    byClient.put(presence.clientId(), new Entry(presence, origin, now));
  }

  boolean remove(String clientId) {
    return byClient.remove(clientId) != null;
  }

  Collection<Presence> all() {
    return byClient.values().stream().map(Entry::presence).toList();
  }

  /** The presence of the clients connected to {@code server}. */
  List<Presence> of(String server) {
    return byClient.values().stream()
        .filter(e -> e.origin().equals(server))
        .map(Entry::presence)
        .toList();
  }

  /**
   * Forgets the presence other servers last spoke of before {@code cutoff}.
   *
   * @return the clients forgotten
   */
  List<String> expire(String self, long cutoff) {
    List<String> expired = new ArrayList<>();
    byClient
        .values()
        .removeIf(
            e -> {
              boolean old = !e.origin().equals(self) && e.seen() < cutoff;
              if (old) {
                expired.add(e.presence().clientId());
              }
              return old;
            });
    return expired;
  }

  void transform(TextOperation op, long v) {
    byClient.replaceAll((id, e) -> new Entry(moved(e.presence(), op, v), e.origin(), e.seen()));
  }

  /** The presence moved through {@code op}, which produces version {@code v}. */
  static Presence moved(Presence p, TextOperation op, long v) {
    List<Selection> selections = new ArrayList<>(p.selections().size());
    for (Selection s : p.selections()) {
      selections.add(clamp(s, op.baseLength()).transform(op, false));
    }
    return new Presence(p.clientId(), p.name(), p.color(), v, selections);
  }

  /** Keeps a selection inside a document of {@code length} units. */
  static Selection clamp(Selection s, int length) {
    return new Selection(Math.min(s.from(), length), Math.min(s.to(), length));
  }
}
