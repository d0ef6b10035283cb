package dev.ensemble.room;

import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Several room managers in one JVM, as if they were servers: one shared store (the MongoDB-wire
 * server in memory, through the real driver) and local buses joined by one hub.
 */
final class SimulatedCluster implements AutoCloseable {

  final MemoryStore store;
  final List<RoomManager> servers = new ArrayList<>();
  private final List<ExecutorService> pools = new ArrayList<>();
  private final List<LocalOperationBus> buses = new ArrayList<>();

  SimulatedCluster(int serverCount, RoomSettings.Builder settings) {
    store = new MemoryStore(25);
    LocalOperationBus.Hub hub = new LocalOperationBus.Hub();
    for (int i = 1; i <= serverCount; i++) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
      LocalOperationBus bus = new LocalOperationBus(hub);
      pools.add(pool);
      pools.add(scheduler);
      buses.add(bus);
      servers.add(
          new RoomManager(
              store.store(), bus, pool, scheduler, settings.serverId("server-" + i).build()));
    }
  }

  /** The settings of the simulated servers: small windows and intervals, so that all paths run. */
  static RoomSettings.Builder settings() {
    return RoomSettings.builder()
        .maxDocumentChars(100_000)
        .windowSize(50)
        .snapshotInterval(10)
        .milestoneInterval(25);
  }

  static RoomSettings settings(String serverId) {
    return settings().serverId(serverId).build();
  }

  @Override
  public void close() {
    servers.forEach(s -> s.shutdown(Duration.ofSeconds(5)));
    pools.forEach(ExecutorService::shutdownNow);
    buses.forEach(LocalOperationBus::close);
    store.close();
  }
}
