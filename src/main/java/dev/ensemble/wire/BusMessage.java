package dev.ensemble.wire;

import dev.ensemble.ot.Selection;
import dev.ensemble.ot.TextOperation;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * What servers tell each other on a room's channel. An operation travels in its wire form; the
 * other messages name the server they come from, so that it can ignore its own.
 */
public sealed interface BusMessage {

  /** A committed operation; {@code language} is not null when it changed the room's language. */
  record Committed(long v, TextOperation op, String src, long seq, long timestamp, String language)
      implements BusMessage {}

  record PresenceChanged(String origin, Presence presence) implements BusMessage {}

  record PresenceLeft(String origin, String clientId) implements BusMessage {}

  /**
   * Reads a message another server published.
   *
   * @throws RuntimeException for a message no server of this version writes
   */
  static BusMessage decode(String text) {
    JsonObject m;
    try (JsonReader reader = ClientMessages.JSON.createReader(new StringReader(text))) {
      m = reader.readObject();
    }
    String origin = m.getString("origin", "");
    return switch (m.getString("type")) {
      case "op" ->
          new Committed(
              m.getJsonNumber("v").longValueExact(),
              TextOperationJson.fromJson(m.getJsonArray("op")),
              m.getString("src"),
              m.getJsonNumber("seq").longValueExact(),
              m.getJsonNumber("ts").longValueExact(),
              m.getString("lang", null));
      case "presence" ->
          m.getBoolean("left", false)
              ? new PresenceLeft(origin, m.getString("clientId"))
              : new PresenceChanged(origin, presence(m));
      default -> throw new IllegalArgumentException("unknown bus message " + m.getString("type"));
    };
  }

  private static Presence presence(JsonObject m) {
    List<Selection> selections = new ArrayList<>();
    for (JsonValue pair : m.getJsonArray("selections")) {
      JsonArray ends = (JsonArray) pair;
      selections.add(new Selection(ends.getInt(0), ends.getInt(1)));
    }
    return new Presence(
        m.getString("clientId"),
        m.getString("name"),
        m.getString("color"),
        m.getJsonNumber("v").longValueExact(),
        List.copyOf(selections));
  }
}
