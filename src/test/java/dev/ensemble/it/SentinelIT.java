package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.SentinelGroup;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three Ensemble servers in their own processes that find Redis through three sentinels (a master
 * and one replica, with passwords), and one standalone store: the master is killed with SIGKILL
 * while clients spread over all servers edit one room.
 */
class SentinelIT {

  private static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = Cluster.withSentinels("sentinel", 3);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) { // null if it did not start, and then it stopped what it had started
      cluster.close();
    }
  }

  @Test
  void killingTheRedisMasterMidStreamLosesNothingAndEveryServerMovesToThePromotedReplica() {
    String first = cluster.sentinels.currentMaster();
    String promoted = "127.0.0.1:" + cluster.sentinels.replica.port();
    awaitEveryServerOn(first);
    try (Workload workload = new Workload(Urls.freshRoom("failover"), cluster::live, 9, 21);
        DeliveryProbe probe =
            new DeliveryProbe(
                Urls.freshRoom("probe"),
                cluster.servers.get(0).url(),
                cluster.servers.get(1).url())) {
      run(workload, 300);
      probe.awaitDeliveries(10);
      long before = probe.worst();

      long killed = System.nanoTime();
      cluster.sentinels.master.kill();
      CompletableFuture<Long> busBack =
          CompletableFuture.supplyAsync(
              () -> {
                awaitEveryServerOn(promoted);
                return (System.nanoTime() - killed) / 1_000_000;
              });
      run(workload, 600);
      long backMillis = busBack.join();
      run(workload, 200);
      workload.settle();

      workload.assertConverged();
      workload.assertPresenceReachesEveryone();
      long worst = probe.worstSince(killed);
      System.out.println(
          "Sentinel failover: every server's bus on the promoted replica "
              + backMillis
              + " ms after the master's SIGKILL; slowest edit across servers meanwhile "
              + worst
              + " ms (before the kill "
              + before
              + " ms; "
              + probe.deliveries()
              + " probe edits)");
      assertThat(backMillis).as("ms until the bus is back").isLessThan(15_000);
      assertThat(probe.failure()).isNull();
      for (ServerProcess server : cluster.servers) {
        String log = read(server.messagesLog());
        assertThat(count(log, "lost Redis at " + first)).as("outage logged once").isEqualTo(1);
        assertThat(count(log, "the Redis master moved from " + first + " to " + promoted))
            .isEqualTo(1);
        assertThat(count(log, "Redis at " + promoted + " is back")).isEqualTo(1);
        assertThat(log + read(server.consoleLog()))
            .doesNotContain(SentinelGroup.MASTER_PASSWORD)
            .doesNotContain(SentinelGroup.SENTINEL_PASSWORD);
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long count(String text, String part) {
    return text.lines().filter(l -> l.contains(part)).count();
  }

  private static void run(Workload workload, int steps) {
    for (int i = 0; i < steps; i++) {
      workload.step(0);
      LockSupport.parkNanos(10_000_000); // think time: nine users typing, not a load test
    }
  }

  /**
   * Waits until every server's readiness data says its bus is connected through {@code master}:
   * presence, which travels only on the bus, crosses servers again from then on.
   */
  private static void awaitEveryServerOn(String master) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> cluster.servers.stream().allMatch(s -> isOn(s.url(), master)));
  }

  private static boolean isOn(URL server, String master) {
    JsonObject data = readiness(server);
    return master.equals(data.getString("redisMaster", ""))
        && data.getString("bus").equals("connected");
  }

  private static JsonObject readiness(URL server) {
    return Http.get(Urls.health(server, "ready"))
        .json()
        .asJsonObject()
        .getJsonArray("checks")
        .getJsonObject(0)
        .getJsonObject("data");
  }
}
