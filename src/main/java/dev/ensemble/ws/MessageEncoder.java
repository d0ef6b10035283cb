package dev.ensemble.ws;

import dev.ensemble.room.ServerMessage;
import dev.ensemble.wire.Json;
import dev.ensemble.wire.Presence;
import jakarta.json.stream.JsonGenerator;

/**
 * Writes the messages rooms send as the JSON text frames of the wire protocol. A room sends one
 * message to many sessions in a row from one thread, so the last message each thread encoded is
 * kept: a broadcast is encoded once.
 */
public final class MessageEncoder {

  private record Encoded(ServerMessage message, String text) {}

  private static final ThreadLocal<Encoded> LAST = new ThreadLocal<>();

  private MessageEncoder() {}

  public static String encode(ServerMessage message) {
    Encoded last = LAST.get();
    if (last != null && last.message() == message) {
      return last.text();
    }
    String text = write(message);
    LAST.set(new Encoded(message, text));
    return text;
  }

  private static String write(ServerMessage message) {
    if (message instanceof ServerMessage.Op op) {
      return Json.object(
          g -> {
            g.write("type", "op").write("v", op.v()).writeStartArray("op");
            Json.operation(g, op.op());
            g.writeEnd().write("src", op.src()).write("seq", op.seq());
            if (op.language() != null) {
              g.write("language", op.language());
            }
          });
    } else if (message instanceof ServerMessage.Ack ack) {
      return Json.object(g -> g.write("type", "ack").write("v", ack.v()).write("seq", ack.seq()));
    } else if (message instanceof ServerMessage.PresenceChanged p) {
      return Json.object(
          g -> {
            g.write("type", "presence");
            Json.presenceFields(g, p.presence());
          });
    } else if (message instanceof ServerMessage.PresenceLeft p) {
      return Json.object(
          g -> g.write("type", "presence").write("clientId", p.clientId()).write("left", true));
    } else if (message instanceof ServerMessage.Error e) {
      return error(e);
    } else if (message instanceof ServerMessage.Snapshot s) {
      return snapshot(s);
    }
    throw new IllegalArgumentException("no encoding for " + message.getClass());
  }

  private static String snapshot(ServerMessage.Snapshot s) {
    return Json.object(
        g -> {
          g.write("type", "snapshot")
              .write("v", s.v())
              .write("content", s.content())
              .write("language", s.language())
              .write("clientId", s.clientId())
              .write("src", s.src())
              .write("seq", s.lastSeq())
              .writeStartArray("peers");
          for (Presence peer : s.peers()) {
            g.writeStartObject();
            Json.presenceFields(g, peer);
            g.writeEnd();
          }
          g.writeEnd()
              .writeStartObject("limits")
              .write("maxFrameBytes", s.limits().maxFrameBytes())
              .write("maxDocumentChars", s.limits().maxDocumentChars())
              .write("heartbeatMs", s.limits().heartbeatMs())
              .writeEnd();
        });
  }

  private static String error(ServerMessage.Error e) {
    return Json.object(
        g -> {
          errorFields(g, e.code(), e.message(), e.retryable());
          if (e.seq() != null) {
            g.write("seq", e.seq());
          }
          if (e.retryAfterMs() != null) {
            g.write("retryAfterMs", e.retryAfterMs());
          }
        });
  }

  private static void errorFields(JsonGenerator g, String code, String message, boolean retryable) {
    g.write("type", "error")
        .write("code", code)
        .write("message", message)
        .write("retryable", retryable);
  }
}
