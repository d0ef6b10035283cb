package dev.ensemble.bus;

import dev.ensemble.config.EnsembleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The bus of this server: in-process unless {@code REDIS_URL} names a Redis. */
@ApplicationScoped
public class BusProducer {

  @Produces
  @Singleton
  OperationBus bus(EnsembleConfig config) {
    if (config.redisUrl().isPresent()) {
      throw new IllegalStateException("REDIS_URL is set, but this build has no Redis bus yet");
    }
    return LocalOperationBus.standalone();
  }

  void close(@Disposes OperationBus bus) {
    bus.close();
  }
}
