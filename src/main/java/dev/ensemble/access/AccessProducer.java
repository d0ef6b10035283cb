package dev.ensemble.access;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.store.StoreConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The access store beside the documents, and the audit trail of this server. */
@ApplicationScoped
public class AccessProducer {

  @Produces
  @Singleton
  AccessStore store(StoreConnection connection) {
    return new AccessStore(connection.database(), connection.durability());
  }

  @Produces
  @Singleton
  RoomVisits visits(StoreConnection connection) {
    return new RoomVisits(connection.database());
  }

  @Produces
  @Singleton
  Audit audit(EnsembleConfig config) {
    return new Audit(config.serverId());
  }
}
