package dev.ensemble.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.RedisProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

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

  @Override
  OperationBus newBus() {
    return new RedisOperationBus(URI.create(redis.url()), LOOPS, TIMERS, Duration.ofMillis(200));
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
}
