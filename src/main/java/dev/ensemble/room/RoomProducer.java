package dev.ensemble.room;

import dev.ensemble.bus.OperationBus;
import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import dev.ensemble.store.OperationStore;
import dev.ensemble.store.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the room manager to the store, the bus and the server's threads. */
@ApplicationScoped
public class RoomProducer {

  @Produces
  @Singleton
  RoomManager roomManager(
      OperationStore store,
      StoreHealth health,
      OperationBus bus,
      ServerThreads threads,
      EnsembleConfig config,
      RoomObserver observer) {
    RoomManager rooms =
        new RoomManager(store, bus, threads.workers(), threads.roomTimers(), settings(config));
    rooms.reportTo(observer);
    health.onRecovery(rooms::verifyActiveRooms);
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
    return RoomSettings.builder()
        .serverId(config.serverId())
        .maxDocumentChars(config.maxDocumentChars())
        .maxFrameBytes(config.maxFrameBytes())
        .windowSize(config.windowSize())
        .windowBytes(config.windowBytes())
        .maxBehind(config.maxBehind())
        .commitRetries(config.commitRetries())
        .batchLimit(config.batchLimit())
        .snapshotInterval(config.snapshotInterval())
        .milestoneInterval(config.milestoneInterval())
        .idleGrace(config.roomIdle())
        .heartbeat(config.heartbeat())
        .forwardTimeout(config.forwardTimeout())
        .build();
  }
}
