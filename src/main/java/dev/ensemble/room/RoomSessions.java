package dev.ensemble.room;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The local sessions of a room, in the order they joined. */
final class RoomSessions {

  private static final Logger LOG = Logger.getLogger(RoomSessions.class.getName());

  private final Set<Peer> peers = new LinkedHashSet<>();

  void add(Peer peer) {
    peers.add(peer);
  }

  boolean remove(Peer peer) {
    return peers.remove(peer);
  }

  boolean contains(Peer peer) {
    return peers.contains(peer);
  }

  int size() {
    return peers.size();
  }

  boolean isEmpty() {
    return peers.isEmpty();
  }

  Set<Peer> peers() {
    return peers;
  }

  /** Sends to every session but {@code except}; one failing session never stops the others. */
  void broadcast(ServerMessage message, Peer except) {
    for (Peer peer : peers) {
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
    for (Peer peer : List.copyOf(peers)) {
      peer.close(reason);
    }
    peers.clear();
  }
}
