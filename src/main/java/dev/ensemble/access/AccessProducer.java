package dev.ensemble.access;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.store.StoreConnection;
import dev.ensemble.store.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The access store beside the documents, and the audit trail of this server. */
@ApplicationScoped
public class AccessProducer {

  @Produces
  @Singleton
  AccessStore store(StoreConnection connection, StoreHealth health) {
    AccessStore store = new AccessStore(connection.database(), connection.durability());
    health.setUpWith(store::createIndexes);
    return store;
  }

  @Produces
  @Singleton
  RoomVisits visits(StoreConnection connection, StoreHealth health) {
    RoomVisits visits = new RoomVisits(connection.database());
    health.setUpWith(visits::createIndexes);
    return visits;
  }

  @Produces
  @Singleton
  Audit audit(EnsembleConfig config) {
    return new Audit(config.serverId());
  }
}
