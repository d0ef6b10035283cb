package dev.ensemble.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.store.MemoryStore;
import dev.ensemble.wire.ClientMessages;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class PresenceExpiryTest {

  @Test
  void theCursorsOfAServerThatWentSilentDisappearElsewhere() {
    LocalOperationBus.Hub hub = new LocalOperationBus.Hub();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    LocalOperationBus dyingBus = new LocalOperationBus(hub);
    try (MemoryStore store = new MemoryStore()) {
      RoomManager dying =
          new RoomManager(
              store.store(), dyingBus, pool, scheduler, SimulatedCluster.settings("dying"));
      RoomManager staying =
          new RoomManager(
              store.store(),
              new LocalOperationBus(hub),
              pool,
              scheduler,
              SimulatedCluster.settings("staying"));
      dying.refreshPresenceEvery(Duration.ofMillis(100));
      staying.refreshPresenceEvery(Duration.ofMillis(100));
      RecordingPeer alice = new RecordingPeer("alice");
      RecordingPeer bob = new RecordingPeer("bob");
      dying.join("room", alice);
      staying.join("room", bob);
      alice.await("snapshot");
      bob.await("snapshot");

      dying.handle(
          "room",
          alice,
          ClientMessages.decode(
              "{\"type\":\"presence\",\"name\":\"Alice\",\"color\":\"#123456\",\"v\":0,\"selections\":[[0,0]]}"));
      assertThat(bob.await("presence").getString("name")).isEqualTo("Alice");

      dyingBus.close();

      assertThat(bob.await("presence", m -> m.getBoolean("left", false)).getString("clientId"))
          .isEqualTo("alice");
      staying.shutdown(Duration.ofSeconds(5));
      dying.shutdown(Duration.ofSeconds(5));
    } finally {
      pool.shutdownNow();
      scheduler.shutdownNow();
    }
  }
}
