package dev.ensemble.room;

import dev.ensemble.bus.OperationBus;
import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.store.OperationStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the room manager to the store, the bus and the server's managed threads. */
@ApplicationScoped
public class RoomProducer {

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  @Produces
  @Singleton
  RoomManager roomManager(OperationStore store, OperationBus bus, EnsembleConfig config) {
    RoomManager rooms = new RoomManager(store, bus, executor, scheduler, settings(config));
    rooms.pollWhileBusIsDown(config.pollInterval());
    rooms.refreshPresenceEvery(config.presenceRefresh());
    return rooms;
  }

  @Produces
  @Singleton
  RoomHistory history(OperationStore store, RoomManager rooms) {
    return new RoomHistory(store, rooms);
  }

  static RoomSettings settings(EnsembleConfig config) {
    return new RoomSettings(
        config.serverId(),
        config.maxDocumentChars(),
        config.windowSize(),
        config.commitRetries(),
        config.batchLimit(),
        config.snapshotInterval(),
        config.milestoneInterval(),
        config.roomIdle());
  }
}
