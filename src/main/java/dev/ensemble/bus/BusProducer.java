package dev.ensemble.bus;

import dev.ensemble.config.EnsembleConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;

/** The bus of this server: in-process unless {@code REDIS_URL} names a Redis. */
@ApplicationScoped
public class BusProducer {

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  @Produces
  @Singleton
  OperationBus bus(EnsembleConfig config) {
    return config
        .redisUrl()
        .<OperationBus>map(
            url -> new RedisOperationBus(URI.create(url), executor, scheduler, config.redisPing()))
        .orElseGet(LocalOperationBus::standalone);
  }

  void close(@Disposes OperationBus bus) {
    bus.close();
  }
}
