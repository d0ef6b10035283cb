package dev.ensemble.it;

import dev.ensemble.wire.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A WebSocket client for tests: records every message and the close code. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<String> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile Consumer<String> onMessage = m -> {};
  private final WebSocket socket;

  private WsClient(URI uri, Consumer<String> onMessage) {
    this.onMessage = onMessage;
    this.socket = HTTP.newWebSocketBuilder().buildAsync(uri, this).join();
  }

  public static WsClient connect(URI uri) {
    return new WsClient(uri, m -> {});
  }

  /** Connects and hands every message to {@code onMessage}, on the client's receiving thread. */
  public static WsClient connect(URI uri, Consumer<String> onMessage) {
    return new WsClient(uri, onMessage);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String message = partial.toString();
      partial.setLength(0);
      received.add(message);
      onMessage.accept(message);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(1006);
  }

  public void send(String message) {
    synchronized (socket) {
      socket.sendText(message, true).join();
    }
  }

  public List<String> received() {
    return List.copyOf(received);
  }

  /** Waits for the first message of {@code type} that matches, counting from the start. */
  public JsonObject await(String type, Predicate<JsonObject> matching) {
    JsonObject[] found = new JsonObject[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (String m : received) {
                JsonObject json = parse(m);
                if (json.getString("type").equals(type) && matching.test(json)) {
                  found[0] = json;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  public JsonObject await(String type) {
    return await(type, m -> true);
  }

  public int awaitClose() {
    return closed.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  public static JsonObject parse(String message) {
    try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(message))) {
      return reader.readObject();
    }
  }

  /** Drops the connection without a close handshake, like a lost network. */
  public void abort() {
    socket.abort();
    closed.complete(1006);
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      try {
        closed.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
      } catch (RuntimeException e) {
        socket.abort();
      }
    }
  }
}
