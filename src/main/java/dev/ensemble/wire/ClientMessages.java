package dev.ensemble.wire;

import dev.ensemble.ot.InvalidOperationException;
import dev.ensemble.ot.Selection;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads client messages, refusing anything malformed with a {@link WireException}. */
public final class ClientMessages {

  static final JsonProvider JSON = JsonSupport.PROVIDER;

  private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{3,8}");
  private static final int MAX_NAME = 64;
  private static final int MAX_SECRET = 128;
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{0," + MAX_SECRET + "}");
  private static final int MAX_SELECTIONS = 64;

  /** Largest integer a JavaScript client represents exactly. */
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private ClientMessages() {}

  public static ClientMessage decode(String text) {
    JsonObject message = parse(text);
    JsonValue type = message.get("type");
    if (!(type instanceof JsonString name)) {
      throw new WireException(ErrorCodes.BAD_MESSAGE, "message has no string field 'type'");
    }
    return switch (name.getString()) {
      case "hello" ->
          new ClientMessage.Hello(
              Sources.requireKey(string(message, "key")),
              secret(optionalString(message, "secret")));
      case "pong" -> new ClientMessage.Pong();
      case "op" -> submit(message);
      case "catchup" -> new ClientMessage.Catchup(integer(message, "v"));
      case "presence" -> presence(message);
      case "language" ->
          new ClientMessage.LanguageChange(Names.requireLanguage(string(message, "language")));
      default ->
          throw new WireException(
              ErrorCodes.UNKNOWN_TYPE, "unknown message type '" + shorten(name.getString()) + "'");
    };
  }

  private static JsonObject parse(String text) {
    JsonValue value;
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      value = reader.readValue();
    } catch (RuntimeException e) {
      // Parsson refuses malformed JSON with a JsonException, but a number BigDecimal cannot hold
      // with NumberFormatException, one of over 1,100 characters with UnsupportedOperationException
      // and nesting deeper than 1,000 with a bare RuntimeException
      throw new WireException(ErrorCodes.BAD_JSON, "malformed JSON: " + e.getMessage());
    }
    if (!(value instanceof JsonObject object)) {
      throw new WireException(ErrorCodes.BAD_JSON, "a message must be a JSON object");
    }
    return object;
  }

  private static ClientMessage.Submit submit(JsonObject message) {
    long v = integer(message, "v");
    JsonValue op = message.get("op");
    if (!(op instanceof JsonArray components)) {
      throw new WireException(ErrorCodes.BAD_OP, "field 'op' must be an array");
    }
    String src = message.containsKey("src") ? string(message, "src") : null;
    if (src != null && !SOURCE.matcher(src).matches()) {
      throw new WireException(
          ErrorCodes.BAD_MESSAGE, "field 'src' must be 1-64 letters, digits, '_' or '-'");
    }
    long seq = integer(message, "seq");
    try {
      return new ClientMessage.Submit(v, TextOperationJson.fromJson(components), src, seq);
    } catch (InvalidOperationException e) {
      throw new WireException(ErrorCodes.BAD_OP, e.getMessage());
    }
  }

  private static ClientMessage.PresenceUpdate presence(JsonObject message) {
    String name = optionalString(message, "name");
    if (name.length() > MAX_NAME) {
      throw new WireException(ErrorCodes.BAD_MESSAGE, "field 'name' is longer than " + MAX_NAME);
    }
    String color = optionalString(message, "color");
    if (!color.isEmpty() && !COLOR.matcher(color).matches()) {
      throw new WireException(ErrorCodes.BAD_MESSAGE, "field 'color' must look like #rrggbb");
    }
    long v = integer(message, "v");
    JsonValue raw = message.get("selections");
    List<Selection> selections = new ArrayList<>();
    if (raw != null && raw != JsonValue.NULL) {
      if (!(raw instanceof JsonArray array) || array.size() > MAX_SELECTIONS) {
        throw new WireException(
            ErrorCodes.BAD_MESSAGE,
            "field 'selections' must be an array of at most "
                + MAX_SELECTIONS
                + " [from, to] pairs");
      }
      for (JsonValue pair : array) {
        selections.add(selection(pair));
      }
    }
    return new ClientMessage.PresenceUpdate(name, color, v, List.copyOf(selections));
  }

  private static Selection selection(JsonValue pair) {
    if (pair instanceof JsonArray ends
        && ends.size() == 2
        && ends.get(0) instanceof JsonNumber from
        && ends.get(1) instanceof JsonNumber to
        && inRange(from, Integer.MAX_VALUE)
        && inRange(to, Integer.MAX_VALUE)) {
      return new Selection(from.intValue(), to.intValue());
    }
    throw new WireException(
        ErrorCodes.BAD_MESSAGE, "a selection must be [from, to] with non-negative integers");
  }

  private static boolean inRange(JsonNumber n, long max) {
    BigDecimal value = n.bigDecimalValue();
    return n.isIntegral() && value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0;
  }

  private static long integer(JsonObject message, String field) {
    if (message.get(field) instanceof JsonNumber n && inRange(n, MAX_SAFE_INTEGER)) {
      return n.longValue();
    }
    throw new WireException(
        ErrorCodes.BAD_MESSAGE, "field '" + field + "' must be a non-negative integer");
  }

  private static String string(JsonObject message, String field) {
    if (message.get(field) instanceof JsonString s) {
      return s.getString();
    }
    throw new WireException(ErrorCodes.BAD_MESSAGE, "field '" + field + "' must be a string");
  }

  private static String optionalString(JsonObject message, String field) {
    JsonValue value = message.get(field);
    return value == null || value == JsonValue.NULL ? "" : string(message, field);
  }

  /** A room's key as the page found it in its link, or none. */
  private static String secret(String secret) {
    if (!SECRET.matcher(secret).matches()) {
      throw new WireException(
          ErrorCodes.BAD_MESSAGE,
          "field 'secret' must be at most " + MAX_SECRET + " letters, digits, '_' or '-'");
    }
    return secret.isEmpty() ? null : secret;
  }

  private static String shorten(String text) {
    return text.length() <= 32 ? text : text.substring(0, 32) + "…";
  }
}
