package dev.ensemble.bus;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import dev.ensemble.store.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * The bus of this server: in-process unless {@code REDIS_URL} names a Redis, {@code
 * REDIS_SENTINELS} the sentinels that find one, or {@code REDIS_CLUSTER_NODES} a Redis Cluster; its
 * messages are then signed with the key the store keeps for the deployment.
 */
@ApplicationScoped
public class BusProducer {

  /** Most bytes of messages waiting for a slow Redis before they are dropped. */
  private static final long MAX_QUEUED_BYTES = 64L << 20;

  @Produces
  @Singleton
  OperationBus bus(EnsembleConfig config, ServerThreads threads, StoreHealth store) {
    return endpoint(config)
        .<OperationBus>map(
            endpoint ->
                new RedisOperationBus(
                    new RedisBusSettings(
                        endpoint, config.redisPing(), MAX_QUEUED_BYTES, store::busKey),
                    loop -> threads.loops().newThread(loop).start(),
                    threads.scheduler()))
        .orElseGet(LocalOperationBus::standalone);
  }

  /**
   * The Redis of {@code REDIS_URL}, of {@code REDIS_SENTINELS} or the cluster of {@code
   * REDIS_CLUSTER_NODES}; the config allows one only.
   */
  private static Optional<RedisEndpoint> endpoint(EnsembleConfig config) {
    return config
        .redisUrl()
        .<RedisEndpoint>map(
            url ->
                new DirectRedis(
                    URI.create(url), config.redisTrustStore().map(RedisTls::socketFactory)))
        .or(
            () ->
                config
                    .redisSentinels()
                    .map(
                        sentinels ->
                            new SentinelRedis(
                                sentinels,
                                config.redisSentinelTls()
                                    ? Optional.of(tls(config))
                                    : Optional.empty())))
        .or(() -> config.redisClusterNodes().map(ClusterRedis::new));
  }

  /** TLS sockets that trust the configured trust store, else what the JVM trusts. */
  private static SSLSocketFactory tls(EnsembleConfig config) {
    return config
        .redisTrustStore()
        .map(RedisTls::socketFactory)
        .orElseGet(() -> (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  void close(@Disposes OperationBus bus) {
    bus.close();
  }
}
