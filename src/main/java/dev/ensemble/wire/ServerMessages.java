package dev.ensemble.wire;

import dev.ensemble.ot.Selection;
import dev.ensemble.ot.TextOperation;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.Collection;
import java.util.function.Consumer;

/** Writes the messages a server sends to clients, and to other servers over the bus. */
public final class ServerMessages {

  private ServerMessages() {}

  public static String snapshot(
      long v, String content, String language, String clientId, Collection<Presence> peers) {
    return write(
        g -> {
          g.write("type", "snapshot")
              .write("v", v)
              .write("content", content)
              .write("language", language)
              .write("clientId", clientId)
              .writeStartArray("peers");
          for (Presence peer : peers) {
            g.writeStartObject();
            presenceFields(g, peer);
            g.writeEnd();
          }
          g.writeEnd();
        });
  }

  public static String op(long v, TextOperation op, String src, long seq) {
    return write(
        g -> {
          g.write("type", "op").write("v", v).writeStartArray("op");
          operation(g, op);
          g.writeEnd().write("src", src).write("seq", seq);
        });
  }

  public static String ack(long v, long seq) {
    return write(g -> g.write("type", "ack").write("v", v).write("seq", seq));
  }

  public static String presence(Presence presence) {
    return presence(presence, null);
  }

  /** Tells that a user left the room. */
  public static String presenceLeft(String clientId) {
    return presenceLeft(clientId, null);
  }

  public static String language(String language) {
    return language(language, null);
  }

  /** {@code origin}, when not null, names the server a bus message comes from. */
  public static String presence(Presence presence, String origin) {
    return write(
        g -> {
          g.write("type", "presence");
          presenceFields(g, presence);
          origin(g, origin);
        });
  }

  public static String presenceLeft(String clientId, String origin) {
    return write(
        g -> {
          g.write("type", "presence").write("clientId", clientId).write("left", true);
          origin(g, origin);
        });
  }

  public static String language(String language, String origin) {
    return write(
        g -> {
          g.write("type", "language").write("language", language);
          origin(g, origin);
        });
  }

  private static void origin(JsonGenerator g, String origin) {
    if (origin != null) {
      g.write("origin", origin);
    }
  }

  public static String error(String code, String message, boolean retryable) {
    return write(g -> errorFields(g, code, message, retryable));
  }

  /** An error about the submission with sequence number {@code seq}. */
  public static String error(String code, String message, boolean retryable, long seq) {
    return write(g -> errorFields(g, code, message, retryable).write("seq", seq));
  }

  private static JsonGenerator errorFields(
      JsonGenerator g, String code, String message, boolean retryable) {
    return g.write("type", "error")
        .write("code", code)
        .write("message", message)
        .write("retryable", retryable);
  }

  private static void presenceFields(JsonGenerator g, Presence p) {
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

  static void operation(JsonGenerator g, TextOperation op) {
    for (Object component : op.toJson()) {
      if (component instanceof String text) {
        g.write(text);
      } else {
        g.write((Integer) component);
      }
    }
  }

  static String write(Consumer<JsonGenerator> fields) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = ClientMessages.JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.accept(g);
      g.writeEnd();
    }
    return out.toString();
  }
}
