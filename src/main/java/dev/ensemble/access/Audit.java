package dev.ensemble.access;

import dev.ensemble.wire.Json;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * The audit trail: one JSON record per event on the logger {@code dev.ensemble.audit}, so that an
 * operator can route it apart from the other lines. Each record names the event, the room, who did
 * it (a person, {@code owner-key}, a link's id, or {@code open}), the server and the time. Secrets
 * are never part of a record.
 */
public final class Audit {

  private static final Logger LOG = Logger.getLogger("dev.ensemble.audit");

  private final String server;

  public Audit(String server) {
    this.server = server;
  }

  public void roomCreated(String room, String by) {
    record("room-created", room, by, null, null);
  }

  public void roomDeleted(String room, String by) {
    record("room-deleted", room, by, null, null);
  }

  /** A room archived ({@code archived}) or taken out of the archive ({@code unarchived}). */
  public void roomArchived(String room, String by, boolean archived) {
    record(archived ? "room-archived" : "room-unarchived", room, by, null, null);
  }

  /** A room's sharing in signin mode, as it is after the change. */
  public void shared(String room, String by, Sharing sharing) {
    LOG.info(
        () ->
            Json.object(
                g -> {
                  g.write("audit", "access-changed").write("room", room).write("by", by);
                  g.writeStartObject("people");
                  sharing.people().forEach((who, role) -> g.write(who, role.wireName()));
                  g.writeEnd().writeStartObject("groups");
                  sharing.groups().forEach((who, role) -> g.write(who, role.wireName()));
                  g.writeEnd();
                  if (sharing.everyone() != null) {
                    g.write("everyone", sharing.everyone().wireName());
                  }
                  g.write("server", server).write("time", Instant.now().toString());
                }));
  }

  public void linkCreated(String room, String by, ShareLink link) {
    record("link-created", room, by, link.id(), link.role());
  }

  public void linkChanged(String room, String by, String linkId, Role role) {
    record("access-changed", room, by, linkId, role);
  }

  public void linkRevoked(String room, String by, String linkId) {
    record("link-revoked", room, by, linkId, null);
  }

  public void joined(String room, Grant grant) {
    record("joined", room, grant.via(), null, grant.role());
  }

  public void left(String room, Grant grant) {
    record("left", room, grant.via(), null, grant.role());
  }

  /** A session closed because its access ended or changed under it. */
  public void removed(String room, Grant grant) {
    record("access-ended", room, grant.via(), null, grant.role());
  }

  private void record(String event, String room, String by, String link, Role role) {
    LOG.info(
        () ->
            Json.object(
                g -> {
                  g.write("audit", event).write("room", room).write("by", by);
                  if (link != null) {
                    g.write("link", link);
                  }
                  if (role != null) {
                    g.write("role", role.wireName());
                  }
                  g.write("server", server).write("time", Instant.now().toString());
                }));
  }
}
