package dev.ensemble.room;

import static dev.ensemble.room.TestServers.join;
import static dev.ensemble.room.TestServers.typeA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.ForwardingStore;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.MemoryStore;
import dev.ensemble.store.OperationStore;
import dev.ensemble.wire.ClientMessages;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commit protocol step by step, on the real store through the driver. */
class CommitProtocolTest {

  private MemoryStore store;
  private final TestServers servers = new TestServers();

  @BeforeEach
  void openStore() {
    store = new MemoryStore();
  }

  @AfterEach
  void close() {
    servers.close();
    store.close();
  }

  /** A server with a bus of its own: it hears nothing from the others. */
  private RoomManager server(String id, RoomSettings settings) {
    return servers.start(store.store(), LocalOperationBus.standalone(), settings);
  }

  private RoomManager server(String id) {
    return server(id, SimulatedCluster.settings(id));
  }

  @Test
  void aTakenVersionIsCaughtUpTransformedAndRetried() {
    RoomManager one = server("one");
    RoomManager two = server("two");
    RecordingPeer alice = join(one, "race", "alice");
    RecordingPeer bob = join(two, "race", "bob");

    one.handle("race", alice, RecordingPeer.op(0, "[\"aaa\"]", "alice", 1));
    alice.await("ack");
    two.handle("race", bob, RecordingPeer.op(0, "[\"bbb\"]", "bob", 1));

    JsonObject ack = bob.await("ack");
    assertThat(ack.getJsonNumber("v").longValue()).isEqualTo(2);
    JsonObject missed = bob.await("op");
    assertThat(missed.getJsonNumber("v").longValue()).isEqualTo(1);
    assertThat(bob.received.indexOf(missed)).isLessThan(bob.received.indexOf(ack));
    assertThat(two.metrics().versionConflicts()).isEqualTo(1);
    List<CommittedOp> log = store.store().findOps("race", 0, 2);
    assertThat(log.get(1).op().apply(log.get(0).op().apply(""))).isEqualTo("aaabbb");
  }

  /**
   * A server that dies after its claims and before their documents: what it acknowledged is
   * committed all the same, read from the claims, and the next writer writes the documents.
   */
  @Test
  void operationsAcknowledgedOnTheirClaimAloneAreReadAndWrittenForwardByTheNextWriter() {
    OperationStore diesBeforeItsDocuments =
        new ForwardingStore(store.store()) {
          @Override
          public void writeClaimed(List<CommittedOp> ops) {}
        };
    RoomManager one =
        servers.start(
            diesBeforeItsDocuments,
            LocalOperationBus.standalone(),
            SimulatedCluster.settings("one"));
    RecordingPeer alice = join(one, "claimed", "alice");
    for (int seq = 1; seq <= 3; seq++) {
      String op = seq == 1 ? "[\"a\"]" : "[" + (seq - 1) + ",\"a\"]";
      one.handle("claimed", alice, RecordingPeer.op(seq - 1, op, "alice", seq));
      long expected = seq;
      alice.await("ack", a -> a.getJsonNumber("seq").longValue() == expected);
    }

    // each claim after the first wrote its predecessors' documents; the last is in its claim only
    assertThat(store.documentVersions("claimed")).containsExactly(1L, 2L);
    assertThat(store.store().findOpsAfter("claimed", 0, 100))
        .extracting(CommittedOp::seq)
        .containsExactly(1L, 2L, 3L);

    RoomManager two = server("two");
    RecordingPeer bob = join(two, "claimed", "bob");
    assertThat(bob.await("snapshot").getString("content")).isEqualTo("aaa");
    two.handle("claimed", bob, RecordingPeer.op(3, "[3,\"b\"]", "bob", 1));
    assertThat(bob.await("ack").getJsonNumber("v").longValue()).isEqualTo(4);
    assertThat(store.documentVersions("claimed")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(store.store().findOps("claimed", 0, 4))
        .extracting(CommittedOp::src)
        .containsExactly("alice", "alice", "alice", "bob");
  }

  @Test
  void aResendIsAcknowledgedWithTheVersionItGotTheFirstTime() {
    RoomManager one = server("one");
    RecordingPeer alice = join(one, "resend", "alice");
    one.handle("resend", alice, RecordingPeer.op(0, "[\"x\"]", "alice", 7));
    alice.await("ack");
    RecordingPeer again = join(one, "resend", "alice-again");

    one.handle("resend", again, RecordingPeer.op(0, "[\"x\"]", "alice", 7));

    assertThat(again.await("ack").getJsonNumber("v").longValue()).isEqualTo(1);
    assertThat(store.store().findOpsAfter("resend", 0, 100)).hasSize(1);
    assertThat(one.metrics().resends()).isEqualTo(1);
  }

  @Test
  void aResendToAnotherServerIsRecognisedAfterTheRace() {
    RoomManager one = server("one");
    RoomManager two = server("two");
    RecordingPeer first = join(one, "moved", "first");
    RecordingPeer second = join(two, "moved", "second");

    one.handle("moved", first, RecordingPeer.op(0, "[\"x\"]", "carol", 3));
    first.await("ack");
    two.handle("moved", second, RecordingPeer.op(0, "[\"x\"]", "carol", 3));

    assertThat(second.await("ack").getJsonNumber("v").longValue()).isEqualTo(1);
    assertThat(store.store().findOpsAfter("moved", 0, 100)).hasSize(1);
  }

  @Test
  void queuedSubmissionsAreCommittedInOneWrite() {
    RoomManager one = server("one");
    RecordingPeer alice = join(one, "batch", "alice");
    for (int i = 0; i < 50; i++) {
      one.handle("batch", alice, RecordingPeer.op(0, "[\"" + i + ",\"]", "alice", i));
    }

    await()
        .until(
            () ->
                alice.received.stream().filter(m -> m.getString("type").equals("ack")).count()
                    == 50);
    assertThat(one.metrics().commits()).isEqualTo(50);
    assertThat(one.metrics().batches()).isLessThan(50);
    assertThat(store.store().findOpsAfter("batch", 0, 100)).hasSize(50);
  }

  @Test
  void anEditArrivingAfterItsSessionLeftIsNotCommitted() throws Exception {
    CountDownLatch appending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OperationStore slow =
        new ForwardingStore(store.store()) {
          @Override
          public AppendResult claim(LogHead head, List<CommittedOp> ops) {
            appending.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.claim(head, ops);
          }
        };
    RoomManager one =
        servers.start(slow, LocalOperationBus.standalone(), SimulatedCluster.settings("one"));
    RecordingPeer alice = join(one, "left", "alice");
    RecordingPeer bob = join(one, "left", "bob");
    one.handle("left", alice, RecordingPeer.op(0, "[\"a\"]", "alice", 1));
    appending.await();

    // while alice's edit is being written, bob's connection is dropped (a stall), and an edit of
    // his arrives late over it
    one.leave("left", bob);
    one.handle("left", bob, RecordingPeer.op(0, "[\"b\"]", "bob", 1));
    release.countDown();

    alice.await("ack");
    await().until(() -> one.activeRoom("left").orElseThrow().sessions() == 1);
    typeA(one, "left", alice, 1, 2);
    alice.await("ack", a -> a.getInt("seq") == 2);
    assertThat(store.store().findOpsAfter("left", 0, 10))
        .extracting(CommittedOp::src)
        .containsExactly("alice", "alice");
  }

  @Test
  void aCatchUpOnAConnectionGetsTheVersionsAfterItsSnapshotToo() {
    RoomManager one = server("one");
    RecordingPeer alice = join(one, "again", "alice");
    typeA(one, "again", alice, 0, 1);
    alice.await("ack");
    RecordingPeer bob = join(one, "again", "bob");
    for (int seq = 2; seq <= 4; seq++) {
      typeA(one, "again", alice, seq - 1, seq);
      int expected = seq;
      alice.await("ack", a -> a.getInt("seq") == expected);
    }
    bob.await("op", o -> o.getInt("v") == 4);

    // bob found version 3 missing, as after a message lost on the way
    one.handle("again", bob, ClientMessages.decode("{\"type\":\"catchup\",\"v\":2}"));

    await()
        .until(
            () ->
                bob.received.stream()
                        .filter(m -> m.getString("type").equals("op") && m.getInt("v") == 3)
                        .count()
                    == 2);
  }

  @Test
  void refusesFutureVersionsBadOpsAndOversizedDocuments() {
    RoomSettings small = SimulatedCluster.settings().serverId("one").maxDocumentChars(10).build();
    RoomManager one = server("one", small);
    RecordingPeer alice = join(one, "limits", "alice");

    one.handle("limits", alice, RecordingPeer.op(5, "[\"x\"]", "alice", 1));
    assertThat(alice.await("error", e -> e.getInt("seq") == 1).getString("code"))
        .isEqualTo("future-version");
    one.handle("limits", alice, RecordingPeer.op(0, "[3,\"x\"]", "alice", 2));
    assertThat(alice.await("error", e -> e.getInt("seq") == 2).getString("code"))
        .isEqualTo("bad-op");
    one.handle("limits", alice, RecordingPeer.op(0, "[\"01234567890\"]", "alice", 3));
    JsonObject tooLarge = alice.await("error", e -> e.getInt("seq") == 3);
    assertThat(tooLarge.getString("code")).isEqualTo("document-too-large");
    assertThat(tooLarge.getBoolean("retryable")).isFalse();

    one.handle("limits", alice, RecordingPeer.op(0, "[\"fits\"]", "alice", 4));
    assertThat(alice.await("ack").getInt("seq")).isEqualTo(4);
  }

  @Test
  void anUnreachableStoreGivesARetryableError() {
    RoomManager one = server("one");
    RecordingPeer alice = join(one, "down", "alice");
    store.stopServer();

    one.handle("down", alice, RecordingPeer.op(0, "[\"x\"]", "alice", 1));

    JsonObject error = alice.await("error");
    assertThat(error.getString("code")).isEqualTo("store-unavailable");
    assertThat(error.getBoolean("retryable")).isTrue();
    assertThat(error.getInt("seq")).isEqualTo(1);
  }

  @Test
  void anIdleRoomIsDroppedAfterTheGracePeriodWithItsSnapshotSaved() {
    RoomSettings quick =
        SimulatedCluster.settings()
            .serverId("one")
            .snapshotInterval(1000)
            .idleGrace(Duration.ofMillis(200))
            .build();
    RoomManager one = server("one", quick);
    RecordingPeer alice = join(one, "idle", "alice");
    one.handle("idle", alice, RecordingPeer.op(0, "[\"kept\"]", "alice", 1));
    alice.await("ack");
    assertThat(one.activeRoom("idle")).isPresent();

    one.leave("idle", alice);

    await().atMost(Duration.ofSeconds(5)).until(() -> one.activeRoom("idle").isEmpty());
    assertThat(store.store().findDocument("idle").orElseThrow().content()).isEqualTo("kept");
    RecordingPeer bob = join(one, "idle", "bob");
    assertThat(bob.await("snapshot").getString("content")).isEqualTo("kept");
  }

  @Test
  void shutdownClosesSessionsWithServiceRestart() {
    RoomManager one = server("one");
    RecordingPeer alice = join(one, "stop", "alice");

    one.shutdown(Duration.ofSeconds(5));

    assertThat(alice.closed).isEqualTo(Disconnect.SERVER_STOPPING);
    RecordingPeer late = new RecordingPeer("late");
    one.join("stop", late);
    assertThat(late.closed).isEqualTo(Disconnect.SERVER_STOPPING);
  }

  @Test
  void shutdownLeavesNoIdleCheckBehind() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    timers.setRemoveOnCancelPolicy(true);
    RoomManager one =
        servers.start(
            store.store(),
            LocalOperationBus.standalone(),
            SimulatedCluster.settings("one"),
            timers);
    RecordingPeer alice = join(one, "idle", "alice");
    one.leave("idle", alice);
    await().until(() -> timers.getQueue().size() == 1);

    one.shutdown(Duration.ofSeconds(5));

    // a check left behind would run after the application stopped, when the container refuses it
    assertThat(timers.getQueue()).isEmpty();
  }
}
