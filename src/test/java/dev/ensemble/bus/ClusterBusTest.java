package dev.ensemble.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.config.RedisClusterNodes;
import dev.ensemble.config.RedisSentinels;
import dev.ensemble.testing.CapturedLog;
import dev.ensemble.testing.RedisClusterGroup;
import dev.ensemble.testing.RedisProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract over a Redis Cluster of three masters with a replica each (sharded pub/sub); then
 * rooms spread over every shard, and a master killed as a crash would. Needs Redis 7 on the PATH
 * (the embedded-redis jar's 6.2 has no sharded pub/sub); skipped without it.
 */
class ClusterBusTest extends OperationBusContract {

  private static final byte[] KEY = "a key all test servers share...".getBytes(UTF_8);
  private static final ExecutorService LOOPS = Executors.newCachedThreadPool();
  private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1);
  private static RedisClusterGroup group;

  @BeforeAll
  static void startCluster() {
    assumeTrue(RedisProcess.supportsShardedPubSub(), "needs redis-server 7 and redis-cli");
    group = new RedisClusterGroup(Path.of("target/cluster-bus-test")).start();
  }

  @AfterAll
  static void stop() {
    if (group != null) {
      group.close();
    }
    LOOPS.shutdownNow();
    TIMERS.shutdownNow();
  }

  @AfterEach
  void aWholeClusterForTheNextTest() {
    group.restore();
  }

  @Override
  OperationBus newBus() {
    return bus(group);
  }

  private static OperationBus bus(RedisClusterGroup cluster) {
    return new RedisOperationBus(
        new RedisBusSettings(
            new ClusterRedis(settings(cluster)),
            // the default: a shorter ping takes a busy machine for a frozen Redis
            Duration.ofSeconds(1),
            1 << 20,
            () -> Optional.of(KEY)),
        LOOPS,
        TIMERS);
  }

  private static RedisClusterNodes settings(RedisClusterGroup cluster) {
    return new RedisClusterNodes(
        Stream.of(cluster.nodeList().split(","))
            .map(s -> new RedisSentinels.Address("127.0.0.1", Integer.parseInt(s.split(":")[1])))
            .toList(),
        new RedisSentinels.Credentials(Optional.empty(), Optional.of(RedisClusterGroup.PASSWORD)));
  }

  private static List<String> rooms(int count) {
    return IntStream.range(0, count).mapToObj(i -> "room" + i).toList();
  }

  @Test
  void roomsSpreadOverEveryShardEachChannelSubscribedOnlyOnItsMaster() {
    List<String> rooms = rooms(30);
    rooms.forEach(r -> receiver.subscribe(r).toCompletableFuture().join());
    rooms.forEach(r -> sender.publish(r, "hello"));
    await().atMost(Duration.ofSeconds(10)).until(() -> heard.messages.size() == rooms.size());
    assertThat(heard.messages)
        .containsExactlyInAnyOrderElementsOf(rooms.stream().map(r -> r + ":hello").toList());

    List<String> channels = rooms.stream().map(OperationBus::channel).toList();
    for (String address : group.masters()) {
      RedisProcess master = masterAt(address);
      Map<String, Long> subscribers = RedisClusterGroup.shardSubscribers(master, channels);
      List<String> here = channels.stream().filter(c -> group.masterOf(c) == master).toList();
      assertThat(here).as("rooms on " + address).isNotEmpty();
      // the receiver on each of its rooms; the sender subscribed to nothing
      here.forEach(c -> assertThat(subscribers.get(c)).as(c + " on " + address).isEqualTo(1));
      channels.stream()
          .filter(c -> !here.contains(c))
          .forEach(c -> assertThat(subscribers.get(c)).as(c + " on " + address).isZero());
    }
    assertThat(receiver.shards()).contains(String.join(",", group.masters()));
    assertThat(receiver.master()).isEmpty();
  }

  private static RedisProcess masterAt(String address) {
    return group.nodes.stream()
        .filter(n -> address.equals("127.0.0.1:" + n.port()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aRoomWhoseSlotMovesIsSubscribedOnItsNewMasterAndReadsTheStoreAlone() {
    receiver.subscribe("alpha").toCompletableFuture().join();
    receiver.subscribe("beta").toCompletableFuture().join();
    sender.publish("alpha", "before");
    await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.contains("alpha:before"));
    String channel = OperationBus.channel("alpha");
    RedisProcess source = group.masterOf(channel);
    RedisProcess target =
        group.masters().stream()
            .map(ClusterBusTest::masterAt)
            .filter(m -> m != source)
            .findFirst()
            .orElseThrow();

    group.moveSlot(channel, target);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              sender.publish("alpha", "after");
              return heard.messages.contains("alpha:after");
            });
    assertThat(heard.roomGaps).as("rooms told to read the store").containsExactly("alpha");
    assertThat(heard.gaps.get()).as("no outage: the other rooms carry on").isZero();
    assertThat(receiver.isConnected()).isTrue();
    assertThat(RedisClusterGroup.shardSubscribers(target, List.of(channel)))
        .containsEntry(channel, 1L);
    assertThat(RedisClusterGroup.shardSubscribers(source, List.of(channel)))
        .containsEntry(channel, 0L);
  }

  @Test
  void aKilledMasterIsFollowedToItsReplicaAndTheOtherShardsLoseNothing() {
    List<String> rooms = rooms(12);
    rooms.forEach(r -> receiver.subscribe(r).toCompletableFuture().join());
    RedisProcess victim = group.masterOf(OperationBus.channel("room0"));
    String promoted = "127.0.0.1:" + group.replicaOf(victim).port();
    List<String> survivors =
        rooms.stream().filter(r -> group.masterOf(OperationBus.channel(r)) != victim).toList();
    List<String> movers = rooms.stream().filter(r -> !survivors.contains(r)).toList();
    assertThat(survivors).isNotEmpty();

    try (CapturedLog bus = CapturedLog.of(RedisOperationBus.class)) {
      victim.kill();
      long killed = System.nanoTime();
      await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.isConnected());
      // the other shards' subscriptions live on: every message to their rooms arrives
      for (int i = 0; i < 20; i++) {
        for (String room : survivors) {
          sender.publish(room, "during" + i);
        }
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> receiver.shards().filter(s -> s.contains(promoted)).isPresent());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                movers.forEach(r -> sender.publish(r, "after"));
                return movers.stream().allMatch(r -> heard.messages.contains(r + ":after"));
              });
      long gapMillis = (System.nanoTime() - killed) / 1_000_000;
      System.out.println(
          "Cluster failover: the killed master's rooms heard again "
              + gapMillis
              + " ms after its SIGKILL");

      for (String room : survivors) {
        assertThat(heard.messages.stream().filter(m -> m.startsWith(room + ":during")))
            .as(room)
            .containsExactlyElementsOf(
                IntStream.range(0, 20).mapToObj(i -> room + ":during" + i).toList());
      }
      assertThat(heard.gaps.get()).as("rooms told to read the store").isEqualTo(1);
      assertThat(receiver.shards().orElseThrow().split(","))
          .containsExactlyInAnyOrderElementsOf(group.masters())
          .contains(promoted);
      assertThat(bus.messages(Level.INFO))
          .anyMatch(m -> m.startsWith("the Redis cluster's masters are now"))
          .anyMatch(m -> m.contains("is back; catching up the open rooms"));
      assertThat(
              Stream.of(Level.INFO, Level.WARNING, Level.SEVERE)
                  .flatMap(l -> bus.messages(l).stream()))
          .noneMatch(m -> m.contains(RedisClusterGroup.PASSWORD));
      assertThat(gapMillis).as("failover gap").isLessThan(20_000);
    }
  }

  /** A frozen master keeps its sockets open: only the ping tells that its shard went silent. */
  @Test
  void aFrozenMasterIsNoticedByThePingAndFollowedToItsReplica() {
    List<String> rooms = rooms(12);
    rooms.forEach(r -> receiver.subscribe(r).toCompletableFuture().join());
    RedisProcess victim = group.masterOf(OperationBus.channel("room0"));
    String promoted = "127.0.0.1:" + group.replicaOf(victim).port();
    List<String> movers =
        rooms.stream().filter(r -> group.masterOf(OperationBus.channel(r)) == victim).toList();

    try (CapturedLog bus = CapturedLog.of(RedisOperationBus.class)) {
      victim.freeze();
      // the outage may be over before a poll of isConnected() sees it: Redis promotes the replica
      // about as fast as three pings go unanswered
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> receiver.shards().filter(s -> s.contains(promoted)).isPresent());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                movers.forEach(r -> sender.publish(r, "after"));
                return movers.stream().allMatch(r -> heard.messages.contains(r + ":after"));
              });
      assertThat(heard.gaps.get()).as("rooms told to read the store").isEqualTo(1);
      assertThat(bus.messages(Level.WARNING))
          .anyMatch(m -> m.startsWith("lost Redis at 127.0.0.1:" + victim.port() + " (no answer"));
    }
  }

  @Test
  void aServerStartsBeforeItsClusterAndConnectsOnceItAnswers() {
    RedisClusterGroup late = new RedisClusterGroup(Path.of("target/cluster-bus-test-late"));
    RecordingListener lateHeard = new RecordingListener();
    try (CapturedLog bus = CapturedLog.of(RedisOperationBus.class);
        CapturedLog jedis = CapturedLog.of(redis.clients.jedis.JedisClusterInfoCache.class);
        OperationBus early = bus(late)) {
      early.listen(lateHeard);
      early.subscribe("alpha");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> bus.messages(Level.WARNING).stream().anyMatch(m -> m.contains("lost Redis")));
      assertThat(bus.messages(Level.WARNING)).singleElement().asString().startsWith("lost Redis");
      assertThat(jedis.messages(Level.WARNING)).isEmpty();
      assertThat(early.isConnected()).isFalse();
      assertThat(early.shards()).isEmpty();

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
      assertThat(early.shards()).contains(String.join(",", late.masters()));
    } finally {
      late.close();
    }
  }
}
