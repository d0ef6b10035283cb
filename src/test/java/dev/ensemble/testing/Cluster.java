package dev.ensemble.testing;

import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several Ensemble servers in their own processes sharing one Redis (or a master, a replica and
 * three sentinels, or a Redis Cluster of three shards) and one standalone store, all started and
 * stopped by the test.
 */
public final class Cluster implements AutoCloseable {

  /** An override that chooses the store process: {@code memory} or (the default) {@code file}. */
  public static final String STORE = "store";

  /** How the servers reach Redis. */
  private enum Bus {
    ONE_REDIS,
    SENTINEL,
    REDIS_CLUSTER
  }

  /** The one Redis of the servers; null where they find Redis by Sentinel or use a cluster. */
  public final RedisProcess redis;

  /** The Redis master, replica and sentinels of the servers; null unless they use Sentinel. */
  public final SentinelGroup sentinels;

  /** The Redis Cluster whose shards carry the servers' rooms; null unless they use one. */
  public final RedisClusterGroup redisCluster;

  public final StoreProcess store;
  public final List<ServerProcess> servers = new ArrayList<>();

  private Cluster(String name, int size, Map<String, String> overrides, Bus bus) {
    Path home = Path.of("target/it-cluster", name);
    deleteRecursively(home);
    redis = bus == Bus.ONE_REDIS ? new RedisProcess(home.resolve("redis")).start() : null;
    sentinels = bus == Bus.SENTINEL ? new SentinelGroup(home.resolve("sentinels")).start() : null;
    redisCluster =
        bus == Bus.REDIS_CLUSTER
            ? new RedisClusterGroup(home.resolve("redis-cluster")).start()
            : null;
    store = new StoreProcess(home.resolve("store"), "memory".equals(overrides.get(STORE))).start();
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "MONGODB_URI", store.uri(),
                "ENSEMBLE_ROOM_IDLE_SECONDS", "2",
                "ENSEMBLE_STORE_TIMEOUT_MS", "2000",
                "ENSEMBLE_POLL_INTERVAL_MS", "200",
                "ENSEMBLE_REDIS_PING_MS", "500",
                "ENSEMBLE_SNAPSHOT_INTERVAL", "20"));
    env.putAll(
        switch (bus) {
          case ONE_REDIS -> Map.of("REDIS_URL", redis.url());
          case SENTINEL -> sentinels.env();
          case REDIS_CLUSTER -> redisCluster.env();
        });
    env.putAll(overrides);
    env.remove(STORE);
    startServers(name, size, env);
  }

  public static Cluster start(String name, int size) {
    return new Cluster(name, size, Map.of(), Bus.ONE_REDIS);
  }

  /** A cluster whose servers get {@code overrides} on top of the test settings. */
  public static Cluster start(String name, int size, Map<String, String> overrides) {
    return new Cluster(name, size, overrides, Bus.ONE_REDIS);
  }

  /** A cluster whose servers reach Redis through {@link SentinelGroup}'s three sentinels. */
  public static Cluster withSentinels(String name, int size) {
    return new Cluster(name, size, Map.of(), Bus.SENTINEL);
  }

  /** A cluster whose servers use {@link RedisClusterGroup}'s three shards. */
  public static Cluster withRedisCluster(String name, int size) {
    return withRedisCluster(name, size, Map.of());
  }

  /** Like {@link #withRedisCluster(String, int)}, with {@code overrides} on the test settings. */
  public static Cluster withRedisCluster(String name, int size, Map<String, String> overrides) {
    return new Cluster(name, size, overrides, Bus.REDIS_CLUSTER);
  }

  /** A URL of one Redis of the servers (for a cluster, a master's), for a plain client. */
  public String redisUrl() {
    return redis != null ? redis.url() : redisCluster.masterUrl();
  }

  private void startServers(String name, int size, Map<String, String> env) {
    try {
      for (int i = 1; i <= size; i++) {
        servers.add(ServerProcess.create(name + "-server" + i, env).launch());
      }
      servers.forEach(ServerProcess::awaitReady);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Every cluster starts from an empty store. */
  private static void deleteRecursively(Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .map(Path::toFile)
          .forEach(java.io.File::delete);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The servers that are running. */
  public List<URL> live() {
    return servers.stream().filter(ServerProcess::isAlive).map(ServerProcess::url).toList();
  }

  /** Brings back every server, Redis and the store, for the next test. */
  public void restoreAll() {
    if (redis != null && !redis.isAlive()) {
      redis.start();
    }
    store.startIfStopped();
    servers.stream().filter(s -> !s.isAlive()).forEach(ServerProcess::launch);
    servers.forEach(ServerProcess::awaitReady);
  }

  /** Version conflicts the running servers counted, from their liveness data. */
  public long versionConflicts() {
    return live().stream().mapToLong(server -> counter(server, "versionConflicts")).sum();
  }

  /** Operations each server committed so far, from its liveness data; 0 for one that is down. */
  public List<Long> commitsPerServer() {
    return servers.stream().map(s -> s.isAlive() ? counter(s.url(), "commits") : 0L).toList();
  }

  private static long counter(URL server, String name) {
    JsonObject live = Http.get(Urls.health(server, "live")).json().asJsonObject();
    return live.getJsonArray("checks")
        .getJsonObject(0)
        .getJsonObject("data")
        .getJsonNumber(name)
        .longValue();
  }

  @Override
  public void close() {
    servers.forEach(ServerProcess::close);
    store.close();
    if (redis != null) {
      redis.close();
    }
    if (sentinels != null) {
      sentinels.close();
    }
    if (redisCluster != null) {
      redisCluster.close();
    }
  }
}
