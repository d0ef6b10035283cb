package dev.ensemble.ws;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import dev.ensemble.room.Disconnect;
import dev.ensemble.room.RoomManager;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The open sessions of this server, and their heartbeat. A session that was neither sent nor heard
 * anything for a heartbeat interval gets a ping, which it answers: so each side hears the other at
 * least once an interval over a working connection, and silence for one and a half intervals means
 * a stalled one (a network that neither delivers nor closes). Here such a session leaves its room,
 * which drops its presence, and the connection is dropped; the client reconnects.
 */
@ApplicationScoped
public class SessionRegistry {

  static final String PING = "{\"type\":\"ping\"}";

  @Inject EnsembleConfig config;
  @Inject ServerThreads threads;
  @Inject RoomManager rooms;

  private final Map<SessionPeer, String> sessions = new ConcurrentHashMap<>();
  private ScheduledFuture<?> heartbeat;

  @PostConstruct
  void start() {
    long period = Math.max(100, config.heartbeat().toMillis() / 10);
    heartbeat =
        threads
            .scheduler()
            .scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
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
  }

  int size() {
    return sessions.size();
  }

  private void check() {
    long interval = config.heartbeat().toNanos();
    sessions.forEach(
        (peer, roomId) -> {
          if (peer.silentNanos() > interval + interval / 2) {
            sessions.remove(peer);
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
