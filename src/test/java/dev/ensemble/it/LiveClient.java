package dev.ensemble.it;

import dev.ensemble.client.CollabClient;
import dev.ensemble.ot.RandomEdits;
import java.net.URI;
import java.util.Random;

/** The protocol client over a real WebSocket, safe to drive from a test thread. */
final class LiveClient implements AutoCloseable {

  private final CollabClient state;
  private WsClient socket;
  private int generation;
  private int closeCodeSeen;
  private boolean dropped;
  private URI server;
  private final java.util.List<String> unsent = new java.util.ArrayList<>();

  LiveClient(String src) {
    this(src, null);
  }

  /** A client that opens the room with a share link's {@code secret}. */
  LiveClient(String src, String secret) {
    this.state = new CollabClient(src, secret);
  }

  /**
   * Opens a new connection. The handshake runs without the lock, because the first message can
   * arrive before it completes; what the client sends meanwhile waits in {@code unsent}.
   */
  void connect(URI room) {
    int mine;
    synchronized (this) {
      mine = ++generation;
      dropped = false;
      unsent.clear();
      state.connected(this::sendOrKeep);
    }
    WsClient opened;
    try {
      opened = WsClient.connect(room, m -> receive(mine, m));
    } catch (RuntimeException e) {
      synchronized (this) {
        if (mine == generation) {
          dropped = true;
          state.disconnected();
        }
      }
      return;
    }
    synchronized (this) {
      if (mine != generation) {
        opened.abort();
        return;
      }
      socket = opened;
      server = room;
      unsent.forEach(opened::send);
      unsent.clear();
    }
  }

  private synchronized void sendOrKeep(String message) {
    if (socket == null) {
      unsent.add(message);
    } else {
      socket.send(message);
    }
  }

  private synchronized void receive(int from, String message) {
    if (from == generation) {
      state.onMessage(message);
    }
  }

  synchronized void edit(Random random) {
    if (state.version() >= 0) {
      state.edit(RandomEdits.operation(state.document(), random));
    }
  }

  /** The room address of the current connection. */
  synchronized URI server() {
    return server;
  }

  /** Sends where this client's caret is, with its name. */
  synchronized void presence(Random random) {
    if (socket != null && state.version() >= 0) {
      int length = state.document().length();
      int at = length == 0 ? 0 : random.nextInt(length + 1);
      socket.send(
          "{\"type\":\"presence\",\"name\":\""
              + state.src()
              + "\",\"color\":\"#3366cc\",\"v\":"
              + state.version()
              + ",\"selections\":[["
              + at
              + ","
              + at
              + "]]}");
    }
  }

  /** The names of the other people this client sees in the room. */
  synchronized java.util.Set<String> peerNames() {
    java.util.Set<String> names = new java.util.HashSet<>();
    state.peers().values().forEach(p -> names.add(p.getString("name", "")));
    return names;
  }

  /** Drops the connection as a network failure would. */
  synchronized void drop() {
    if (socket != null) {
      generation++;
      socket.abort();
      socket = null;
      dropped = true;
      state.disconnected();
    }
  }

  /** True if the server closed the connection; remembers its close code. */
  synchronized boolean serverClosed() {
    if (socket != null && socket.isClosed()) {
      closeCodeSeen = socket.awaitClose();
      generation++;
      socket = null;
      dropped = true;
      state.disconnected();
      return true;
    }
    return socket == null;
  }

  synchronized int closeCodeSeen() {
    return closeCodeSeen;
  }

  /** Connected, or connecting. */
  synchronized boolean isConnected() {
    return generation > 0 && (socket == null ? !dropped : !socket.isClosed());
  }

  synchronized String document() {
    return state.document();
  }

  synchronized long version() {
    return state.version();
  }

  synchronized boolean isSynchronized() {
    return state.isSynchronized();
  }

  synchronized java.util.List<Long> acknowledgedSeqs() {
    return state.acknowledgedSeqs();
  }

  synchronized java.util.List<jakarta.json.JsonObject> errors() {
    return state.errors();
  }

  String src() {
    return state.src();
  }

  @Override
  public synchronized void close() {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
