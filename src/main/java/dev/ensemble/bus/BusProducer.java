package dev.ensemble.bus;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;

/** The bus of this server: in-process unless {@code REDIS_URL} names a Redis. */
@ApplicationScoped
public class BusProducer {

  @Produces
  @Singleton
  OperationBus bus(EnsembleConfig config, ServerThreads threads) {
    return config
        .redisUrl()
        .<OperationBus>map(
            url ->
                new RedisOperationBus(
                    URI.create(url),
                    loop -> threads.loops().newThread(loop).start(),
                    threads.scheduler(),
                    config.redisPing()))
        .orElseGet(LocalOperationBus::standalone);
  }

  void close(@Disposes OperationBus bus) {
    bus.close();
  }
}
