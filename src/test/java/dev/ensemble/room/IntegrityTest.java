package dev.ensemble.room;

import static dev.ensemble.room.TestServers.join;
import static dev.ensemble.room.TestServers.typeA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.ForwardingStore;
import dev.ensemble.store.HistoryGapException;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.MemoryStore;
import dev.ensemble.store.OperationStore;
import dev.ensemble.testing.CapturedLog;
import dev.ensemble.wire.ClientMessages;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is lost and the log never has a hole, whatever the store forgets: lost
 * operations are written back from memory, and where they cannot be, the room says so and refuses
 * edits instead of committing above the gap.
 */
class IntegrityTest {

  private MemoryStore memory;
  private TestServers servers;

  @BeforeEach
  void open() {
    memory = new MemoryStore();
    servers = new TestServers();
  }

  @AfterEach
  void close() {
    servers.close();
    memory.close();
  }

  private static void typeAs(RoomManager server, String room, RecordingPeer peer, int count) {
    for (int i = 0; i < count; i++) {
      typeA(server, room, peer, i, i + 1);
      long seq = i + 1;
      peer.await("ack", a -> a.getJsonNumber("seq").longValue() == seq);
    }
  }

  private List<CommittedOp> storedLog(String room) {
    return memory.store().findOpsAfter(room, 0, Integer.MAX_VALUE);
  }

  @Test
  void operationsTheStoreLostAreWrittenBackFromMemory() {
    RoomManager one = servers.start("one", memory.store());
    RecordingPeer alice = join(one, "lost", "alice");
    typeAs(one, "lost", alice, 5);

    memory.forgetAfter("lost", 3);
    one.verifyActiveRooms();

    await().until(() -> storedLog("lost").size() == 5);
    assertThat(storedLog("lost")).extracting(CommittedOp::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    typeA(one, "lost", alice, 5, 6);
    assertThat(alice.await("ack", a -> a.getInt("seq") == 6).getInt("v")).isEqualTo(6);
    assertThat(one.troubledRooms()).isEmpty();
  }

  @Test
  void whenTheyAreNoLongerInMemoryTheRoomRefusesEditsAndSaysWhich() {
    RoomSettings smallWindow = SimulatedCluster.settings().serverId("one").windowSize(2).build();
    RoomManager one = servers.start(memory.store(), LocalOperationBus.standalone(), smallWindow);
    RecordingPeer alice = join(one, "forgotten", "alice");
    typeAs(one, "forgotten", alice, 6);
    memory.forgetAfter("forgotten", 2);

    try (CapturedLog log = CapturedLog.of(RoomLog.class)) {
      one.verifyActiveRooms();

      JsonObject told = alice.await("error", e -> !e.containsKey("seq"));
      assertThat(told.getString("code")).isEqualTo("store-diverged");
      assertThat(told.getBoolean("retryable")).isFalse();
      await().until(() -> !log.messages(Level.SEVERE).isEmpty());
      assertThat(log.messages(Level.SEVERE).get(0)).contains("forgotten").contains("3..6");
    }
    typeA(one, "forgotten", alice, 6, 7);
    JsonObject refused = alice.await("error", e -> e.getInt("seq", 0) == 7);
    assertThat(refused.getString("code")).isEqualTo("store-diverged");
    assertThat(refused.getBoolean("retryable")).isFalse();
    assertThat(one.troubledRooms()).isEqualTo(Map.of("forgotten", "store-diverged"));
    assertThat(storedLog("forgotten")).hasSize(2);
    assertThat(memory.store().lastVersion("forgotten")).hasValue(2);
  }

  @Test
  void noServerAppendsAboveAGap() {
    RoomManager one = servers.start("one", memory.store());
    RoomManager two = servers.start("two", memory.store());
    RecordingPeer alice = join(one, "gap", "alice");
    typeAs(one, "gap", alice, 6);
    memory.forgetAfter("gap", 3);

    // another server opens the room from what the store still has, and commits version 4
    RecordingPeer bob = join(two, "gap", "bob");
    assertThat(bob.await("snapshot").getInt("v")).isEqualTo(3);
    typeA(two, "gap", bob, 3, 1);
    bob.await("ack");
    // the first server still has 4..6 of its own in memory
    typeA(one, "gap", alice, 6, 7);

    JsonObject refused = alice.await("error", e -> e.getInt("seq", 0) == 7);
    assertThat(refused.getString("code")).isEqualTo("store-diverged");
    assertThat(memory.store().lastVersion("gap")).hasValue(4);
    assertThat(storedLog("gap")).hasSize(4);
  }

  @Test
  void aReadThatMeetsAHoleFailsInsteadOfSkippingIt() {
    RoomManager one = servers.start("one", memory.store());
    RecordingPeer alice = join(one, "holed", "alice");
    typeAs(one, "holed", alice, 5);

    memory.punchHole("holed", 3);

    assertThatThrownBy(() -> memory.store().findOps("holed", 0, 5))
        .isInstanceOf(HistoryGapException.class)
        .hasMessageContaining("version 3");
    assertThatThrownBy(() -> memory.store().findOpsAfter("holed", 1, 100))
        .isInstanceOf(HistoryGapException.class);
  }

  @Test
  void aCatchUpThatMeetsAHoleIsAnsweredWithTheDocument() {
    RoomSettings smallWindow = SimulatedCluster.settings().serverId("one").windowSize(2).build();
    RoomManager one = servers.start(memory.store(), LocalOperationBus.standalone(), smallWindow);
    RecordingPeer alice = join(one, "holed", "alice");
    typeAs(one, "holed", alice, 5);
    memory.punchHole("holed", 2);
    RecordingPeer bob = join(one, "holed", "bob");

    one.handle("holed", bob, ClientMessages.decode("{\"type\":\"catchup\",\"v\":0}"));

    await().until(() -> bob.count("snapshot") == 2);
    assertThat(bob.count("op")).isZero();
  }

  @Test
  void aStoredOperationThatDoesNotApplyBreaksTheRoomWithAClearError() {
    RoomManager one = servers.start("one", memory.store());
    RecordingPeer alice = join(one, "corrupt", "alice");
    typeAs(one, "corrupt", alice, 3);
    memory.corrupt("corrupt", 2);

    RoomManager two = servers.start("two", memory.store());
    RecordingPeer bob = new RecordingPeer("bob");
    two.join("corrupt", bob);

    JsonObject told = bob.await("error");
    assertThat(told.getString("code")).isEqualTo("room-broken");
    assertThat(told.getString("message")).contains("operation 2");
    typeA(two, "corrupt", bob, 1, 1);
    assertThat(bob.await("error", e -> e.getInt("seq", 0) == 1).getString("code"))
        .isEqualTo("room-broken");
    assertThat(two.troubledRooms()).containsEntry("corrupt", "room-broken");
  }

  @Test
  void anUnexpectedFailureAnswersEverySubmissionOfTheBatch() {
    AtomicBoolean fail = new AtomicBoolean(true);
    OperationStore failingOnce =
        new ForwardingStore(memory.store()) {
          @Override
          public AppendResult claim(LogHead head, List<CommittedOp> ops) {
            if (fail.getAndSet(false)) {
              throw new IllegalStateException("a bug in the commit path");
            }
            return super.claim(head, ops);
          }
        };
    RoomManager one =
        servers.start(
            failingOnce, LocalOperationBus.standalone(), SimulatedCluster.settings("one"));
    RecordingPeer alice = join(one, "bug", "alice");

    try (CapturedLog log = CapturedLog.of(RoomLog.class)) {
      for (int seq = 1; seq <= 3; seq++) {
        one.handle("bug", alice, RecordingPeer.op(0, "[\"x\"]", "alice", seq));
      }

      await().until(() -> alice.count("error") + alice.count("ack") == 3);
      assertThat(log.messages(Level.SEVERE)).hasSize(1);
    }
    for (JsonObject error :
        alice.received.stream().filter(m -> m.getString("type").equals("error")).toList()) {
      assertThat(error.getString("code")).isEqualTo("internal-error");
      assertThat(error.getBoolean("retryable")).isTrue();
    }
    assertThat(alice.count("error")).isPositive();
    one.handle("bug", alice, RecordingPeer.op(0, "[\"y\"]", "alice", 4));
    assertThat(alice.await("ack", a -> a.getInt("seq") == 4)).isNotNull();
  }
}
