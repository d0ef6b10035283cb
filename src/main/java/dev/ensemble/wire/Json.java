package dev.ensemble.wire;

import dev.ensemble.ot.Selection;
import dev.ensemble.ot.TextOperation;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.function.Consumer;

/** Writing JSON objects with JSON-P's generator, and the parts that several messages share. */
public final class Json {

  private Json() {}

  /** One JSON object whose fields {@code fields} writes. */
  public static String object(Consumer<JsonGenerator> fields) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = JsonSupport.PROVIDER.createGenerator(out)) {
      g.writeStartObject();
      fields.accept(g);
      g.writeEnd();
    }
    return out.toString();
  }

  /** The components of {@code op} into an array the caller opened. */
  public static void operation(JsonGenerator g, TextOperation op) {
    for (Object component : op.toJson()) {
      if (component instanceof String text) {
        g.write(text);
      } else {
        g.write((Integer) component);
      }
    }
  }

  public static void presenceFields(JsonGenerator g, Presence p) {
    g.write("clientId", p.clientId())
        .write("name", p.name())
        .write("color", p.color())
        .write("v", p.v())
        .writeStartArray("selections");
    for (Selection s : p.selections()) {
      g.writeStartArray().write(s.from()).write(s.to()).writeEnd();
    }
    g.writeEnd();
  }
}
