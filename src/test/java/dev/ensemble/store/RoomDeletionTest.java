package dev.ensemble.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.ot.TextOperation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomDeletionTest {

  private final MemoryStore memory = new MemoryStore(2);
  private final OperationStore store = memory.store();

  @AfterEach
  void close() {
    memory.close();
  }

  /** A room of {@code ops} one-character inserts, with the milestones they pass. */
  private void fill(String room, int ops) {
    store.createDocument(room, "java", "");
    LogHead head = LogHead.origin(room);
    StringBuilder text = new StringBuilder();
    for (int v = 1; v <= ops; v++) {
      TextOperation op = TextOperation.builder().retain(text.length()).insert("x").build();
      CommittedOp committed = new CommittedOp(room, v, op, "src", v, v);
      assertThat(store.append(head, List.of(committed))).isEqualTo(AppendResult.APPENDED);
      text.append('x');
      head = new LogHead(room, v, "src", v, v);
      if (v % 2 == 0) {
        store.saveMilestone(room, v, text.toString(), "java");
      }
    }
  }

  @Test
  void aDeletedRoomLeavesNothingAndItsNeighboursKeepEverything() {
    fill("gone", 5);
    fill("kept", 5);

    store.deleteRoom("gone");

    assertThat(store.findDocument("gone")).isEmpty();
    assertThat(store.lastVersion("gone")).isEmpty();
    assertThat(store.findOpsAfter("gone", 0, 10)).isEmpty();
    assertThat(store.findMilestone("gone", 4)).isEmpty();
    assertThat(store.findOpsAfter("kept", 0, 10)).hasSize(5);
    assertThat(store.findMilestone("kept", 4).orElseThrow().content()).isEqualTo("xxxx");
  }

  @Test
  void aNameFreedByADeleteStartsANewRoomWithoutTheOldHistory() {
    fill("reused", 3);
    store.deleteRoom("reused");

    fill("reused", 1);

    assertThat(store.findOpsAfter("reused", 0, 10)).extracting(CommittedOp::v).containsExactly(1L);
    assertThat(store.findMilestone("reused", 2).orElseThrow().v()).isZero();
  }
}
