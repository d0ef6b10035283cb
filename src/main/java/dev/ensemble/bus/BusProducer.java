package dev.ensemble.bus;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import dev.ensemble.store.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * The bus of this server: in-process unless {@code REDIS_URL} names a Redis, whose messages are
 * then signed with the key the store keeps for the deployment.
 */
@ApplicationScoped
public class BusProducer {

  /** Most bytes of messages waiting for a slow Redis before they are dropped. */
  private static final long MAX_QUEUED_BYTES = 64L << 20;

  @Produces
  @Singleton
  OperationBus bus(EnsembleConfig config, ServerThreads threads, StoreHealth store) {
    return config
        .redisUrl()
        .<OperationBus>map(
            url ->
                new RedisOperationBus(
                    new RedisBusSettings(
                        URI.create(url),
                        config.redisTrustStore().map(RedisTls::socketFactory),
                        config.redisPing(),
                        MAX_QUEUED_BYTES,
                        store::busKey),
                    loop -> threads.loops().newThread(loop).start(),
                    threads.scheduler()))
        .orElseGet(LocalOperationBus::standalone);
  }

  void close(@Disposes OperationBus bus) {
    bus.close();
  }
}
