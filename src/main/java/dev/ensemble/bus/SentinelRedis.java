package dev.ensemble.bus;

import dev.ensemble.config.RedisSentinels;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The master that Sentinel names. Jedis's sentinel client asks the sentinels where the master is,
 * listens on each of them for {@code +switch-master}, and moves its pool to the new master on a
 * failover. It is made on first use, not at start, because it refuses to exist while no sentinel
 * answers: a server whose sentinels are down starts all the same and keeps asking, quietly (Jedis
 * would log a stack trace for each sentinel at each try).
 */
final class SentinelRedis implements RedisEndpoint {

  private final RedisSentinels settings;
  private final JedisClientConfig masterConfig;
  private final JedisClientConfig sentinelConfig;

  /** Read without the lock by readiness, which must not wait while the sentinels are asked. */
  private volatile RedisSentinelClient client;

  private boolean closed;

  /**
   * @param tls the sockets to reach sentinels, master and replicas over TLS; empty for plain TCP
   */
  SentinelRedis(RedisSentinels settings, Optional<SSLSocketFactory> tls) {
    this.settings = settings;
    this.masterConfig = config(settings.master(), tls);
    this.sentinelConfig = config(settings.sentinel(), tls);
  }

  private static JedisClientConfig config(
      RedisSentinels.Credentials credentials, Optional<SSLSocketFactory> tls) {
    DefaultJedisClientConfig.Builder builder =
        RedisEndpoint.timeouts(DefaultJedisClientConfig.builder());
    credentials.user().ifPresent(builder::user);
    credentials.password().ifPresent(builder::password);
    tls.ifPresent(sockets -> builder.ssl(true).sslSocketFactory(sockets));
    return builder.build();
  }

  @Override
  public UnifiedJedis client() {
    return sentinelClient();
  }

  private synchronized RedisSentinelClient sentinelClient() {
    if (closed) {
      throw new JedisException("the bus is closed");
    }
    if (client == null) {
      Set<HostAndPort> sentinels = new LinkedHashSet<>();
      settings.sentinels().forEach(s -> sentinels.add(new HostAndPort(s.host(), s.port())));
      requireAnAnswer(sentinels);
      client =
          RedisSentinelClient.builder()
              .masterName(settings.masterName())
              .sentinels(sentinels)
              .clientConfig(masterConfig)
              .sentinelClientConfig(sentinelConfig)
              .build();
    }
    return client;
  }

  /**
   * Returns once a sentinel names the master.
   *
   * @throws JedisConnectionException saying why none did, without a password
   */
  private void requireAnAnswer(Set<HostAndPort> sentinels) {
    String why = "";
    for (HostAndPort sentinel : sentinels) {
      try (Jedis jedis = new Jedis(sentinel, sentinelConfig)) {
        List<String> master = jedis.sentinelGetMasterAddrByName(settings.masterName());
        if (master != null && master.size() == 2) {
          return;
        }
        why = sentinel + " does not know the master";
      } catch (JedisException e) {
        why = e.getMessage();
      }
    }
    throw new JedisConnectionException(
        "no sentinel names master " + settings.masterName() + " (" + why + ")");
  }

  @Override
  public HostAndPort master() {
    return sentinelClient().getCurrentMaster();
  }

  @Override
  public JedisClientConfig config() {
    return masterConfig;
  }

  @Override
  public Optional<HostAndPort> electedMaster() {
    return Optional.ofNullable(client).map(RedisSentinelClient::getCurrentMaster);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
    }
  }
}
