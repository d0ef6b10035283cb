package dev.ensemble.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * A Redis master, one replica and three sentinels watching them, each a process of the test's own
 * with passwords on every part, as production runs Sentinel; the master can be killed as a crash
 * would, and the sentinels then promote the replica.
 */
public final class SentinelGroup implements AutoCloseable {

  public static final String MASTER_NAME = "ensemble-master";
  public static final String MASTER_PASSWORD = "master-s3cret";
  public static final String SENTINEL_PASSWORD = "sentinel-s3cret";

  public final RedisProcess master;
  public final RedisProcess replica;
  public final List<SentinelProcess> sentinels;
  private final Optional<TlsFiles> tls;

  public SentinelGroup(Path dir) {
    this(dir, Optional.empty());
  }

  /** A group whose every part speaks only TLS, with the certificate of {@code tls}. */
  public SentinelGroup(Path dir, Optional<TlsFiles> tls) {
    this.tls = tls;
    master =
        tls.isPresent()
            ? RedisProcess.withTlsAndPassword(
                dir.resolve("master"), tls.get(), MASTER_PASSWORD, Optional.empty())
            : RedisProcess.withPassword(dir.resolve("master"), MASTER_PASSWORD, Optional.empty());
    replica =
        tls.isPresent()
            ? RedisProcess.withTlsAndPassword(
                dir.resolve("replica"), tls.get(), MASTER_PASSWORD, Optional.of(master))
            : RedisProcess.withPassword(
                dir.resolve("replica"), MASTER_PASSWORD, Optional.of(master));
    sentinels =
        List.of(1, 2, 3).stream()
            .map(i -> new SentinelProcess(dir.resolve("sentinel" + i)))
            .toList();
  }

  /**
   * Starts every part and waits until the replica is in sync and each sentinel knows the replica
   * and the two other sentinels: before that, killing the master would leave nobody to promote.
   */
  public SentinelGroup start() {
    try {
      master.start();
      replica.start();
      sentinels.forEach(s -> s.start(MASTER_NAME, master, MASTER_PASSWORD, SENTINEL_PASSWORD, tls));
      awaitWatched();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  private void awaitWatched() {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                replicaInSync()
                    && sentinels.stream()
                        .map(this::masterState)
                        .allMatch(
                            m ->
                                "1".equals(m.get("num-slaves"))
                                    && "2".equals(m.get("num-other-sentinels"))));
  }

  private boolean replicaInSync() {
    try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", replica.port()), masterConfig())) {
      return jedis.info("replication").contains("master_link_status:up");
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Map<String, String> masterState(SentinelProcess sentinel) {
    try (Jedis jedis = sentinelClient(sentinel)) {
      return jedis.sentinelMaster(MASTER_NAME);
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  private Jedis sentinelClient(SentinelProcess sentinel) {
    return new Jedis(new HostAndPort("127.0.0.1", sentinel.port()), config(SENTINEL_PASSWORD));
  }

  private JedisClientConfig masterConfig() {
    return config(MASTER_PASSWORD);
  }

  private JedisClientConfig config(String password) {
    DefaultJedisClientConfig.Builder builder =
        DefaultJedisClientConfig.builder().password(password).autoNegotiateProtocol(false);
    tls.ifPresent(files -> builder.ssl(true).sslSocketFactory(files.socketFactory()));
    return builder.build();
  }

  /** {@code host:port} of the master as the first sentinel that answers names it. */
  public String currentMaster() {
    for (SentinelProcess sentinel : sentinels) {
      try (Jedis jedis = sentinelClient(sentinel)) {
        return String.join(":", jedis.sentinelGetMasterAddrByName(MASTER_NAME));
      } catch (RuntimeException e) {
        // the next one
      }
    }
    throw new IllegalStateException("no sentinel answers");
  }

  /** {@code REDIS_SENTINELS}: every sentinel, comma-separated. */
  public String sentinelList() {
    return sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
  }

  /** The settings of an Ensemble server that reaches Redis through these sentinels. */
  public Map<String, String> env() {
    return Map.of(
        "REDIS_SENTINELS", sentinelList(),
        "REDIS_MASTER_NAME", MASTER_NAME,
        "REDIS_MASTER_PASSWORD", MASTER_PASSWORD,
        "REDIS_SENTINEL_PASSWORD", SENTINEL_PASSWORD);
  }

  @Override
  public void close() {
    sentinels.forEach(SentinelProcess::close);
    replica.close();
    master.close();
  }
}
