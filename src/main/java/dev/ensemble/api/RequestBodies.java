package dev.ensemble.api;

import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.JsonSupport;
import dev.ensemble.wire.WireException;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Reads the JSON bodies of REST requests, refusing what is malformed with a stable code. */
final class RequestBodies {

  private RequestBodies() {}

  static JsonObject object(String body) {
    try (JsonReader reader =
        JsonSupport.PROVIDER.createReader(new StringReader(body == null ? "" : body))) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (JsonException e) {
      throw new WireException(ErrorCodes.BAD_JSON, "malformed JSON: " + e.getMessage());
    }
    throw new WireException(ErrorCodes.BAD_JSON, "the body must be a JSON object");
  }

  /** A string field, or null when it is absent or null. */
  static String optionalString(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new WireException(ErrorCodes.BAD_PARAMETER, "field '" + field + "' must be a string");
  }

  static String requiredString(JsonObject request, String field) {
    String value = optionalString(request, field);
    if (value == null) {
      throw new WireException(ErrorCodes.BAD_PARAMETER, "field '" + field + "' is required");
    }
    return value;
  }

  /** A boolean field that must be there. */
  static boolean requiredBoolean(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    throw new WireException(
        ErrorCodes.BAD_PARAMETER, "field '" + field + "' is required and must be true or false");
  }

  /** A positive integer field, or null when it is absent or null. */
  static Long optionalPositive(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonNumber n && n.isIntegral()) {
      try {
        long number = n.longValueExact();
        if (number > 0) {
          return number;
        }
      } catch (ArithmeticException e) {
        // reported below
      }
    }
    throw new WireException(
        ErrorCodes.BAD_PARAMETER, "field '" + field + "' must be a positive integer");
  }
}
