package dev.ensemble.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ensemble.testing.CapturedLog;
import dev.ensemble.testing.Ports;
import dev.ensemble.testing.RedisProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** The contract against a real Redis of the test's own, then what happens when Redis fails. */
class RedisOperationBusTest extends OperationBusContract {

  private static RedisProcess redis;
  private static final ExecutorService LOOPS = Executors.newCachedThreadPool();
  private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1);

  @BeforeAll
  static void startRedis() {
    redis = new RedisProcess(Path.of("target/redis-bus-test")).start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
    LOOPS.shutdownNow();
    TIMERS.shutdownNow();
  }

  @AfterEach
  void redisIsUpForTheNextTest() {
    if (!redis.isAlive()) {
      redis.start();
    }
    redis.thaw();
  }

  private static final byte[] KEY = "a key all test servers share...".getBytes(UTF_8);

  @Override
  OperationBus newBus() {
    return bus(KEY);
  }

  private static OperationBus bus(byte[] key) {
    return new RedisOperationBus(
        new RedisBusSettings(
            new DirectRedis(URI.create(redis.url()), Optional.empty()),
            Duration.ofMillis(200),
            1 << 20,
            () -> Optional.of(key)),
        LOOPS,
        TIMERS);
  }

  @Test
  void aMessageNoServerOfTheDeploymentSignedIsDroppedAndItsRoomReadsTheStore() {
    receiver.subscribe("alpha").toCompletableFuture().join();
    OperationBus stranger = bus("another deployment's key......".getBytes(UTF_8));
    try (Jedis raw = new Jedis(URI.create(redis.url()));
        CapturedLog log = CapturedLog.of(DropLog.class)) {
      raw.publish(OperationBus.channel("alpha"), "{\"type\":\"op\"}");
      raw.publish(OperationBus.channel("alpha"), "AAAAAAAAAAAAAAAAAAAAAA.{\"type\":\"op\"}");
      stranger.publish("alpha", "forged");
      sender.publish("alpha", "signed");

      await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.contains("alpha:signed"));
      assertThat(heard.messages).containsExactly("alpha:signed");
      await().until(() -> heard.roomGaps.size() == 3);
      assertThat(heard.roomGaps).containsOnly("alpha");
      assertThat(log.messages(Level.WARNING)).hasSize(1).allMatch(m -> m.contains("alpha"));
    } finally {
      stranger.close();
    }
  }

  @Test
  void publishingNeverWaitsForAFrozenRedis() {
    receiver.subscribe("alpha").toCompletableFuture().join();
    redis.freeze();
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(2),
          () -> {
            for (int i = 0; i < 1000; i++) {
              sender.publish("alpha", "while frozen " + i);
            }
          });
    } finally {
      redis.thaw();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              sender.publish("alpha", "thawed");
              return heard.messages.contains("alpha:thawed");
            });
  }

  /** close() can come while the subscription loop is still connecting. */
  @RepeatedTest(20)
  void aBusClosedWhileConnectingHearsNothing() {
    RecordingListener late = new RecordingListener();
    OperationBus closed = newBus();
    closed.listen(late);
    closed.subscribe("alpha");
    closed.close();
    receiver.subscribe("alpha");

    sender.publish("alpha", "first");
    sender.publish("alpha", "second");

    await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.contains("alpha:second"));
    assertThat(late.messages).isEmpty();
  }

  @Test
  void afterRedisRestartsItResubscribesAndReportsTheGap() {
    receiver.subscribe("alpha");

    redis.kill();
    await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.isConnected());
    sender.publish("alpha", "lost while down");
    redis.start();

    await().atMost(Duration.ofSeconds(10)).until(receiver::isConnected);
    assertThat(heard.gaps.get()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              sender.publish("alpha", "after");
              return heard.messages.contains("alpha:after");
            });
    assertThat(heard.messages).doesNotContain("alpha:lost while down");
  }

  @Test
  void aFrozenRedisIsNoticedByThePing() {
    receiver.subscribe("alpha");

    redis.freeze();
    await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.isConnected());
    redis.thaw();

    await().atMost(Duration.ofSeconds(10)).until(receiver::isConnected);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              sender.publish("alpha", "thawed");
              return heard.messages.contains("alpha:thawed");
            });
  }

  /**
   * Try 6 fails after five others, 1.5 s into the outage, when the back-off has grown to its most
   * (1 s); the master moving during it must not wait for the back-off.
   */
  @Test
  void aMasterThatMovesIsTriedAtOnceNotAfterTheBackOff() {
    MovingEndpoint moving =
        new MovingEndpoint(
            new HostAndPort("127.0.0.1", Ports.free()),
            new DirectRedis(URI.create(redis.url()), Optional.empty()),
            6);
    try (OperationBus follower =
        new RedisOperationBus(
            new RedisBusSettings(moving, Duration.ofMillis(200), 1 << 20, () -> Optional.of(KEY)),
            LOOPS,
            TIMERS)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> moving.movedNanos() != 0);
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(5))
          .until(follower::isConnected);
      long millis = (System.nanoTime() - moving.movedNanos()) / 1_000_000;
      assertThat(millis).as("ms from the move to the subscription").isLessThan(500);
    }
  }
}
