package dev.ensemble.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ensemble.ot.Component;
import dev.ensemble.ot.InvalidOperationException;
import dev.ensemble.ot.TextOperation;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Any JSON array decodes to an operation in canonical form or fails with {@link
 * InvalidOperationException}, the same way whether the numbers arrive as JSON-P numbers or as the
 * Java numbers another parser (the MongoDB driver) yields. Runs its corpus in every test run;
 * {@code JAZZER_FUZZ=1} fuzzes it (see the README).
 */
class TextOperationJsonFuzzTest {

  /** Operations over longer documents are checked without applying them to one. */
  private static final int LARGEST_DOCUMENT = 1 << 16;

  @FuzzTest(maxDuration = "5m")
  void decode(byte[] json) {
    JsonArray array = arrayOrNull(new String(json, UTF_8));
    if (array == null) {
      return;
    }
    List<Object> javaValues = javaValues(array);
    TextOperation op;
    try {
      op = TextOperationJson.fromJson(array);
    } catch (InvalidOperationException e) {
      InvalidOperationException fromJava =
          assertThrows(InvalidOperationException.class, () -> TextOperation.fromJson(javaValues));
      assertEquals(e.problem(), fromJava.problem());
      return;
    }
    assertEquals(op, TextOperation.fromJson(javaValues));
    assertEquals(op, TextOperationJson.fromJson(TextOperationJson.toJson(op)));
    assertEquals(op, TextOperation.fromJson(op.toJson()));
    assertCanonical(op);
    if (op.baseLength() <= LARGEST_DOCUMENT) {
      String doc = "d".repeat(op.baseLength());
      String after = op.apply(doc);
      assertEquals(op.targetLength(), after.length());
      assertEquals(doc, op.invert(doc).apply(after));
    }
  }

  private static void assertCanonical(TextOperation op) {
    long base = 0;
    long target = 0;
    Component previous = null;
    for (Component c : op.components()) {
      base += c.baseLength();
      target += c.targetLength();
      if (previous != null) {
        assertFalse(previous.getClass() == c.getClass(), () -> "adjacent components in " + op);
        assertFalse(
            previous instanceof Component.Delete && c instanceof Component.Insert,
            () -> "a delete before an insert in " + op);
      }
      previous = c;
    }
    assertEquals(base, op.baseLength());
    assertEquals(target, op.targetLength());
  }

  /** The array, or null for text that is not one JSON array: only the decoders are under test. */
  private static JsonArray arrayOrNull(String text) {
    try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(text))) {
      return reader.readValue() instanceof JsonArray array ? array : null;
    } catch (RuntimeException e) {
      // besides JsonException, Parsson refuses some input with NumberFormatException,
      // UnsupportedOperationException or a bare RuntimeException (see ClientMessages.parse)
      return null;
    }
  }

  /** Numbers as {@link JsonNumber#numberValue()} gives them: Integer, Long or BigDecimal. */
  private static List<Object> javaValues(JsonArray array) {
    List<Object> values = new ArrayList<>(array.size());
    for (JsonValue value : array) {
      values.add(
          switch (value.getValueType()) {
            case NUMBER -> ((JsonNumber) value).numberValue();
            case STRING -> ((JsonString) value).getString();
            case ARRAY -> javaValues((JsonArray) value);
            case NULL -> null;
            case TRUE, FALSE, OBJECT -> value;
          });
    }
    return values;
  }
}
