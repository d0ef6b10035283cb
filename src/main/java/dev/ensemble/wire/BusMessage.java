package dev.ensemble.wire;

import dev.ensemble.ot.InvalidOperationException;
import dev.ensemble.ot.Selection;
import dev.ensemble.ot.TextOperation;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What servers tell each other on a room's channel. An operation travels in its wire form; every
 * message names the server it comes from, so that it can ignore its own, and the answers about a
 * forwarded edit name the one server they are for.
 */
public sealed interface BusMessage {

  /**
   * A committed operation; {@code language} is not null when it changed the room's language, and
   * {@code origin} names the server that committed it.
   */
  record Committed(
      long v,
      TextOperation op,
      String src,
      long seq,
      long timestamp,
      String language,
      String origin)
      implements BusMessage {}

  /** A message for one server only: the others drop it unread. */
  sealed interface Addressed extends BusMessage {
    String to();
  }

  /**
   * A client's edit, sent by the server the client is on ({@code origin}) to the server committing
   * for the room ({@code to}), so that servers do not race each other for its versions.
   */
  record Forwarded(String origin, String to, long base, TextOperation op, String src, long seq)
      implements Addressed {}

  /** A forwarded edit that is in the log already, at version {@code v}. */
  record ForwardAcked(String origin, String to, String src, long seq, long v)
      implements Addressed {}

  /** A forwarded edit that was refused, with the error its author gets. */
  record ForwardRefused(
      String origin,
      String to,
      String src,
      long seq,
      String code,
      String message,
      boolean retryable)
      implements Addressed {}

  record PresenceChanged(String origin, Presence presence) implements BusMessage {}

  record PresenceLeft(String origin, String clientId) implements BusMessage {}

  /** The room's access changed: who holds a session there should be checked again. */
  record AccessChanged(String origin) implements BusMessage {}

  /**
   * Reads a message another server published. Anyone who reaches Redis can publish, so every field
   * is checked as strictly as the client decoder checks what clients send: a message that passes
   * holds nothing a client could not have caused. Fields this version does not know are ignored.
   *
   * @throws WireException with code {@link ErrorCodes#BAD_MESSAGE} for anything else
   */
  static BusMessage decode(String text) {
    JsonObject m = parse(text);
    String origin = m.containsKey("origin") ? string(m, "origin", 512) : "";
    return switch (string(m, "type", 16)) {
      case "op" ->
          new Committed(
              integer(m, "v", 1),
              operation(m),
              token(m, "src"),
              integer(m, "seq", 0),
              integer(m, "ts", 0),
              m.containsKey("lang") ? language(m, "lang") : null,
              origin);
      case "forward" ->
          new Forwarded(
              origin,
              string(m, "to", 512),
              integer(m, "v", 0),
              operation(m),
              token(m, "src"),
              integer(m, "seq", 0));
      case "acked" ->
          new ForwardAcked(
              origin,
              string(m, "to", 512),
              token(m, "src"),
              integer(m, "seq", 0),
              integer(m, "v", 1));
      case "refused" ->
          new ForwardRefused(
              origin,
              string(m, "to", 512),
              token(m, "src"),
              integer(m, "seq", 0),
              token(m, "code"),
              string(m, "message", 1024),
              flag(m, "retryable"));
      case "presence" ->
          flag(m, "left")
              ? new PresenceLeft(origin, token(m, "clientId"))
              : new PresenceChanged(origin, presence(m));
      case "access" -> new AccessChanged(origin);
      default -> throw malformed("unknown type");
    };
  }

  private static JsonObject parse(String text) {
    if (text == null) {
      throw malformed("null");
    }
    JsonValue value;
    try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (RuntimeException e) {
      // Parsson refuses malformed JSON with a JsonException, but a number BigDecimal cannot hold
      // with NumberFormatException, one of over 1,100 characters with UnsupportedOperationException
      // and nesting deeper than 1,000 with a bare RuntimeException
      throw malformed("not JSON: " + e.getMessage());
    }
    if (!(value instanceof JsonObject m)) {
      throw malformed("not a JSON object");
    }
    return m;
  }

  private static TextOperation operation(JsonObject m) {
    if (!(m.get("op") instanceof JsonArray components)) {
      throw malformed("field 'op' must be an array");
    }
    try {
      return TextOperationJson.fromJson(components);
    } catch (InvalidOperationException e) {
      throw malformed("field 'op': " + e.getMessage());
    }
  }

  private static Presence presence(JsonObject m) {
    return new Presence(
        token(m, "clientId"), string(m, "name", 64), color(m), integer(m, "v", 0), selections(m));
  }

  private static List<Selection> selections(JsonObject m) {
    if (!(m.get("selections") instanceof JsonArray pairs) || pairs.size() > 64) {
      throw malformed("field 'selections' must be an array of at most 64 pairs");
    }
    List<Selection> selections = new ArrayList<>(pairs.size());
    for (JsonValue pair : pairs) {
      if (!(pair instanceof JsonArray ends)
          || ends.size() != 2
          || !isInteger(ends.get(0), 0, Integer.MAX_VALUE)
          || !isInteger(ends.get(1), 0, Integer.MAX_VALUE)) {
        throw malformed("a selection must be [from, to] with non-negative integers");
      }
      selections.add(new Selection(ends.getInt(0), ends.getInt(1)));
    }
    return List.copyOf(selections);
  }

  private static String language(JsonObject m, String field) {
    String language = string(m, field, 32);
    if (!Names.LANGUAGE.matcher(language).matches()) {
      throw malformed("field '" + field + "' is not a language name");
    }
    return language;
  }

  /** A colour as clients send it: empty, or {@code #} and 3 to 8 hexadecimal digits. */
  private static String color(JsonObject m) {
    String color = string(m, "color", 9);
    boolean hex =
        color.length() >= 4
            && color.charAt(0) == '#'
            && color.chars().skip(1).allMatch(c -> "0123456789abcdefABCDEF".indexOf(c) >= 0);
    if (!color.isEmpty() && !hex) {
      throw malformed("field 'color' must look like #rrggbb");
    }
    return color;
  }

  /** A client id or submission source: 1 to 64 letters, digits, '_' or '-', as clients send. */
  private static String token(JsonObject m, String field) {
    String token = string(m, field, 64);
    if (token.isEmpty() || !token.chars().allMatch(BusMessage::isTokenCharacter)) {
      throw malformed("field '" + field + "' must be 1-64 letters, digits, '_' or '-'");
    }
    return token;
  }

  private static boolean isTokenCharacter(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  private static String string(JsonObject m, String field, int maxLength) {
    if (m.get(field) instanceof JsonString s && s.getString().length() <= maxLength) {
      return s.getString();
    }
    throw malformed(
        "field '" + field + "' must be a string of at most " + maxLength + " characters");
  }

  /** A version or sequence number: at most 2^53 - 1, the largest a JavaScript client holds. */
  private static long integer(JsonObject m, String field, long min) {
    JsonValue value = m.get(field);
    if (!isInteger(value, min, (1L << 53) - 1)) {
      throw malformed("field '" + field + "' must be an integer of at least " + min);
    }
    return ((JsonNumber) value).longValueExact();
  }

  private static boolean isInteger(JsonValue value, long min, long max) {
    if (!(value instanceof JsonNumber n) || !n.isIntegral()) {
      return false;
    }
    BigDecimal number = n.bigDecimalValue();
    return number.compareTo(BigDecimal.valueOf(min)) >= 0
        && number.compareTo(BigDecimal.valueOf(max)) <= 0;
  }

  private static boolean flag(JsonObject m, String field) {
    JsonValue value = m.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.FALSE) {
      return false;
    }
    if (value.getValueType() == JsonValue.ValueType.TRUE) {
      return true;
    }
    throw malformed("field '" + field + "' must be true or false");
  }

  private static WireException malformed(String problem) {
    return new WireException(ErrorCodes.BAD_MESSAGE, "unreadable bus message: " + problem);
  }
}
