package dev.ensemble.ws;

import dev.ensemble.access.AccessMode;
import dev.ensemble.access.Audit;
import dev.ensemble.access.Grant;
import dev.ensemble.access.RoomAccess;
import dev.ensemble.access.RoomGate;
import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import dev.ensemble.room.Disconnect;
import dev.ensemble.room.RoomManager;
import dev.ensemble.room.ServerMessage;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.ErrorCodes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The open sessions of this server, and their heartbeat. A session that was neither sent nor heard
 * anything for a heartbeat interval gets a ping, which it answers: so each side hears the other at
 * least once an interval over a working connection, and silence for one and a half intervals means
 * a stalled one (a network that neither delivers nor closes). Here such a session leaves its room,
 * which drops its presence, and the connection is dropped; the client reconnects. It also ends the
 * sessions whose access was revoked or expired, and tells those whose role changed or whose room
 * was archived or unarchived.
 */
@ApplicationScoped
public class SessionRegistry {

  static final String PING = "{\"type\":\"ping\"}";
  private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

  @Inject EnsembleConfig config;
  @Inject ServerThreads threads;
  @Inject RoomManager rooms;
  @Inject RoomGate gate;
  @Inject Audit audit;

  private final Map<SessionPeer, String> sessions = new ConcurrentHashMap<>();
  private final Object emptied = new Object();
  private ScheduledFuture<?> heartbeat;

  @PostConstruct
  void start() {
    long period = Math.max(100, config.heartbeat().toMillis() / 10);
    heartbeat =
        threads
            .scheduler()
            .scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    if (gate.mode() != AccessMode.OPEN) {
      rooms.onAccessChange(room -> threads.workers().execute(() -> recheck(room)));
    }
  }

  /**
   * Checks every session of {@code room} against the room's access as the store has it now: a
   * session whose key no longer opens the room is closed with 4403 (4404 when the room was
   * deleted), one whose role changed hears its new role. If the store cannot say, it tries again a
   * second later, so that a revocation is never forgotten.
   */
  private void recheck(String room) {
    Optional<RoomAccess> access;
    try {
      access = gate.current(room);
    } catch (StoreUnavailableException e) {
      LOG.fine(() -> "cannot check the sessions of room " + room + " now: " + e.getMessage());
      threads.scheduler().schedule(() -> recheck(room), 1, TimeUnit.SECONDS);
      return;
    }
    long now = System.currentTimeMillis();
    boolean[] admitting = {false};
    sessions.forEach(
        (peer, roomId) -> {
          Grant held = peer.grant();
          if (!roomId.equals(room)) {
            return;
          }
          if (held == null) {
            // its hello may have read the access before this change: look again once it is in
            admitting[0] |= !peer.isClosing();
            return;
          }
          Optional<Grant> current = access.flatMap(a -> a.grantFor(peer.credential(), now));
          if (access.isEmpty()) {
            end(peer, roomId, ErrorCodes.ROOM_NOT_FOUND, "the room was deleted");
          } else if (current.isEmpty()) {
            end(
                peer,
                roomId,
                ErrorCodes.FORBIDDEN,
                "the link this session came through no longer opens the room");
          } else if (current.get().role() != held.role()
              || access.get().archived() != peer.archived()) {
            peer.regrant(current.get());
            peer.archived(access.get().archived());
            peer.sendText(AccessMessages.role(current.get().role(), access.get().archived()));
          }
        });
    if (admitting[0]) {
      threads.scheduler().schedule(() -> recheck(room), 1, TimeUnit.SECONDS);
    }
  }

  /** Closes a session whose access ended, with a last error that says why. */
  private void end(SessionPeer peer, String roomId, String code, String why) {
    remove(peer);
    rooms.leave(roomId, peer);
    audit.removed(roomId, peer.grant());
    peer.reply(ServerMessage.Error.of(code, why, false));
    peer.close(AccessMessages.closeCode(code), code);
  }

  @PreDestroy
  void stop() {
    heartbeat.cancel(false);
  }

  void add(SessionPeer peer, String roomId) {
    sessions.put(peer, roomId);
  }

  void remove(SessionPeer peer) {
    sessions.remove(peer);
    if (sessions.isEmpty()) {
      synchronized (emptied) {
        emptied.notifyAll();
      }
    }
  }

  /** Closes every session still open, after what was queued for it, with {@code reason}. */
  void closeAll(Disconnect reason) {
    sessions.keySet().forEach(peer -> peer.close(reason));
  }

  /**
   * Waits until no session is open, that is until the container closed every connection, which it
   * does after the close frame; false if some are still open after {@code timeout}.
   */
  boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (emptied) {
      while (!sessions.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(emptied, left);
      }
    }
    return true;
  }

  /** The sessions open on this server. */
  public int size() {
    return sessions.size();
  }

  private void check() {
    long interval = config.heartbeat().toNanos();
    long now = System.currentTimeMillis();
    sessions.forEach(
        (peer, roomId) -> {
          Grant grant = peer.grant();
          if (grant != null && grant.hasExpired(now)) {
            end(
                peer,
                roomId,
                ErrorCodes.FORBIDDEN,
                "the link this session came through has expired");
          } else if (peer.silentNanos() > interval + interval / 2) {
            remove(peer);
            rooms.leave(roomId, peer);
            peer.abort(Disconnect.STALLED);
          } else if ((peer.silentNanos() > interval || peer.quietNanos() > interval)
              && peer.sincePingNanos() > interval) {
            peer.pinged();
            peer.sendText(PING);
          }
        });
  }
}
