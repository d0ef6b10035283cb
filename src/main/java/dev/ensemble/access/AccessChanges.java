package dev.ensemble.access;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import dev.ensemble.room.RoomManager;
import dev.ensemble.store.OperationStore;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Every change of a room's access, each checked by {@link RoomGate}, written to the store, audited
 * and announced to every server: a room's first keys or owner, its links, whom it is shared with,
 * and its deletion.
 */
@ApplicationScoped
public class AccessChanges {

  /** A room's links, at most: each check compares against all of them. */
  static final int MAX_LINKS = 100;

  /** How long a link may live, at most. */
  static final Duration MAX_LINK_LIFETIME = Duration.ofDays(366);

  /** After the rooms' idle grace, how long a deleted room's data waits before it goes. */
  static final Duration PURGE_MARGIN = Duration.ofSeconds(5);

  private static final int PURGE_ATTEMPTS = 10;
  private static final Logger LOG = Logger.getLogger(AccessChanges.class.getName());

  @Inject RoomGate gate;
  @Inject EnsembleConfig config;
  @Inject AccessStore store;
  @Inject RoomVisits visits;
  @Inject RoomManager rooms;
  @Inject Audit audit;
  @Inject OperationStore operations;
  @Inject ServerThreads threads;

  /**
   * Gives a room just created its access: with links, its owner key, an edit link and a view link;
   * signed in, its {@code creator} as owner and nobody else; nothing in {@link AccessMode#OPEN}.
   */
  public Optional<NewRoomAccess> createRoom(String room, Credential.Person creator) {
    if (gate.mode() == AccessMode.OPEN) {
      audit.roomCreated(room, Grant.OPEN.via());
      return Optional.empty();
    }
    if (gate.mode() == AccessMode.SIGNIN) {
      store.create(RoomAccess.ownedBy(room, creator.name(), RoomGate.now()));
      audit.roomCreated(room, creator.name());
      return Optional.empty();
    }
    String ownerKey = Secrets.generate();
    long now = RoomGate.now();
    IssuedLink edit = issue(Role.EDITOR, now, null);
    IssuedLink view = issue(Role.VIEWER, now, null);
    store.create(
        new RoomAccess(room, Secrets.hash(ownerKey), List.of(edit.link(), view.link()), now, 0));
    audit.roomCreated(room, Grant.OWNER_KEY);
    audit.linkCreated(room, Grant.OWNER_KEY, edit.link());
    audit.linkCreated(room, Grant.OWNER_KEY, view.link());
    return Optional.of(new NewRoomAccess(ownerKey, List.of(edit, view)));
  }

  /** The room's access, for its owner. */
  public RoomAccess access(String room, Presented secret) {
    gate.require(room, secret, Role.OWNER);
    return stored(room);
  }

  /** The room's access as stored, for a caller already found to own it. */
  private RoomAccess stored(String room) {
    return store
        .find(room)
        .orElseThrow(() -> new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room));
  }

  /**
   * Creates a link that gives {@code role}, for {@code lifetime} or (null) until revoked.
   *
   * @throws WireException unless the caller owns the room; for too many links or too long a
   *     lifetime
   */
  public IssuedLink createLink(String room, Presented secret, Role role, Duration lifetime) {
    Grant owner = gate.require(room, secret, Role.OWNER);
    if (lifetime != null
        && (lifetime.isNegative()
            || lifetime.isZero()
            || lifetime.compareTo(MAX_LINK_LIFETIME) > 0)) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER,
          "a link lives from 1 second to " + MAX_LINK_LIFETIME.toDays() + " days");
    }
    if (stored(room).links().size() >= MAX_LINKS) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER, "a room has at most " + MAX_LINKS + " links; revoke some");
    }
    long now = RoomGate.now();
    IssuedLink issued = issue(role, now, lifetime == null ? null : now + lifetime.toMillis());
    if (!store.addLink(room, issued.link())) {
      throw new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room);
    }
    audit.linkCreated(room, owner.via(), issued.link());
    return issued;
  }

  /** Gives a link another role; the sessions that came through it follow at once. */
  public ShareLink changeLink(String room, Presented secret, String linkId, Role role) {
    Grant owner = gate.require(room, secret, Role.OWNER);
    if (!store.setLinkRole(room, linkId, role)) {
      throw noLink(room, linkId);
    }
    audit.linkChanged(room, owner.via(), linkId, role);
    rooms.announceAccessChange(room);
    return stored(room).link(linkId).orElseThrow(() -> noLink(room, linkId));
  }

  /** Revokes a link; the sessions that came through it are closed on every server. */
  public void revokeLink(String room, Presented secret, String linkId) {
    Grant owner = gate.require(room, secret, Role.OWNER);
    if (!store.removeLink(room, linkId)) {
      throw noLink(room, linkId);
    }
    audit.linkRevoked(room, owner.via(), linkId);
    rooms.announceAccessChange(room);
  }

  /**
   * Shares a room with people, groups or everyone signed in, replacing whom it was shared with;
   * sessions that lose access are closed, those whose role changed follow, on every server.
   */
  public void share(String room, Presented presented, Sharing sharing) {
    if (gate.mode() != AccessMode.SIGNIN) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER, "rooms are shared with people only in signin mode");
    }
    Grant owner = gate.require(room, presented, Role.OWNER);
    if (!store.setSharing(room, sharing)) {
      throw new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room);
    }
    audit.shared(room, owner.via(), sharing);
    rooms.announceAccessChange(room);
  }

  /**
   * Archives a room ({@code archived}) or takes it out of the archive: while archived, every server
   * refuses its edits and language changes with {@code room-archived} and tells its sessions, which
   * hear it in their {@code access} message; reading, joining and its history carry on. Archiving
   * an archived room changes nothing but is no error.
   */
  public void archive(String room, Presented secret, boolean archived) {
    Grant owner = gate.require(room, secret, Role.OWNER);
    if (!store.setArchived(room, archived)) {
      throw new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room);
    }
    audit.roomArchived(room, owner.via(), archived);
    rooms.announceAccessChange(room);
  }

  /**
   * Deletes a room: at once nobody reaches it any more and its sessions are closed on every server;
   * its operations, milestones and document go once every server has unloaded it (the rooms' idle
   * grace and a margin), so that no commit still under way writes behind the delete.
   */
  public void deleteRoom(String room, Presented secret) {
    Grant owner = gate.require(room, secret, Role.OWNER);
    if (!store.delete(room)) {
      throw new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room);
    }
    audit.roomDeleted(room, owner.via());
    rooms.announceAccessChange(room);
    visits.forgetRoom(room);
    purgeLater(room, 1);
  }

  private void purgeLater(String room, int attempt) {
    threads
        .scheduler()
        .schedule(
            () -> {
              try {
                operations.deleteRoom(room);
              } catch (StoreUnavailableException e) {
                if (attempt < PURGE_ATTEMPTS) {
                  purgeLater(room, attempt + 1);
                } else {
                  LOG.warning(
                      () ->
                          "could not delete the data of room "
                              + room
                              + " ("
                              + e.getMessage()
                              + "); nobody reaches it, but its operations, milestones and"
                              + " document are still in the store");
                }
              }
            },
            config.roomIdle().plus(PURGE_MARGIN).toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private static WireException noLink(String room, String linkId) {
    return new WireException(ErrorCodes.LINK_NOT_FOUND, "room " + room + " has no link " + linkId);
  }

  private static IssuedLink issue(Role role, long now, Long expiresAt) {
    String secret = Secrets.generate();
    return new IssuedLink(
        new ShareLink(Secrets.id(), role, Secrets.hash(secret), now, expiresAt), secret);
  }
}
