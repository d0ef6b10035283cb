package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Clients of one room doing what users do, at random: type, move their caret, lose the connection
 * and come back, possibly through another server. Then the checks that everything converged.
 */
final class Workload implements AutoCloseable {

  final String room;
  private final Supplier<List<URL>> servers;
  final List<LiveClient> clients = new ArrayList<>();
  private final Random random;

  /** What the clients and the checks open the room with: a share link's secret, or none. */
  private final String secret;

  /** {@code clients} clients spread round-robin over the servers {@code servers} gives. */
  Workload(String room, Supplier<List<URL>> servers, int clients, long seed) {
    this(room, servers, clients, seed, null);
  }

  /**
   * Like {@link #Workload(String, Supplier, int, long)} for a server that admits by share links:
   * the clients say {@code secret} in their hello, and the checks read the room with it.
   */
  Workload(String room, Supplier<List<URL>> servers, int clients, long seed, String secret) {
    this.room = room;
    this.servers = servers;
    this.random = new Random(seed);
    this.secret = secret;
    List<URL> urls = servers.get();
    for (int i = 0; i < clients; i++) {
      LiveClient client = new LiveClient(room.replaceAll("[^A-Za-z0-9]", "") + "c" + i, secret);
      client.connect(Urls.room(urls.get(i % urls.size()), room));
      this.clients.add(client);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> this.clients.stream().allMatch(c -> c.version() >= 0));
  }

  /** One thing one client does; {@code drops} in 100 steps lose a connection. */
  void step(int drops) {
    LiveClient c = clients.get(random.nextInt(clients.size()));
    int action = random.nextInt(100);
    if (c.serverClosed() || !c.isConnected()) {
      if (action < 30) {
        reconnect(c);
      }
    } else if (action < drops) {
      c.drop();
    } else if (action < 10) {
      c.presence(random);
    } else {
      c.edit(random);
    }
  }

  /** Connects again, to another server than before when there is one. */
  void reconnect(LiveClient c) {
    List<URL> urls = new ArrayList<>(servers.get());
    if (urls.size() > 1 && c.server() != null) {
      urls.removeIf(u -> u.getPort() == c.server().getPort());
    }
    c.connect(Urls.room(urls.get(random.nextInt(urls.size())), room));
  }

  /** Reconnects whoever is disconnected, then waits until every client has everything. */
  void settle() {
    for (LiveClient c : clients) {
      if (c.serverClosed() || !c.isConnected()) {
        reconnect(c);
      }
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              clients.stream().filter(c -> c.serverClosed()).forEach(this::reconnect);
              long head = clients.get(0).version();
              return clients.stream().allMatch(c -> c.isSynchronized() && c.version() == head);
            });
  }

  /**
   * Every client, every server that has the room in memory, and the stored log agree; the log holds
   * each acknowledged operation exactly once.
   */
  StoredRoom assertConverged() {
    List<URL> urls = servers.get();
    StoredRoom stored = StoredRoom.read(urls.get(0), room, secret).assertConsistent();
    Set<String> acknowledged = new HashSet<>();
    for (LiveClient c : clients) {
      assertThat(c.document()).as("text of %s", c.src()).isEqualTo(stored.content);
      assertThat(c.version()).isEqualTo(stored.v);
      assertThat(c.errors()).as("errors of %s", c.src()).allMatch(e -> e.getBoolean("retryable"));
      c.acknowledgedSeqs().forEach(seq -> acknowledged.add(StoredRoom.key(c.src(), seq)));
    }
    assertThat(stored.submissions()).isEqualTo(acknowledged);
    for (URL server : urls) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  memoryOf(server, stored.v) == null
                      || memoryOf(server, stored.v).equals(stored.content));
    }
    return stored;
  }

  /**
   * The room's document in a server's memory once it reached version {@code v}; null if not active.
   */
  private String memoryOf(URL server, long v) {
    boolean active =
        Http.call("GET", Urls.api(server, "rooms"), secret, null).json().asJsonArray().stream()
            .map(JsonObject.class::cast)
            .anyMatch(r -> r.getString("id").equals(room));
    if (!active) {
      return null;
    }
    JsonObject doc =
        Http.call("GET", Urls.api(server, "rooms/" + room), secret, null).json().asJsonObject();
    return doc.getJsonNumber("v").longValue() == v
        ? doc.getString("content")
        : "(at another version)";
  }

  /**
   * Everyone announces themselves; everyone must then see all the others, whatever their server.
   */
  void assertPresenceReachesEveryone() {
    clients.forEach(c -> c.presence(random));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                clients.stream()
                    .allMatch(
                        c -> {
                          Set<String> others = new HashSet<>();
                          clients.stream().filter(o -> o != c).forEach(o -> others.add(o.src()));
                          return c.peerNames().containsAll(others);
                        }));
  }

  @Override
  public void close() {
    clients.forEach(LiveClient::close);
  }
}
