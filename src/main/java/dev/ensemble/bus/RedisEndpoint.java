package dev.ensemble.bus;

import java.util.Optional;
import java.util.concurrent.Executor;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis the bus talks to: one server at a fixed address ({@link DirectRedis}), the master that
 * Sentinel names, which moves on a failover ({@link SentinelRedis}), or a Redis Cluster, whose
 * shards each carry some of the rooms ({@link ClusterRedis}).
 */
public interface RedisEndpoint extends AutoCloseable {

  /**
   * The pooled client to publish with; it follows the master where there is a choice.
   *
   * @throws redis.clients.jedis.exceptions.JedisException while no Redis can be found
   */
  UnifiedJedis client();

  /**
   * Where a new subscription connects now.
   *
   * @throws redis.clients.jedis.exceptions.JedisException while no Redis can be found
   */
  HostAndPort master();

  /** How connections to {@link #master()} authenticate and time out. */
  JedisClientConfig config();

  /** Publishes on a channel: {@code PUBLISH} to one Redis; a cluster overrides it. */
  default void publish(String channel, String message) {
    client().publish(channel, message);
  }

  /**
   * The connections that receive the rooms' channels: one, to {@link #master()}; a cluster
   * overrides it.
   *
   * @param loops runs a loop for as long as the bus lives, on a thread of its own
   */
  default ChannelSubscriber subscriber(SubscriptionEvents events, Executor loops) {
    return new ChannelSubscription(this, events);
  }

  /** Which master Sentinel names now, for readiness data; empty for a Redis at a fixed address. */
  Optional<HostAndPort> electedMaster();

  @Override
  void close();

  /**
   * Bounds connecting and each command, so that a Redis that went away costs a timeout, never a
   * hung thread; RESP2 said outright, since Jedis cannot negotiate RESP3 and warns at every
   * connection that asks it to.
   */
  static DefaultJedisClientConfig.Builder timeouts(DefaultJedisClientConfig.Builder builder) {
    return builder
        .connectionTimeoutMillis(2000)
        .socketTimeoutMillis(2000)
        .autoNegotiateProtocol(false);
  }
}
