package dev.ensemble.it;

import static org.awaitility.Awaitility.await;

import dev.ensemble.client.CollabClient;
import dev.ensemble.ot.TextOperation;
import java.net.URI;
import java.time.Duration;

/**
 * Someone in a room whose edits the test chooses: the Java protocol client over a real WebSocket,
 * quicker than a browser when a test needs many versions committed in a moment.
 */
final class ScriptedPeer implements AutoCloseable {

  private final CollabClient state = new CollabClient("peer");
  private final WsClient socket;

  ScriptedPeer(URI room) {
    socket = WsClient.connect(room, this::receive);
    synchronized (this) {
      state.connected(socket::send);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> version() >= 0);
  }

  private synchronized void receive(String message) {
    state.onMessage(message);
  }

  /** Adds {@code text} at the end of the document. */
  synchronized void append(String text) {
    String document = state.document();
    state.edit(TextOperation.builder().retain(document.length()).insert(text).build());
  }

  /** Adds {@code text} at the end, once at a time per character, each its own version. */
  void appendEach(String text) {
    text.codePoints()
        .forEach(
            c -> {
              append(Character.toString(c));
              awaitSynchronized();
            });
  }

  void awaitSynchronized() {
    await().atMost(Duration.ofSeconds(20)).until(this::isSynchronized);
  }

  synchronized boolean isSynchronized() {
    return state.isSynchronized();
  }

  synchronized String document() {
    return state.document();
  }

  synchronized long version() {
    return state.version();
  }

  @Override
  public void close() {
    socket.close();
  }
}
