package dev.ensemble.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of three masters with a replica each, six processes of the test's own with a
 * password, made with {@code redis-cli --cluster create … --cluster-replicas 1}; a master can be
 * killed as a crash would, and its replica then takes over its slots.
 */
public final class RedisClusterGroup implements AutoCloseable {

  public static final String PASSWORD = "cluster-s3cret";

  public final List<RedisProcess> nodes = new ArrayList<>();
  private final Path dir;

  public RedisClusterGroup(Path dir) {
    this.dir = dir;
    for (int i = 1; i <= 6; i++) {
      nodes.add(RedisProcess.clusterNode(dir.resolve("node" + i), PASSWORD));
    }
  }

  /** Starts the nodes, makes the cluster, and waits until every node sees it whole. */
  public RedisClusterGroup start() {
    try {
      for (int i = 1; i <= nodes.size(); i++) {
        // a node that remembers an earlier run's cluster refuses to join a new one
        Files.deleteIfExists(dir.resolve("node" + i).resolve("nodes.conf"));
      }
      nodes.forEach(RedisProcess::start);
      List<String> command = new ArrayList<>(List.of(RedisProcess.cli().toString(), "--cluster"));
      command.add("create");
      nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
      command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      ProcessBuilder create = new ProcessBuilder(command).redirectErrorStream(true);
      create.environment().put("REDISCLI_AUTH", PASSWORD); // not on the command line
      Process process = create.start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed: " + output);
      }
      awaitWhole();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /**
   * Waits until every live node says the cluster is ok with three masters, each with a replica in
   * sync: before that, killing a master would leave nobody to take over.
   */
  public void awaitWhole() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                replicasInSync() == 3
                    && nodes.stream()
                        .filter(RedisProcess::isAlive)
                        .allMatch(
                            n ->
                                clusterInfo(n).contains("cluster_state:ok")
                                    && masters(n).size() == 3));
  }

  private long replicasInSync() {
    return nodes.stream()
        .filter(RedisProcess::isAlive)
        .filter(n -> info(n, "replication").contains("master_link_status:up"))
        .count();
  }

  private static String info(RedisProcess node, String section) {
    try (Jedis jedis = client(node)) {
      return jedis.info(section);
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String clusterInfo(RedisProcess node) {
    try (Jedis jedis = client(node)) {
      return jedis.clusterInfo();
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static Jedis client(RedisProcess node) {
    return new Jedis(
        new HostAndPort("127.0.0.1", node.port()),
        DefaultJedisClientConfig.builder().password(PASSWORD).autoNegotiateProtocol(false).build());
  }

  /** {@code host:port} of each master that serves slots, as {@code node} sees the cluster. */
  private static List<String> masters(RedisProcess node) {
    try (Jedis jedis = client(node)) {
      return jedis
          .clusterNodes()
          .lines()
          .map(l -> l.split(" "))
          .filter(f -> f[2].contains("master") && !f[2].contains("fail") && f.length > 8)
          .map(f -> f[1].substring(0, f[1].indexOf('@')))
          .sorted()
          .toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** The masters that serve slots now, sorted, as a live node sees them. */
  public List<String> masters() {
    return masters(anyLive());
  }

  private RedisProcess anyLive() {
    return nodes.stream().filter(RedisProcess::isAlive).findFirst().orElseThrow();
  }

  /** The node that serves the slot of {@code channel} now. */
  public RedisProcess masterOf(String channel) {
    int slot = JedisClusterCRC16.getSlot(channel);
    try (Jedis jedis = client(anyLive())) {
      for (String line : jedis.clusterNodes().lines().toList()) {
        String[] f = line.split(" ");
        if (!f[2].contains("master") || f[2].contains("fail")) {
          continue;
        }
        for (int i = 8; i < f.length; i++) {
          String[] range = f[i].split("-");
          int from = Integer.parseInt(range[0]);
          int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
          if (slot >= from && slot <= to) {
            return byAddress(f[1].substring(0, f[1].indexOf('@')));
          }
        }
      }
    }
    throw new IllegalStateException("no master serves slot " + slot);
  }

  /** The replica of {@code master}. */
  public RedisProcess replicaOf(RedisProcess master) {
    try (Jedis jedis = client(master)) {
      String id = jedis.clusterMyId();
      return jedis
          .clusterNodes()
          .lines()
          .map(l -> l.split(" "))
          .filter(f -> f[3].equals(id))
          .map(f -> byAddress(f[1].substring(0, f[1].indexOf('@'))))
          .findFirst()
          .orElseThrow();
    }
  }

  /**
   * Moves the slot of {@code channel} to {@code target}, as resharding does ({@code CLUSTER
   * SETSLOT} importing, migrating, then node on both; there are no keys to migrate).
   */
  public void moveSlot(String channel, RedisProcess target) {
    int slot = JedisClusterCRC16.getSlot(channel);
    RedisProcess source = masterOf(channel);
    try (Jedis from = client(source);
        Jedis to = client(target)) {
      String sourceId = from.clusterMyId();
      String targetId = to.clusterMyId();
      to.clusterSetSlotImporting(slot, sourceId);
      from.clusterSetSlotMigrating(slot, targetId);
      to.clusterSetSlotNode(slot, targetId);
      from.clusterSetSlotNode(slot, targetId);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> masterOf(channel) == target);
  }

  private RedisProcess byAddress(String address) {
    return nodes.stream()
        .filter(n -> address.equals("127.0.0.1:" + n.port()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("not a node of this cluster: " + address));
  }

  /** How many clients of {@code node} subscribed each channel with {@code SSUBSCRIBE}. */
  public static Map<String, Long> shardSubscribers(RedisProcess node, List<String> channels) {
    try (Jedis jedis = client(node)) {
      List<String> args = new ArrayList<>(List.of("SHARDNUMSUB"));
      args.addAll(channels);
      List<?> reply =
          (List<?>) jedis.sendCommand(Protocol.Command.PUBSUB, args.toArray(String[]::new));
      Map<String, Long> counts = new java.util.LinkedHashMap<>();
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        counts.put(new String((byte[]) reply.get(i)), (Long) reply.get(i + 1));
      }
      return counts;
    }
  }

  /**
   * Thaws every frozen node and starts again every node that was killed; each rejoins as a replica
   * of the one that took over, and this waits for that.
   */
  public void restore() {
    for (RedisProcess node : nodes) {
      if (node.isAlive()) {
        node.thaw();
      } else {
        node.start();
      }
    }
    awaitWhole();
  }

  /** A URL of the first master, with the password, for a plain client of that one node. */
  public String masterUrl() {
    return "redis://default:" + PASSWORD + "@" + masters().get(0);
  }

  /** {@code REDIS_CLUSTER_NODES}: every node, comma-separated. */
  public String nodeList() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
  }

  /** The settings of an Ensemble server that uses this cluster. */
  public Map<String, String> env() {
    return Map.of("REDIS_CLUSTER_NODES", nodeList(), "REDIS_CLUSTER_PASSWORD", PASSWORD);
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }
}
