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
