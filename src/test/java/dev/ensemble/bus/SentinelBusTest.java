package dev.ensemble.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.config.RedisSentinels;
import dev.ensemble.testing.CapturedLog;
import dev.ensemble.testing.SentinelGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.providers.SentineledConnectionProvider;

/**
 * The contract over a master that three sentinels watch, with one replica; then the master killed
 * as a crash would, and a server that starts before its sentinels.
 */
class SentinelBusTest extends OperationBusContract {

  private static final byte[] KEY = "a key all test servers share...".getBytes(UTF_8);
  private static final ExecutorService LOOPS = Executors.newCachedThreadPool();
  private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1);
  private static SentinelGroup group;

  @BeforeAll
  static void startSentinels() {
    group = new SentinelGroup(Path.of("target/sentinel-bus-test/group")).start();
  }

  @AfterAll
  static void stop() {
    group.close();
    LOOPS.shutdownNow();
    TIMERS.shutdownNow();
  }

  @Override
  OperationBus newBus() {
    return bus(group);
  }

  private static OperationBus bus(SentinelGroup sentinels) {
    return new RedisOperationBus(
        new RedisBusSettings(
            new SentinelRedis(settings(sentinels), Optional.empty()),
            // the default: a shorter ping takes a busy machine for a frozen Redis, and the
            // contract's
            // messages published while the bus reconnects are lost (a kill breaks the socket at
            // once)
            Duration.ofSeconds(1),
            1 << 20,
            () -> Optional.of(KEY)),
        LOOPS,
        TIMERS);
  }

  private static RedisSentinels settings(SentinelGroup sentinels) {
    return new RedisSentinels(
        Stream.of(sentinels.sentinelList().split(","))
            .map(s -> new RedisSentinels.Address("127.0.0.1", Integer.parseInt(s.split(":")[1])))
            .toList(),
        SentinelGroup.MASTER_NAME,
        new RedisSentinels.Credentials(
            Optional.empty(), Optional.of(SentinelGroup.MASTER_PASSWORD)),
        new RedisSentinels.Credentials(
            Optional.empty(), Optional.of(SentinelGroup.SENTINEL_PASSWORD)));
  }

  @Test
  void followsTheFailoverToThePromotedReplicaReportsItAndNeverLogsAPassword() {
    try (CapturedLog bus = CapturedLog.of(RedisOperationBus.class);
        CapturedLog jedis = CapturedLog.of(SentineledConnectionProvider.class)) {
      receiver.subscribe("alpha").toCompletableFuture().join();
      sender.publish("alpha", "before");
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.contains("alpha:before"));
      String first = group.currentMaster();
      assertThat(receiver.master()).contains(first);

      group.master.kill();
      long killed = System.nanoTime();
      String promoted = "127.0.0.1:" + group.replica.port();
      await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.isConnected());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> receiver.master().equals(Optional.of(promoted)));
      // at once, not after the reconnect back-off, which has grown to a second by now
      await()
          .atMost(Duration.ofMillis(300))
          .pollInterval(Duration.ofMillis(10))
          .until(receiver::isConnected);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                sender.publish("alpha", "after");
                return heard.messages.contains("alpha:after");
              });
      long gapMillis = (System.nanoTime() - killed) / 1_000_000;

      assertThat(group.currentMaster()).isEqualTo(promoted);
      assertThat(receiver.master()).contains(promoted);
      assertThat(sender.master()).contains(promoted);
      assertThat(heard.gaps.get()).as("rooms told to read the store").isEqualTo(1);
      assertThat(bus.messages(Level.INFO))
          .contains("the Redis master moved from " + first + " to " + promoted);
      List<String> logged =
          Stream.of(Level.INFO, Level.WARNING, Level.SEVERE)
              .flatMap(l -> Stream.concat(bus.messages(l).stream(), jedis.messages(l).stream()))
              .toList();
      assertThat(logged)
          .isNotEmpty()
          .noneMatch(m -> m.contains(SentinelGroup.MASTER_PASSWORD))
          .noneMatch(m -> m.contains(SentinelGroup.SENTINEL_PASSWORD));
      assertThat(gapMillis).as("failover gap").isLessThan(15_000);
    }
  }

  @Test
  void aServerStartsBeforeItsSentinelsAndConnectsOnceTheyAnswer() {
    SentinelGroup late = new SentinelGroup(Path.of("target/sentinel-bus-test/late"));
    RecordingListener lateHeard = new RecordingListener();
    try (CapturedLog bus = CapturedLog.of(RedisOperationBus.class);
        CapturedLog jedis = CapturedLog.of(SentineledConnectionProvider.class);
        OperationBus early = bus(late)) {
      early.listen(lateHeard);
      early.subscribe("alpha");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> bus.messages(Level.WARNING).stream().anyMatch(m -> m.contains("lost Redis")));
      assertThat(bus.messages(Level.WARNING))
          .singleElement()
          .asString()
          .startsWith("lost Redis (no sentinel names master " + SentinelGroup.MASTER_NAME);
      assertThat(jedis.messages(Level.WARNING)).as("a stack trace per sentinel and try").isEmpty();
      assertThat(early.isConnected()).isFalse();
      assertThat(early.master()).isEmpty();

      late.start();
      await().atMost(Duration.ofSeconds(20)).until(early::isConnected);
      try (OperationBus other = bus(late)) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  other.publish("alpha", "hello");
                  return lateHeard.messages.contains("alpha:hello");
                });
      }
      assertThat(early.master()).contains(late.currentMaster());
    } finally {
      late.close();
    }
  }
}
