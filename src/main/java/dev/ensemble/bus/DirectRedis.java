package dev.ensemble.bus;

import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** One Redis at the address of {@code REDIS_URL}, with the user and password the URL holds. */
final class DirectRedis implements RedisEndpoint {

  private final HostAndPort address;
  private final JedisClientConfig config;
  private final RedisClient client;

  /**
   * @param uri {@code redis://} or, for TLS, {@code rediss://host:port}, optionally with user and
   *     password
   * @param tls the sockets for {@code rediss://}, when the JVM's default trust is not the one to
   *     use
   */
  DirectRedis(URI uri, Optional<SSLSocketFactory> tls) {
    this.address = new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
    DefaultJedisClientConfig.Builder base =
        RedisEndpoint.timeouts(DefaultJedisClientConfig.builder(uri));
    tls.ifPresent(base::sslSocketFactory);
    this.config = base.build();
    this.client = RedisClient.builder().hostAndPort(address).clientConfig(config).build();
  }

  @Override
  public UnifiedJedis client() {
    return client;
  }

  @Override
  public HostAndPort master() {
    return address;
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
  public void close() {
    client.close();
  }
}
