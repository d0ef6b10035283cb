package dev.ensemble.room;

import static dev.ensemble.room.TestServers.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.store.MemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the rooms tell the server's metrics, with the servers' own threads, store and bus. */
class RoomObserverTest {

  /** Counts what it hears, as the server's metrics do. */
  private static final class Recorder implements RoomObserver {
    final AtomicInteger committed = new AtomicInteger();
    final AtomicInteger conflicts = new AtomicInteger();
    final AtomicInteger resends = new AtomicInteger();
    final AtomicInteger forwarded = new AtomicInteger();
    final AtomicInteger takenBack = new AtomicInteger();
    final List<Duration> acks = new CopyOnWriteArrayList<>();
    final List<Duration> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void committed(int ops) {
      committed.addAndGet(ops);
    }

    @Override
    public void versionConflict() {
      conflicts.incrementAndGet();
    }

    @Override
    public void resent() {
      resends.incrementAndGet();
    }

    @Override
    public void acknowledged(Duration latency) {
      acks.add(latency);
    }

    @Override
    public void delivered(Duration lag) {
      deliveries.add(lag);
    }

    @Override
    public void forwarded() {
      forwarded.incrementAndGet();
    }

    @Override
    public void takenBack(int edits) {
      takenBack.addAndGet(edits);
    }
  }

  private final MemoryStore store = new MemoryStore();
  private final TestServers servers = new TestServers();

  @AfterEach
  void close() {
    servers.close();
    store.close();
  }

  private RoomManager server(String id, LocalOperationBus bus, Recorder recorder) {
    RoomManager server = servers.start(store.store(), bus, SimulatedCluster.settings(id));
    server.reportTo(recorder);
    return server;
  }

  @Test
  void everyAcknowledgedEditIsCountedAndTimedOnceAndAResendOnlyTimed() {
    Recorder recorder = new Recorder();
    RoomManager one = server("one", LocalOperationBus.standalone(), recorder);
    RecordingPeer alice = join(one, "acks", "alice");
    for (int seq = 1; seq <= 3; seq++) {
      TestServers.typeA(one, "acks", alice, seq - 1, seq);
      long expected = seq;
      alice.await("ack", a -> a.getJsonNumber("seq").longValue() == expected);
    }
    one.handle("acks", alice, RecordingPeer.op(0, "[\"a\"]", "alice", 1));

    await().untilAsserted(() -> assertThat(recorder.acks).hasSize(4));
    assertThat(recorder.committed).hasValue(3);
    assertThat(recorder.resends).hasValue(1);
    assertThat(recorder.acks).allMatch(d -> !d.isNegative() && d.toSeconds() < 5);
    assertThat(recorder.deliveries).isEmpty();
  }

  @Test
  void anOperationFromAnotherServerIsTimedWhereItArrivesNotWhereItWasCommitted() {
    LocalOperationBus.Hub hub = new LocalOperationBus.Hub();
    Recorder committing = new Recorder();
    Recorder receiving = new Recorder();
    RoomManager one = server("one", new LocalOperationBus(hub), committing);
    RoomManager two = server("two", new LocalOperationBus(hub), receiving);
    RecordingPeer alice = join(one, "lag", "alice");
    RecordingPeer bob = join(two, "lag", "bob");

    TestServers.typeA(one, "lag", alice, 0, 1);

    bob.await("op");
    await().untilAsserted(() -> assertThat(receiving.deliveries).hasSize(1));
    assertThat(receiving.deliveries.get(0)).isBetween(Duration.ZERO, Duration.ofSeconds(5));
    assertThat(receiving.committed).hasValue(0);
    assertThat(committing.deliveries).isEmpty();
    assertThat(committing.committed).hasValue(1);
  }

  @Test
  void aForwardedEditIsCountedAndTimedWhereItsAuthorIsAndTakenBackWhenUnanswered() {
    LocalOperationBus.Hub hub = new LocalOperationBus.Hub();
    Recorder committing = new Recorder();
    Recorder forwarding = new Recorder();
    LocalOperationBus busOne = new LocalOperationBus(hub);
    RoomManager one = server("one", busOne, committing);
    RoomManager two =
        servers.start(
            store.store(),
            new LocalOperationBus(hub),
            SimulatedCluster.settings()
                .serverId("two")
                .forwardTimeout(Duration.ofMillis(200))
                .build());
    two.reportTo(forwarding);
    RecordingPeer alice = join(one, "forwarded", "alice");
    RecordingPeer bob = join(two, "forwarded", "bob");
    TestServers.typeA(one, "forwarded", alice, 0, 1);
    bob.await("op");

    TestServers.typeA(two, "forwarded", bob, 1, 1);
    bob.await("ack");
    busOne.close();
    TestServers.typeA(two, "forwarded", bob, 2, 2);
    bob.await("ack", a -> a.getJsonNumber("seq").longValue() == 2);

    assertThat(forwarding.forwarded).hasValue(2);
    assertThat(forwarding.takenBack).hasValue(1);
    assertThat(forwarding.committed).hasValue(1);
    assertThat(forwarding.acks).hasSize(2);
    assertThat(committing.committed).hasValue(2);
    assertThat(committing.acks).hasSize(1);
  }

  @Test
  void aVersionTakenByAnotherServerIsAConflict() {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    RoomManager one = server("one", LocalOperationBus.standalone(), first);
    RoomManager two = server("two", LocalOperationBus.standalone(), second);
    RecordingPeer alice = join(one, "race", "alice");
    RecordingPeer bob = join(two, "race", "bob");

    one.handle("race", alice, RecordingPeer.op(0, "[\"aaa\"]", "alice", 1));
    alice.await("ack");
    two.handle("race", bob, RecordingPeer.op(0, "[\"bbb\"]", "bob", 1));
    bob.await("ack");

    assertThat(second.conflicts).hasValue(1);
    assertThat(second.committed).hasValue(1);
    assertThat(first.conflicts).hasValue(0);
  }
}
