package dev.ensemble.store;

import dev.ensemble.config.EnsembleConfig;
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

  @Produces
  @Singleton
  OperationStore store(StoreConnection connection, EnsembleConfig config) {
    MongoOperationStore store =
        new MongoOperationStore(
            connection.database(), connection.durability(), config.milestoneInterval());
    store.initialize();
    return store;
  }
}
