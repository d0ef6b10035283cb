package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.bus.OperationBus;
import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.RedisClusterGroup;
import dev.ensemble.testing.RedisProcess;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three Ensemble servers in their own processes on a Redis Cluster of three masters with a replica
 * each (sharded pub/sub, a password on every node), and one standalone store: the master that
 * serves the edited room's slot is killed with SIGKILL while clients spread over all servers edit
 * it. Needs Redis 7 and redis-cli on the PATH; skipped without them.
 */
class RedisClusterIT {

  private static Cluster cluster;

  @BeforeAll
  static void start() {
    assumeTrue(RedisProcess.supportsShardedPubSub(), "needs redis-server 7 and redis-cli");
    cluster = Cluster.withRedisCluster("redis-cluster", 3);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) { // null if it did not start, and then it stopped what it had started
      cluster.close();
    }
  }

  @Test
  void killingTheMasterOfARoomsShardMidStreamLosesNothingAndEveryServerMovesToItsReplica() {
    RedisClusterGroup redis = cluster.redisCluster;
    String room = Urls.freshRoom("failover");
    RedisProcess victim = redis.masterOf(OperationBus.channel(room));
    String promoted = "127.0.0.1:" + redis.replicaOf(victim).port();
    String probeRoom = roomOn(victim);
    List<String> before = redis.masters();
    awaitEveryServerOn(before);
    try (Workload workload = new Workload(room, cluster::live, 9, 21);
        DeliveryProbe probe =
            new DeliveryProbe(
                probeRoom, cluster.servers.get(0).url(), cluster.servers.get(1).url())) {
      run(workload, 300);
      probe.awaitDeliveries(10);
      long worstBefore = probe.worst();

      long killed = System.nanoTime();
      victim.kill();
      CompletableFuture<Long> busBack =
          CompletableFuture.supplyAsync(
              () -> {
                await()
                    .atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> redis.masters().contains(promoted));
                awaitEveryServerOn(redis.masters());
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
          "Redis Cluster failover: every server's bus on the promoted replica "
              + backMillis
              + " ms after the master's SIGKILL; slowest edit across servers meanwhile "
              + worst
              + " ms (before the kill "
              + worstBefore
              + " ms; "
              + probe.deliveries()
              + " probe edits)");
      assertThat(backMillis).as("ms until the bus is back").isLessThan(20_000);
      assertThat(probe.failure()).isNull();
      for (ServerProcess server : cluster.servers) {
        String log = read(server.messagesLog());
        assertThat(count(log, "lost Redis at 127.0.0.1:" + victim.port()))
            .as("outage logged once")
            .isEqualTo(1);
        assertThat(count(log, "the Redis cluster's masters are now")).isEqualTo(1);
        assertThat(count(log, "is back; catching up the open rooms")).isEqualTo(1);
        assertThat(log + read(server.consoleLog())).doesNotContain(RedisClusterGroup.PASSWORD);
      }
    }
  }

  /** A fresh room whose channel's slot {@code master} serves. */
  private static String roomOn(RedisProcess master) {
    for (int i = 0; i < 1000; i++) {
      String room = Urls.freshRoom("probe");
      if (cluster.redisCluster.masterOf(OperationBus.channel(room)) == master) {
        return room;
      }
    }
    throw new IllegalStateException("no room on " + master.port() + " in 1000 tries");
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
   * Waits until every server's readiness data says its bus is connected to {@code masters}:
   * presence, which travels only on the bus, crosses servers again from then on.
   */
  private static void awaitEveryServerOn(List<String> masters) {
    String shards = String.join(",", masters);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> cluster.servers.stream().allMatch(s -> isOn(s.url(), shards)));
  }

  private static boolean isOn(URL server, String shards) {
    JsonObject data = readiness(server);
    return shards.equals(data.getString("redisShards", ""))
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
