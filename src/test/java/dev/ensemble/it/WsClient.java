package dev.ensemble.it;

import dev.ensemble.wire.JsonSupport;
import dev.ensemble.wire.Sources;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A WebSocket client for tests: says hello with its key, answers the server's pings, records every
 * message and the close code.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<String> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile Consumer<String> onMessage = m -> {};
  private final WebSocket socket;
  private final String key;

  private WsClient(URI uri, String key, String secret, Consumer<String> onMessage) {
    this(uri, key, secret, null, onMessage);
  }

  private WsClient(URI uri, String key, String secret, String bearer, Consumer<String> onMessage) {
    this.onMessage = onMessage;
    this.key = key;
    WebSocket.Builder builder = HTTP.newWebSocketBuilder();
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    this.socket = builder.buildAsync(uri, this).join();
    if (key != null) {
      send(
          "{\"type\":\"hello\",\"key\":\""
              + key
              + (secret == null ? "" : "\",\"secret\":\"" + secret)
              + "\"}");
    }
  }

  /**
   * Connects with a key of its own as a program does in signin mode: {@code bearer} on the
   * handshake.
   *
   * @throws java.util.concurrent.CompletionException if the handshake is refused
   */
  public static WsClient connectAs(URI uri, String bearer) {
    return new WsClient(uri, newKey(), null, bearer, m -> {});
  }

  /** Like {@link #connectAs(URI, String)}, bringing {@code secret} from a share link. */
  public static WsClient connectAs(URI uri, String bearer, String secret) {
    return new WsClient(uri, newKey(), secret, bearer, m -> {});
  }

  /** Connects with a key of its own, opening the room with {@code secret} from a share link. */
  public static WsClient connectWithSecret(URI uri, String secret) {
    return new WsClient(uri, newKey(), secret, m -> {});
  }

  /** Connects with a key of its own. */
  public static WsClient connect(URI uri) {
    return connect(uri, newKey());
  }

  /** Connects with {@code key}, as a client that reconnects keeps its key. */
  public static WsClient connect(URI uri, String key) {
    return new WsClient(uri, key, null, m -> {});
  }

  /** Connects without saying hello. */
  public static WsClient connectSilently(URI uri) {
    return new WsClient(uri, null, null, m -> {});
  }

  /**
   * Connects and hands every message to {@code onMessage}, on the client's receiving thread; the
   * caller says hello.
   */
  public static WsClient connect(URI uri, Consumer<String> onMessage) {
    return new WsClient(uri, null, null, onMessage);
  }

  public static String newKey() {
    return "test_" + UUID.randomUUID().toString().replace("-", "");
  }

  public String key() {
    return key;
  }

  /** The source the server binds to this client's submissions. */
  public String src() {
    return Sources.fromKey(key);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String message = partial.toString();
      partial.setLength(0);
      if (key != null && message.equals("{\"type\":\"ping\"}")) {
        send("{\"type\":\"pong\"}");
      }
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

  /**
   * Waits for the first message of {@code type} (any type when null) that matches, counting from
   * the start.
   */
  public JsonObject await(String type, Predicate<JsonObject> matching) {
    JsonObject[] found = new JsonObject[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (String m : received) {
                JsonObject json = parse(m);
                if ((type == null || json.getString("type").equals(type)) && matching.test(json)) {
                  found[0] = json;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  /**
   * Waits for the first message, counting from the start, of type {@code a} that matches {@code ma}
   * or of type {@code b} that matches {@code mb}: whichever of two outcomes came.
   */
  public JsonObject awaitEither(
      String a, Predicate<JsonObject> ma, String b, Predicate<JsonObject> mb) {
    return await(
        null,
        m ->
            (m.getString("type").equals(a) && ma.test(m))
                || (m.getString("type").equals(b) && mb.test(m)));
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
