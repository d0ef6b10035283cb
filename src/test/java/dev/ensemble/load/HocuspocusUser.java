package dev.ensemble.load;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A user of a Hocuspocus server: a real Yjs client ({@code HocuspocusProvider}) in the {@link
 * YjsClients} process, whose events this object turns into measurements. Yjs has no version and no
 * acknowledgement of one: "acknowledged" is the server's SyncStatus for the edit's update (applied
 * to the server's Y.Doc in memory), "delivered" is the edit's arrival in another client's Y.Doc,
 * and the counterpart of a version is the number of edits a client holds.
 */
final class HocuspocusUser extends EditingUser {

  private final String name;
  private final int server;
  private final String room;
  private final String url;
  private final YjsClients clients;
  private final Measurements measurements;
  private final Random random;
  private final int id;
  private final CompletableFuture<Void> joined = new CompletableFuture<>();
  private CompletableFuture<String> text;
  private int length;
  private long edits;
  private long unsynced;
  private int requested;

  HocuspocusUser(
      String name,
      int server,
      String room,
      String url,
      YjsClients clients,
      Measurements measurements,
      long seed) {
    this.name = name;
    this.server = server;
    this.room = room;
    this.url = url;
    this.clients = clients;
    this.measurements = measurements;
    this.random = new Random(seed);
    this.id = clients.register(this);
  }

  @Override
  public CompletableFuture<Void> connect(HttpClient http) {
    clients.send("open", id, Map.of("name", name, "url", url, "room", room));
    return joined;
  }

  /** An event of this user's client, at {@code nanos} on the clients' process's monotonic clock. */
  synchronized void on(JsonObject event, long nanos) {
    switch (event.getString("e")) {
      case "ready" -> {
        unsynced = 0;
        joined.complete(null);
      }
      case "sent" -> {
        requested--;
        unsynced = event.getJsonNumber("unsynced").longValue();
        measurements.sent(name, event.getJsonNumber("seq").longValue(), server, nanos);
      }
      case "ack" -> {
        unsynced = event.getJsonNumber("unsynced").longValue();
        measurements.acknowledged(name, event.getJsonNumber("seq").longValue(), nanos);
      }
      case "recv" -> received(event, nanos);
      case "text" -> text.complete(event.getString("text"));
      case "closed" -> measurements.error("closed-" + event.get("code"));
      default -> measurements.error("yjs-clients: " + event);
    }
    if (event.containsKey("len")) {
      length = event.getInt("len");
      edits = event.getJsonNumber("v").longValue();
    }
    editIfEager();
  }

  private void received(JsonObject event, long nanos) {
    for (JsonValue range : event.getJsonArray("from")) {
      JsonObject from = range.asJsonObject();
      String src = from.getString("src");
      for (long seq = from.getInt("first"); seq <= from.getInt("last"); seq++) {
        measurements.delivered(src, seq, server, nanos);
      }
    }
  }

  @Override
  public synchronized void edit() {
    if (isWriting() && joined.isDone()) {
      RandomTyping.Keystroke key = RandomTyping.next(length, random);
      requested++;
      clients.send(
          "edit", id, Map.of("at", key.at(), "delete", key.delete(), "text", key.letter()));
    }
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
  public synchronized boolean isSynchronized() {
    return joined.isDone() && requested == 0 && unsynced == 0;
  }

  @Override
  public synchronized long version() {
    return edits;
  }

  /** The client's text, asked of its process. */
  @Override
  public String document() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    synchronized (this) {
      text = answer;
    }
    clients.send("text", id, Map.of());
    try {
      return answer.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException(this + " did not tell its text", e);
    }
  }

  @Override
  public void close() {
    clients.send("close", id, Map.of());
    clients.forget(id);
  }

  @Override
  public String toString() {
    return name + "@" + server;
  }
}
