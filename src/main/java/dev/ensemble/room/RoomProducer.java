package dev.ensemble.room;

import dev.ensemble.bus.OperationBus;
import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import dev.ensemble.store.OperationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the room manager to the store, the bus and the server's threads. */
@ApplicationScoped
public class RoomProducer {

  @Produces
  @Singleton
  RoomManager roomManager(
      OperationStore store, OperationBus bus, ServerThreads threads, EnsembleConfig config) {
    RoomManager rooms =
        new RoomManager(store, bus, threads.workers(), threads.scheduler(), settings(config));
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
