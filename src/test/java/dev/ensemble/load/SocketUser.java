package dev.ensemble.load;

import dev.ensemble.wire.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What every user the generator speaks for itself shares: one WebSocket, whole JSON messages handed
 * to {@link #receive} under the user's lock, and sends chained so that one never overtakes another.
 */
abstract class SocketUser extends EditingUser implements WebSocket.Listener {

  private final int server;
  private final String room;
  private final URI uri;
  final Measurements measurements;
  final Random random;
  final CompletableFuture<Void> joined = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
  private HttpClient http;
  private volatile boolean closing;
  private final CompletableFuture<Void> left = new CompletableFuture<>();

  SocketUser(int server, String room, URI uri, Measurements measurements, long seed) {
    this.server = server;
    this.room = room;
    this.uri = uri;
    this.measurements = measurements;
    this.random = new Random(seed);
  }

  /** A message from the server; called with the user's lock held. */
  abstract void receive(JsonObject message, long now);

  /** Called with the lock held once a connection is open, before its first message. */
  void opened() {}

  /** Called with the lock held when the connection is gone; by default the user stays away. */
  void disconnected() {}

  @Override
  public int server() {
    return server;
  }

  @Override
  public String room() {
    return room;
  }

  @Override
  public CompletableFuture<Void> connect(HttpClient client) {
    synchronized (this) {
      http = client;
    }
    client
        .newWebSocketBuilder()
        .buildAsync(uri, this)
        .whenComplete(
            (ws, failure) -> {
              if (failure != null) {
                joined.completeExceptionally(failure);
              } else {
                synchronized (this) {
                  socket = ws;
                }
              }
            });
    return joined;
  }

  /** Connects again a moment later, unless the run is over. */
  void reconnectSoon() {
    if (!closing) {
      CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS)
          .execute(() -> connect(http));
    }
  }

  synchronized void send(String message) {
    WebSocket ws = socket;
    if (ws != null) {
      sending = sending.thenCompose(ignored -> ws.sendText(message, true));
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    synchronized (this) {
      socket = webSocket;
      opened();
    }
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      JsonObject message;
      try (JsonReader reader =
          JsonSupport.PROVIDER.createReader(new StringReader(partial.toString()))) {
        message = reader.readObject();
      }
      partial.setLength(0);
      long now = System.nanoTime();
      synchronized (this) {
        // the first message can arrive before the handshake's future completes
        if (socket == null) {
          socket = webSocket;
        }
        receive(message, now);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    if (statusCode != WebSocket.NORMAL_CLOSURE) {
      measurements.error("closed-" + statusCode);
    }
    lost();
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    measurements.error(
        "socket-error " + error.getClass().getSimpleName() + ": " + error.getMessage());
    if (!joined.isDone()) {
      joined.completeExceptionally(error);
    }
    lost();
  }

  private synchronized void lost() {
    if (closing) {
      left.complete(null);
    }
    socket = null;
    partial.setLength(0);
    disconnected();
  }

  /** Closes the connection; the future completes once the server answered the close. */
  CompletableFuture<Void> leave() {
    close();
    return left;
  }

  @Override
  public void close() {
    closing = true;
    WebSocket ws;
    synchronized (this) {
      ws = socket;
    }
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
