package dev.ensemble.room;

import static dev.ensemble.room.TestServers.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.ForwardingStore;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.MemoryStore;
import dev.ensemble.store.OperationStore;
import dev.ensemble.wire.ClientMessages;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message costs bounded work whatever the room's history: a submission or catch-up based far
 * behind the head is answered without reading or transforming through that history.
 */
class BoundedWorkTest {

  private static final String ROOM = "long";
  private static final int HISTORY = 20_000;

  private MemoryStore memory;
  private TestServers servers;
  private final AtomicLong opsRead = new AtomicLong();
  private RoomManager server;

  @BeforeEach
  void aRoomWithALongHistory() {
    memory = new MemoryStore();
    servers = new TestServers();
    writeHistory(memory.store());
    OperationStore counting =
        new ForwardingStore(memory.store()) {
          @Override
          public List<CommittedOp> findOps(String room, long from, long to) {
            return counted(super.findOps(room, from, to));
          }

          @Override
          public List<CommittedOp> findOpsAfter(String room, long from, int limit) {
            return counted(super.findOpsAfter(room, from, limit));
          }
        };
    server =
        servers.start(
            counting,
            LocalOperationBus.standalone(),
            SimulatedCluster.settings().serverId("one").windowSize(100).maxBehind(100).build());
  }

  private List<CommittedOp> counted(List<CommittedOp> ops) {
    opsRead.addAndGet(ops.size());
    return ops;
  }

  /** {@value #HISTORY} one-character inserts, and a snapshot at the end. */
  private static void writeHistory(OperationStore store) {
    store.createDocument(ROOM, "plaintext", "");
    LogHead head = LogHead.origin(ROOM);
    List<CommittedOp> batch = new ArrayList<>();
    for (long v = 1; v <= HISTORY; v++) {
      TextOperation op = TextOperation.builder().retain((int) v - 1).insert("h").build();
      batch.add(new CommittedOp(ROOM, v, op, "history", v, v));
      if (batch.size() == 500) {
        assertThat(store.append(head, batch)).isEqualTo(AppendResult.APPENDED);
        head = batch.get(batch.size() - 1).head();
        batch.clear();
      }
    }
    store.saveSnapshot(new DocumentSnapshot(ROOM, "plaintext", "h".repeat(HISTORY), HISTORY));
  }

  @AfterEach
  void close() {
    servers.close();
    memory.close();
  }

  @Test
  void submissionsBasedOnVersionZeroAreRefusedWithoutReadingTheHistory() {
    RecordingPeer mallory = join(server, ROOM, "mallory");
    long readBefore = opsRead.get();

    for (int seq = 1; seq <= 50; seq++) {
      server.handle(
          ROOM, mallory, RecordingPeer.op(0, "[\"xxxxxxxxxxxxxxxxxxxx\"]", "mallory", seq));
    }

    await().until(() -> mallory.count("error") == 50);
    assertThat(mallory.received.stream().filter(m -> m.getString("type").equals("error")))
        .allSatisfy(
            e -> {
              assertThat(e.getString("code")).isEqualTo("version-too-old");
              assertThat(e.getBoolean("retryable")).isFalse();
            });
    assertThat(opsRead.get() - readBefore).isLessThan(100);
    RecordingPeer newcomer = join(server, ROOM, "newcomer");
    assertThat(newcomer.await("snapshot").getInt("v")).isEqualTo(HISTORY);
    assertThat(server.activeRoom(ROOM).orElseThrow().v()).isEqualTo(HISTORY);
  }

  @Test
  void aCatchUpFromFarBehindGetsTheDocument() {
    RecordingPeer alice = join(server, ROOM, "alice");
    long readBefore = opsRead.get();

    server.handle(ROOM, alice, ClientMessages.decode("{\"type\":\"catchup\",\"v\":0}"));

    await().until(() -> alice.count("snapshot") == 2);
    JsonObject again =
        alice.received.stream()
            .filter(m -> m.getString("type").equals("snapshot"))
            .skip(1)
            .findFirst()
            .orElseThrow();
    assertThat(again.getInt("v")).isEqualTo(HISTORY);
    assertThat(alice.count("op")).isZero();
    assertThat(opsRead.get() - readBefore).isLessThan(100);
  }

  @Test
  void aCatchUpWithinTheBoundGetsTheOperations() {
    RecordingPeer alice = join(server, ROOM, "alice");

    server.handle(
        ROOM, alice, ClientMessages.decode("{\"type\":\"catchup\",\"v\":" + (HISTORY - 30) + "}"));

    await().until(() -> alice.count("op") == 30);
    assertThat(alice.count("snapshot")).isEqualTo(1);
  }
}
