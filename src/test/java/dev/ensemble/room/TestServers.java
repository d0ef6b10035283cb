package dev.ensemble.room;

import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.bus.OperationBus;
import dev.ensemble.store.OperationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Room managers for tests, each on threads of its own, all shut down together. */
final class TestServers implements AutoCloseable {

  private final List<ExecutorService> pools = new ArrayList<>();
  private final List<RoomManager> servers = new ArrayList<>();

  /** A server with its own bus: it hears nothing from the others. */
  RoomManager start(String id, OperationStore store) {
    return start(store, LocalOperationBus.standalone(), SimulatedCluster.settings(id));
  }

  RoomManager start(OperationStore store, OperationBus bus, RoomSettings settings) {
    return start(store, bus, settings, Executors.newSingleThreadScheduledExecutor());
  }

  /** A server whose timers run on {@code scheduler}, which the test may look into. */
  RoomManager start(
      OperationStore store,
      OperationBus bus,
      RoomSettings settings,
      ScheduledExecutorService scheduler) {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    pools.add(pool);
    pools.add(scheduler);
    RoomManager server = new RoomManager(store, bus, pool, scheduler, settings);
    servers.add(server);
    return server;
  }

  /** Joins {@code client} to {@code room} and waits for its snapshot. */
  static RecordingPeer join(RoomManager server, String room, String client) {
    RecordingPeer peer = new RecordingPeer(client);
    server.join(room, peer);
    peer.await("snapshot");
    return peer;
  }

  /** Has {@code peer} insert one "a" at the start of a document of {@code v} characters. */
  static void typeA(RoomManager server, String room, RecordingPeer peer, long v, long seq) {
    String op = v == 0 ? "[\"a\"]" : "[\"a\"," + v + "]";
    server.handle(room, peer, RecordingPeer.op(v, op, peer.src(), seq));
  }

  @Override
  public void close() {
    servers.forEach(s -> s.shutdown(Duration.ofSeconds(5)));
    pools.forEach(ExecutorService::shutdownNow);
  }
}
