package dev.ensemble.wire;

import dev.ensemble.ot.TextOperation;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.adapter.JsonbAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact JSON form of an operation, {@code [5, "abc", -3, 10]}. Validation stays in {@link
 * TextOperation#fromJson}: this class only hands it plain Java values.
 */
public final class TextOperationJson implements JsonbAdapter<TextOperation, JsonArray> {

  @Override
  public JsonArray adaptToJson(TextOperation op) {
    return toJson(op);
  }

  @Override
  public TextOperation adaptFromJson(JsonArray array) {
    return fromJson(array);
  }

  public static JsonArray toJson(TextOperation op) {
    JsonArrayBuilder array = JsonSupport.PROVIDER.createArrayBuilder();
    for (Object value : op.toJson()) {
      if (value instanceof String text) {
        array.add(text);
      } else {
        array.add((Integer) value);
      }
    }
    return array.build();
  }

  /**
   * @throws dev.ensemble.ot.InvalidOperationException for anything but numbers and non-empty
   *     strings
   */
  public static TextOperation fromJson(JsonArray array) {
    List<Object> values = new ArrayList<>(array.size());
    for (JsonValue value : array) {
      values.add(plain(value));
    }
    return TextOperation.fromJson(values);
  }

  private static Object plain(JsonValue value) {
    return switch (value.getValueType()) {
      case NUMBER -> ((JsonNumber) value).bigDecimalValue();
      case STRING -> ((JsonString) value).getString();
      case ARRAY -> List.of();
      case NULL -> null;
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case OBJECT -> value;
    };
  }
}
