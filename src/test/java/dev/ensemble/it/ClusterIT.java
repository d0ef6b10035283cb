package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.Durability;
import dev.ensemble.store.MongoOperationStore;
import dev.ensemble.testing.BusForger;
import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.NginxProcess;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Three Ensemble servers in their own processes, one Redis and one standalone store: clients of one
 * room spread over all servers on purpose, and faults of every part. Fixed seeds; {@code
 * -Dsoak.steps=N} runs longer.
 */
class ClusterIT {

  private static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = Cluster.start("cluster", 3);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void restore() {
    cluster.restoreAll();
  }

  private static int steps(int ci) {
    return Integer.getInteger("soak.steps", ci);
  }

  private static void run(Workload workload, int steps, int drops) {
    for (int i = 0; i < steps; i++) {
      workload.step(drops);
      LockSupport.parkNanos(500_000); // think time of typing users
    }
  }

  /**
   * Steps at the pace of people typing, so that each client's edits go out one by one rather than
   * composed into a few.
   */
  private static void typeSteadily(Workload workload, int steps) {
    for (int i = 0; i < steps; i++) {
      workload.step(0);
      LockSupport.parkNanos(5_000_000);
    }
  }

  @Test
  void clientsOfTwoRoomsSpreadOverThreeServersConverge() {
    try (Workload first = new Workload(Urls.freshRoom("spread-a"), cluster::live, 12, 1);
        Workload second = new Workload(Urls.freshRoom("spread-b"), cluster::live, 12, 2)) {
      for (int i = 0; i < steps(800); i++) {
        first.step(3);
        second.step(3);
        LockSupport.parkNanos(500_000);
      }
      first.settle();
      second.settle();

      assertThat(first.assertConverged().v).isGreaterThan(50);
      assertThat(second.assertConverged().v).isGreaterThan(50);
      first.assertPresenceReachesEveryone();
      second.assertPresenceReachesEveryone();
      assertStoredSnapshotMatches(first);
      assertStoredSnapshotMatches(second);
    }
  }

  @Test
  void killingAServerLosesNothingAcknowledged() {
    try (Workload workload = new Workload(Urls.freshRoom("kill9"), cluster::live, 9, 3)) {
      run(workload, steps(300), 1);
      cluster.servers.get(1).kill();
      run(workload, steps(300), 1);
      workload.settle();

      workload.assertConverged();
    }
  }

  @Test
  void aStoppingServerFinishesClosesWith1012AndItsClientsMove() {
    ServerProcess leaving = cluster.servers.get(2);
    try (Workload workload = new Workload(Urls.freshRoom("sigterm"), cluster::live, 9, 4)) {
      run(workload, steps(300), 0);
      List<LiveClient> onLeaving =
          workload.clients.stream().filter(c -> c.server().getPort() == leaving.port()).toList();
      assertThat(onLeaving).isNotEmpty();

      assertThat(leaving.terminate()).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> onLeaving.stream().allMatch(LiveClient::serverClosed));
      assertThat(onLeaving).allMatch(c -> c.closeCodeSeen() == 1012);
      run(workload, steps(300), 0);
      workload.settle();

      workload.assertConverged();
      assertThat(workload.clients).allMatch(c -> c.server().getPort() != leaving.port());
    }
  }

  @Test
  void editingGoesOnAcrossServersWhileRedisIsDown() {
    try (Workload workload = new Workload(Urls.freshRoom("redis-down"), cluster::live, 6, 5)) {
      run(workload, steps(200), 0);
      List<Long> lostBefore = cluster.servers.stream().map(s -> logLines(s, "lost Redis")).toList();
      List<Long> backBefore = cluster.servers.stream().map(s -> logLines(s, "is back")).toList();

      cluster.redis.kill();
      awaitBusState("unreachable");
      for (URL server : cluster.live()) {
        assertThat(Http.get(Urls.health(server, "ready")).status()).isEqualTo(200);
      }
      run(workload, steps(300), 0);
      workload.settle();
      workload.assertConverged();

      cluster.redis.start();
      awaitBusState("connected");
      run(workload, steps(200), 0);
      workload.settle();
      workload.assertConverged();
      workload.assertPresenceReachesEveryone();
      for (int i = 0; i < cluster.servers.size(); i++) {
        ServerProcess server = cluster.servers.get(i);
        assertThat(logLines(server, "lost Redis") - lostBefore.get(i))
            .as("outage logged once")
            .isEqualTo(1);
        assertThat(logLines(server, "is back") - backBefore.get(i))
            .as("return logged once")
            .isEqualTo(1);
      }
    }
  }

  @Test
  void serversSpreadOverOneRoomCommitThroughOneOfThem() {
    List<Long> before = cluster.commitsPerServer();
    try (Workload workload = new Workload(Urls.freshRoom("through-one"), cluster::live, 6, 6)) {
      typeSteadily(workload, steps(600));
      workload.settle();

      workload.assertConverged();
    }
    List<Long> after = cluster.commitsPerServer();
    List<Long> commits =
        IntStream.range(0, after.size()).mapToObj(i -> after.get(i) - before.get(i)).toList();
    long total = commits.stream().mapToLong(Long::longValue).sum();
    assertThat(total).isGreaterThan(100);
    assertThat(Collections.max(commits))
        .as("commits per server %s: the others forward to the one committing", commits)
        .isGreaterThanOrEqualTo(total * 9 / 10);
  }

  @Test
  void killingTheServerCommittingForARoomLosesNothingAcknowledged() {
    try (Workload workload = new Workload(Urls.freshRoom("committer"), cluster::live, 9, 7)) {
      List<Long> before = cluster.commitsPerServer();
      typeSteadily(workload, steps(300));
      List<Long> after = cluster.commitsPerServer();
      int committing =
          IntStream.range(0, after.size())
              .boxed()
              .max(Comparator.comparingLong(i -> after.get(i) - before.get(i)))
              .orElseThrow();
      cluster.servers.get(committing).kill();
      typeSteadily(workload, steps(300));
      workload.settle();

      workload.assertConverged();
    }
  }

  @Test
  void whileTheStoreIsDownSubmissionsWaitAndNothingIsLost() {
    try (Workload workload = new Workload(Urls.freshRoom("store-down"), cluster::live, 6, 7)) {
      run(workload, steps(200), 0);

      cluster.store.stop();
      for (URL server : cluster.live()) {
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> Http.get(Urls.health(server, "ready")).status() == 503);
      }
      run(workload, 50, 0);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  workload.clients.stream()
                      .flatMap(c -> c.errors().stream())
                      .anyMatch(
                          e ->
                              e.getString("code").equals("store-unavailable")
                                  && e.getBoolean("retryable")));
      assertThat(workload.clients).anyMatch(c -> !c.isSynchronized());

      cluster.store.startIfStopped();
      run(workload, steps(200), 0);
      workload.settle();

      workload.assertConverged();
    }
  }

  @Test
  void aLanguageChangedOnTwoServersAtOnceEndsTheSameEverywhere() {
    for (int round = 0; round < 5; round++) {
      String room = Urls.freshRoom("language");
      try (WsClient a = WsClient.connect(Urls.room(cluster.servers.get(0).url(), room));
          WsClient b = WsClient.connect(Urls.room(cluster.servers.get(1).url(), room))) {
        a.await("snapshot");
        b.await("snapshot");

        a.send("{\"type\":\"language\",\"language\":\"go\"}");
        b.send("{\"type\":\"language\",\"language\":\"java\"}");

        await().until(() -> languageChanges(a).size() == 2 && languageChanges(b).size() == 2);
        assertThat(languageChanges(a)).isEqualTo(languageChanges(b));
        String last = languageChanges(a).get(1);
        for (ServerProcess server : cluster.servers.subList(0, 2)) {
          await()
              .until(
                  () ->
                      Http.get(Urls.api(server.url(), "rooms/" + room))
                          .json()
                          .asJsonObject()
                          .getString("language")
                          .equals(last));
        }
      }
    }
  }

  /** The languages a client was told of, in the order of their versions. */
  private static List<String> languageChanges(WsClient client) {
    return client.received().stream()
        .map(WsClient::parse)
        .filter(m -> m.getString("type").equals("op") && m.containsKey("language"))
        .sorted(java.util.Comparator.comparingLong(m -> m.getJsonNumber("v").longValue()))
        .map(m -> m.getString("language"))
        .toList();
  }

  @Test
  void forgedAndMalformedBusMessagesBreakNoRoom() {
    try (Workload workload = new Workload(Urls.freshRoom("forged"), cluster::live, 6, 9);
        BusForger forger = new BusForger(cluster.redis.url(), cluster.store.uri())) {
      run(workload, steps(100), 0);
      long head = workload.clients.get(0).version();
      List<Long> dropsBefore =
          cluster.servers.stream().map(s -> logLines(s, "no server of this deployment")).toList();

      // unsigned, as anyone who reaches Redis can publish: taken for a committed next version
      forger.publishUnsigned(
          workload.room,
          "{\"type\":\"op\",\"v\":"
              + (head + 1)
              + ",\"op\":[\"FORGED\"],\"src\":\"x\",\"seq\":1,\"ts\":1}");
      // signed, as a server with a bug would send: not a message, and an op that does not apply
      forger.publishSigned(workload.room, "{\"type\":\"op\",\"v\":\"seven\"}");
      forger.publishSigned(
          workload.room,
          "{\"type\":\"op\",\"v\":"
              + (head + 1)
              + ",\"op\":[100000000,\"x\"],\"src\":\"x\",\"seq\":1,\"ts\":1}");
      run(workload, steps(200), 0);
      workload.settle();

      StoredRoom stored = workload.assertConverged();
      assertThat(stored.content).doesNotContain("FORGED");
      assertThat(cluster.servers)
          .allSatisfy(
              s ->
                  assertThat(logLines(s, "no server of this deployment"))
                      .isGreaterThan(dropsBefore.get(cluster.servers.indexOf(s))));
      assertThat(cluster.servers)
          .anySatisfy(s -> assertThat(logLines(s, "malformed bus message")).isPositive());
    }
  }

  @Test
  void serversSubscribeToARoomOnlyWhileItHasLocalSessions() {
    String room = Urls.freshRoom("lazy");
    String channel = "room:" + room + ":operations";
    try (Jedis redis = new Jedis(URI.create(cluster.redis.url()))) {
      try (WsClient first = WsClient.connect(Urls.room(cluster.servers.get(0).url(), room));
          WsClient second = WsClient.connect(Urls.room(cluster.servers.get(1).url(), room))) {
        first.await("snapshot");
        second.await("snapshot");

        await().until(() -> redis.pubsubNumSub(channel).get(channel) == 2);
        assertThat(redis.pubsubChannels("room:" + room + "*")).containsExactly(channel);
      }
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> redis.pubsubChannels("room:" + room + "*").isEmpty());
    }
  }

  @Test
  void nginxRoutesARoomToOneServerAndMovesItWhenThatServerDies() {
    assumeTrue(NginxProcess.isInstalled(), "nginx is not installed");
    try (NginxProcess nginx =
            new NginxProcess(Path.of("target/it-cluster/nginx")).start(cluster.servers);
        Workload workload =
            new Workload(Urls.freshRoom("nginx"), () -> List.of(nginx.url()), 6, 8)) {
      run(workload, steps(200), 0);
      List<ServerProcess> hosting = hosting(workload.room);
      assertThat(hosting).hasSize(1);

      hosting.get(0).kill();
      run(workload, steps(300), 1);
      workload.settle();

      workload.assertConverged();
      List<ServerProcess> now = hosting(workload.room);
      assertThat(now).hasSize(1).doesNotContain(hosting.get(0));
    }
  }

  /** Waits until every running server's readiness data reports the bus in {@code state}. */
  private static void awaitBusState(String state) {
    for (URL server : cluster.live()) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  Http.get(Urls.health(server, "ready"))
                      .body()
                      .contains("\"bus\":\"" + state + "\""));
    }
  }

  /** The snapshot in the store's documents collection plus the operations after it is the text. */
  private static void assertStoredSnapshotMatches(Workload workload) {
    try (com.mongodb.client.MongoClient client =
        com.mongodb.client.MongoClients.create(cluster.store.uri())) {
      MongoOperationStore store =
          new MongoOperationStore(
              client.getDatabase("ensemble"), Durability.BY_WRITE_CONCERN, 1000);
      DocumentSnapshot snapshot = store.findDocument(workload.room).orElseThrow();
      String text = snapshot.content();
      for (CommittedOp op : store.findOpsAfter(workload.room, snapshot.v(), Integer.MAX_VALUE)) {
        text = op.op().apply(text);
      }
      assertThat(text).isEqualTo(workload.clients.get(0).document());
      assertThat(snapshot.v()).isPositive();
    }
  }

  /** Lines of a server's messages.log that contain {@code text}. */
  private static long logLines(ServerProcess server, String text) {
    try (var lines = java.nio.file.Files.lines(server.messagesLog())) {
      return lines.filter(l -> l.contains(text)).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The running servers that have the room in memory. */
  private static List<ServerProcess> hosting(String room) {
    return cluster.servers.stream()
        .filter(ServerProcess::isAlive)
        .filter(
            s ->
                Http.get(Urls.api(s.url(), "rooms")).json().asJsonArray().stream()
                    .map(JsonObject.class::cast)
                    .anyMatch(r -> r.getString("id").equals(room) && r.getInt("sessions") > 0))
        .toList();
  }
}
