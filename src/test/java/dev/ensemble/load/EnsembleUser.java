package dev.ensemble.load;

import dev.ensemble.client.CollabClient;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated user: the real client protocol (one op in flight, the rest buffered, incoming ops
 * transformed) over a WebSocket, timing its own acknowledgements and the delivery of other users'
 * ops.
 */
final class EnsembleUser implements SimulatedUser, WebSocket.Listener {

  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

  private final CollabClient state;
  private final String src;
  private final int server;
  private final String room;
  private final Measurements measurements;
  private final Random random;
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Void> joined = new CompletableFuture<>();
  private WebSocket socket;
  private HttpClient http;
  private final URI uri;
  private volatile boolean closing;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
  private volatile boolean eager;
  private volatile boolean writing = true;

  EnsembleUser(String src, int server, String room, URI uri, Measurements measurements, long seed) {
    this.uri = uri;
    this.src = src;
    this.server = server;
    this.room = room;
    this.measurements = measurements;
    this.random = new Random(seed);
    this.state = new CollabClient(src);
  }

  @Override
  public int server() {
    return server;
  }

  @Override
  public String room() {
    return room;
  }

  @Override
  public CompletableFuture<Void> connect(HttpClient http) {
    synchronized (this) {
      this.http = http;
      state.connected(this::send);
    }
    http.newWebSocketBuilder()
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

  @Override
  public void writeEagerly() {
    eager = true;
    edit();
  }

  @Override
  public synchronized void stopWriting() {
    writing = false;
    eager = false;
  }

  @Override
  public synchronized void edit() {
    if (writing && state.version() >= 0) {
      state.edit(RandomTyping.next(state.document(), random));
    }
  }

  private void send(String message) {
    if (message.startsWith("{\"type\":\"op\"")) {
      Matcher seq = SEQ.matcher(message);
      if (seq.find()) {
        measurements.sent(src, Long.parseLong(seq.group(1)), server);
      }
    }
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    sending = sending.thenCompose(ignored -> ws.sendText(message, true));
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      receive(text);
    }
    webSocket.request(1);
    return null;
  }

  private void receive(String text) {
    JsonObject message;
    try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(text))) {
      message = reader.readObject();
    }
    long now = System.nanoTime();
    synchronized (this) {
      String type = message.getString("type");
      if (type.equals("ack")) {
        measurements.acknowledged(src, message.getJsonNumber("seq").longValue(), now);
      } else if (type.equals("op") && !message.getString("src").equals(src)) {
        measurements.delivered(
            message.getString("src"), message.getJsonNumber("seq").longValue(), server, now);
      } else if (type.equals("error")) {
        measurements.error(message.getString("code"));
      }
      state.onMessage(message);
      if (type.equals("snapshot")) {
        joined.complete(null);
      }
      if (eager && state.isSynchronized()) {
        edit();
      }
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    if (statusCode != WebSocket.NORMAL_CLOSURE) {
      measurements.error("closed-" + statusCode);
    }
    reconnect();
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    measurements.error(
        "socket-error " + error.getClass().getSimpleName() + ": " + error.getMessage());
    if (!joined.isDone()) {
      joined.completeExceptionally(error);
    }
    reconnect();
  }

  /** Like a real client: reconnect, catch up, resend what was in flight. */
  private void reconnect() {
    synchronized (this) {
      socket = null;
      partial.setLength(0);
      state.disconnected();
    }
    if (!closing) {
      CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS)
          .execute(() -> connect(http));
    }
  }

  @Override
  public synchronized boolean isSynchronized() {
    return state.isSynchronized();
  }

  @Override
  public synchronized long version() {
    return state.version();
  }

  @Override
  public synchronized String document() {
    return state.document();
  }

  @Override
  public void close() {
    closing = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
