package dev.ensemble.wire;

import dev.ensemble.ot.TextOperation;

/**
 * Writes what a server publishes on a room's channel for the others; {@link BusMessage} reads it.
 * Every message names the server it comes from, so that a server can ignore its own.
 */
public final class BusMessages {

  private BusMessages() {}

  /** A committed operation; {@code language} is not null when it changed the room's language. */
  public static String committed(
      long v,
      TextOperation op,
      String src,
      long seq,
      long timestamp,
      String language,
      String origin) {
    return Json.object(
        g -> {
          g.write("type", "op").write("v", v).writeStartArray("op");
          Json.operation(g, op);
          g.writeEnd().write("src", src).write("seq", seq).write("ts", timestamp);
          if (language != null) {
            g.write("lang", language);
          }
          g.write("origin", origin);
        });
  }

  /** A client's edit, for the server committing for the room. */
  public static String forwarded(
      long base, TextOperation op, String src, long seq, String origin, String to) {
    return Json.object(
        g -> {
          g.write("type", "forward").write("v", base).writeStartArray("op");
          Json.operation(g, op);
          g.writeEnd().write("src", src).write("seq", seq).write("origin", origin).write("to", to);
        });
  }

  /** A forwarded edit is in the log at version {@code v}. */
  public static String forwardAcked(String src, long seq, long v, String origin, String to) {
    return Json.object(
        g ->
            g.write("type", "acked")
                .write("src", src)
                .write("seq", seq)
                .write("v", v)
                .write("origin", origin)
                .write("to", to));
  }

  /** A forwarded edit was refused. */
  public static String forwardRefused(
      String src,
      long seq,
      String code,
      String message,
      boolean retryable,
      String origin,
      String to) {
    return Json.object(
        g ->
            g.write("type", "refused")
                .write("src", src)
                .write("seq", seq)
                .write("code", code)
                .write("message", message)
                .write("retryable", retryable)
                .write("origin", origin)
                .write("to", to));
  }

  public static String presence(Presence presence, String origin) {
    return Json.object(
        g -> {
          g.write("type", "presence");
          Json.presenceFields(g, presence);
          g.write("origin", origin);
        });
  }

  public static String presenceLeft(String clientId, String origin) {
    return Json.object(
        g ->
            g.write("type", "presence")
                .write("clientId", clientId)
                .write("left", true)
                .write("origin", origin));
  }

  public static String accessChanged(String origin) {
    return Json.object(g -> g.write("type", "access").write("origin", origin));
  }
}
