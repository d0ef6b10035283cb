package dev.ensemble.bus;

import dev.ensemble.config.RedisClusterNodes;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster whose shards each carry the rooms whose channels hash to their slots: messages go
 * out with {@code SPUBLISH} and come in with {@code SSUBSCRIBE} (sharded pub/sub, Redis 7), so a
 * room's messages touch one shard instead of being broadcast over the whole cluster as {@code
 * PUBLISH} is. The room's channel name, {@code room:ID:operations}, decides its slot: no hash tag,
 * so that rooms spread over every shard. Jedis's cluster client follows {@code MOVED} and {@code
 * ASK} when publishing; which master serves which slot comes from its slot cache, renewed when a
 * subscription fails or Redis drops one. It is made on first use, like {@link SentinelRedis}, so
 * that a server whose cluster does not answer starts all the same.
 */
final class ClusterRedis implements RedisEndpoint {

  private static final int SLOTS = 16384;

  private final RedisClusterNodes settings;
  private final JedisClientConfig config;

  /** Read without the lock by rooms that open, which must not wait while the cluster is asked. */
  private volatile ClusterConnectionProvider slots;

  private RedisClusterClient client;
  private boolean closed;

  ClusterRedis(RedisClusterNodes settings) {
    this.settings = settings;
    DefaultJedisClientConfig.Builder builder =
        RedisEndpoint.timeouts(DefaultJedisClientConfig.builder());
    settings.credentials().user().ifPresent(builder::user);
    settings.credentials().password().ifPresent(builder::password);
    this.config = builder.build();
  }

  @Override
  public UnifiedJedis client() {
    return cluster();
  }

  private synchronized RedisClusterClient cluster() {
    if (closed) {
      throw new JedisException("the bus is closed");
    }
    if (client == null) {
      Set<HostAndPort> nodes = new LinkedHashSet<>();
      settings.nodes().forEach(n -> nodes.add(new HostAndPort(n.host(), n.port())));
      // throws while no node answers
      slots = new ClusterConnectionProvider(nodes, config);
      client =
          RedisClusterClient.builder()
              .nodes(nodes)
              .connectionProvider(slots)
              .clientConfig(config)
              // a publish to a shard whose master died fails within seconds, not a minute: the
              // room's other servers read the store meanwhile
              .maxAttempts(3)
              .maxTotalRetriesDuration(Duration.ofSeconds(2))
              .build();
    }
    return client;
  }

  private synchronized ClusterConnectionProvider slots() {
    cluster();
    return slots;
  }

  @Override
  public void publish(String channel, String message) {
    cluster().spublish(channel, message);
  }

  @Override
  public ChannelSubscriber subscriber(SubscriptionEvents events, Executor loops) {
    return new ShardedSubscriptions(this, events, loops);
  }

  /** Asks the cluster again which master serves which slot. */
  void refresh() {
    slots().renewSlotCache();
  }

  /**
   * The master that serves the channel's slot, as far as the cache knows; null if none, or if the
   * cluster has not been reached yet.
   */
  HostAndPort owner(String channel) {
    ClusterConnectionProvider cache = slots;
    return cache == null ? null : cache.getNode(JedisClusterCRC16.getSlot(channel));
  }

  /** The masters that serve some slot, as far as the cache knows. */
  Set<HostAndPort> masters() {
    ClusterConnectionProvider cache = slots();
    Set<HostAndPort> masters = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
    for (int slot = 0; slot < SLOTS; slot++) {
      HostAndPort node = cache.getNode(slot);
      if (node != null) {
        masters.add(node);
      }
    }
    return masters;
  }

  /** A cluster has no single master: each shard's subscription connects to its own. */
  @Override
  public HostAndPort master() {
    throw new UnsupportedOperationException("a cluster has a master per shard");
  }

  @Override
  public JedisClientConfig config() {
    return config;
  }

  @Override
  public Optional<HostAndPort> electedMaster() {
    return Optional.empty();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close(); // closes the provider too
    }
  }
}
