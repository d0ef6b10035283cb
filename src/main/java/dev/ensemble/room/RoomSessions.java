package dev.ensemble.room;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local sessions of a room, each with the version it was sent the document at: the operations
 * up to there reach it only when it asks to catch up, the later ones as they come.
 */
final class RoomSessions {

  private static final Logger LOG = Logger.getLogger(RoomSessions.class.getName());

  private final Map<Peer, Long> joinedAt = new LinkedHashMap<>();

  void add(Peer peer, long v) {
    joinedAt.put(peer, v);
  }

  boolean remove(Peer peer) {
    return joinedAt.remove(peer) != null;
  }

  boolean contains(Peer peer) {
    return joinedAt.containsKey(peer);
  }

  /** The version {@code peer} was sent the document at, or null if it is not in the room. */
  Long joinedAt(Peer peer) {
    return joinedAt.get(peer);
  }

  int size() {
    return joinedAt.size();
  }

  boolean isEmpty() {
    return joinedAt.isEmpty();
  }

  Set<Peer> peers() {
    return joinedAt.keySet();
  }

  /** Sends to every session but {@code except}; one failing session never stops the others. */
  void broadcast(ServerMessage message, Peer except) {
    for (Peer peer : joinedAt.keySet()) {
      if (peer != except) {
        sendSafely(peer, message);
      }
    }
  }

  void broadcast(ServerMessage message) {
    broadcast(message, null);
  }

  static void sendSafely(Peer peer, ServerMessage message) {
    try {
      peer.send(message);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "sending to " + peer.clientId() + " failed", e);
    }
  }

  /** Closes every session and forgets them. */
  void closeAll(Disconnect reason) {
    for (Peer peer : List.copyOf(joinedAt.keySet())) {
      peer.close(reason);
    }
    joinedAt.clear();
  }
}
