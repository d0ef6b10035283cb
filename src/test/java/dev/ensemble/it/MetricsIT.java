package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.Scrape;
import dev.ensemble.testing.Urls;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Prometheus reads at {@code /metrics} after real work, on two servers in processes of their
 * own sharing one Redis and one store: each figure moves by exactly what happened.
 */
class MetricsIT {

  private static Cluster cluster;
  private static URL one;
  private static URL two;

  @BeforeAll
  static void start() {
    cluster = Cluster.start("metrics", 2);
    one = cluster.servers.get(0).url();
    two = cluster.servers.get(1).url();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void restore() {
    cluster.restoreAll();
  }

  private static String edit(long seq) {
    String op = seq == 1 ? "[\"a\"]" : "[" + (seq - 1) + ",\"a\"]";
    return "{\"type\":\"op\",\"seq\":" + seq + ",\"v\":" + (seq - 1) + ",\"op\":" + op + "}";
  }

  @Test
  void editsAreCountedAndTimedWhereAcknowledgedAndTheirLagWhereTheyArriveOverTheBus() {
    String room = Urls.freshRoom("metrics");
    Scrape oneBefore = Scrape.of(one);
    Scrape twoBefore = Scrape.of(two);
    int edits = 5;

    try (WsClient alice = WsClient.connect(Urls.room(one, room));
        WsClient bob = WsClient.connect(Urls.room(two, room))) {
      alice.await("snapshot");
      bob.await("snapshot");
      for (long seq = 1; seq <= edits; seq++) {
        alice.send(edit(seq));
        long acked = seq;
        alice.await("ack", a -> a.getJsonNumber("seq").longValue() == acked);
      }
      bob.await("op", o -> o.getInt("v") == edits);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                Scrape oneNow = Scrape.of(one);
                Scrape twoNow = Scrape.of(two);
                assertThat(moved(oneBefore, oneNow, "ensemble_ops_committed_total"))
                    .isEqualTo(edits);
                assertThat(moved(oneBefore, oneNow, "ensemble_ack_latency_seconds_count"))
                    .isEqualTo(edits);
                assertThat(moved(twoBefore, twoNow, "ensemble_bus_delivery_lag_seconds_count"))
                    .isEqualTo(edits);
                assertThat(moved(oneBefore, oneNow, "ensemble_bus_delivery_lag_seconds_count"))
                    .as("a server's own operations coming back over Redis are no delivery")
                    .isZero();
                assertThat(moved(twoBefore, twoNow, "ensemble_ops_committed_total")).isZero();
                assertThat(
                        moved(
                            oneBefore,
                            oneNow,
                            "ensemble_store_call_duration_seconds_count",
                            "operation=append operations"))
                    .isBetween(1.0, (double) edits);
                for (Scrape now : new Scrape[] {oneNow, twoNow}) {
                  assertThat(now.value("ensemble_sessions")).isEqualTo(1);
                  assertThat(now.value("ensemble_rooms")).isEqualTo(1);
                  assertThat(now.value("ensemble_bus_connected")).isEqualTo(1);
                }
              });
      // latencies are in seconds, in buckets that Prometheus can add up across servers
      Scrape oneNow = Scrape.of(one);
      assertThat(
              oneNow.value("ensemble_ack_latency_seconds_bucket", "le=5.0")
                  - oneBefore.value("ensemble_ack_latency_seconds_bucket", "le=5.0"))
          .isEqualTo(edits);
      assertThat(oneNow.value("ensemble_ack_latency_seconds_sum")).isBetween(0.0, 5.0 * edits);
    }
  }

  @Test
  void errorsAreCountedByCodeAndRateLimitsByLimit() {
    String room = Urls.freshRoom("refused");
    Scrape before = Scrape.of(one);

    try (WsClient carol = WsClient.connect(Urls.room(one, room))) {
      carol.await("snapshot");
      carol.send("not json");
      // catch-ups are limited to 10 a second, with a burst of 20
      for (int i = 0; i < 30; i++) {
        carol.send("{\"type\":\"catchup\",\"v\":0}");
      }
      carol.send("not json either");
      // answers leave in order: every refusal of a catch-up went out before this one
      await()
          .until(
              () -> carol.received().stream().filter(m -> m.contains("\"bad-json\"")).count() == 2);
      long limited = carol.received().stream().filter(m -> m.contains("\"rate-limited\"")).count();
      assertThat(limited).isPositive();

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                Scrape now = Scrape.of(one);
                assertThat(moved(before, now, "ensemble_errors_total", "code=bad-json"))
                    .isEqualTo(2);
                assertThat(moved(before, now, "ensemble_errors_total", "code=rate-limited"))
                    .isEqualTo(limited);
                assertThat(moved(before, now, "ensemble_rate_limited_total", "limit=catchups"))
                    .isEqualTo(limited);
              });
    }
  }

  @Test
  void theBusGoingAwayAndComingBackAndStoreFailuresAreSeen() {
    Scrape oneBefore = Scrape.of(one);
    Scrape twoBefore = Scrape.of(two);

    cluster.redis.kill();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(Scrape.of(one).value("ensemble_bus_connected")).isZero();
              assertThat(Scrape.of(two).value("ensemble_bus_connected")).isZero();
            });
    cluster.redis.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Scrape oneNow = Scrape.of(one);
              Scrape twoNow = Scrape.of(two);
              assertThat(oneNow.value("ensemble_bus_connected")).isEqualTo(1);
              assertThat(twoNow.value("ensemble_bus_connected")).isEqualTo(1);
              assertThat(moved(oneBefore, oneNow, "ensemble_bus_reconnects_total")).isEqualTo(1);
              assertThat(moved(twoBefore, twoNow, "ensemble_bus_reconnects_total")).isEqualTo(1);
            });

    cluster.store.stop();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        moved(
                            oneBefore,
                            Scrape.of(one),
                            "ensemble_store_failures_total",
                            "operation=answer a ping"))
                    .isPositive());
  }

  private static double moved(Scrape before, Scrape now, String name, String... labels) {
    return now.value(name, labels) - before.value(name, labels);
  }
}
