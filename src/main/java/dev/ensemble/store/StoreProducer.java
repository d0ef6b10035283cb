package dev.ensemble.store;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Creates the store once per application and closes it when the application stops. */
@ApplicationScoped
public class StoreProducer {

  @Produces
  @Singleton
  StoreConnection connection(EnsembleConfig config) {
    return StoreConnection.open(config.mongoUri(), config.dataDir(), config.storeTimeout());
  }

  void close(@Disposes StoreConnection connection) {
    connection.close();
  }

  /** The store; its indexes are made by {@link StoreHealth} once the store answers. */
  @Produces
  @Singleton
  OperationStore store(StoreConnection connection, EnsembleConfig config) {
    return new MongoOperationStore(
        connection.database(), connection.durability(), config.milestoneInterval());
  }

  @Produces
  @Singleton
  StoreHealth health(OperationStore store, ServerThreads threads, EnsembleConfig config) {
    return new StoreHealth(store, config.storeCheckPeriod()).start(threads.loops());
  }

  void close(@Disposes StoreHealth health) {
    health.close();
  }
}
