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
 * it, on clients as here.
 */
final class PresenceBook {

  private final Map<String, Presence> byClient = new LinkedHashMap<>();

  void put(Presence presence) {
    byClient.put(presence.clientId(), presence);
  }

  boolean remove(String clientId) {
    return byClient.remove(clientId) != null;
  }

  Collection<Presence> all() {
    return List.copyOf(byClient.values());
  }

  void transform(TextOperation op, long v) {
    byClient.replaceAll((id, p) -> moved(p, op, v));
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
