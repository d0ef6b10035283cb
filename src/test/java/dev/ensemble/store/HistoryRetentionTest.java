package dev.ensemble.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.ot.TextOperation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pass of retention over every room of the store, a page of rooms at a time. */
class HistoryRetentionTest {

  private static final Duration KEEP = Duration.ofDays(7);
  private static final long NOW = Instant.parse("2026-11-30T06:00:00Z").toEpochMilli();

  private final MemoryStore memory = new MemoryStore(2);
  private final OperationStore store = memory.store();

  @AfterEach
  void close() {
    memory.close();
  }

  /** A room of five operations made {@code age} ago, milestones at 2 and 4, snapshot at 5. */
  private void room(String room, Duration age) {
    store.createDocument(room, "java", "");
    LogHead head = LogHead.origin(room);
    String text = "";
    for (int v = 1; v <= 5; v++) {
      CommittedOp op =
          new CommittedOp(
              room,
              v,
              TextOperation.builder().retain(text.length()).insert("x").build(),
              "s",
              v,
              NOW - age.toMillis() + v);
      assertThat(store.append(head, List.of(op))).isEqualTo(AppendResult.APPENDED);
      text = op.op().apply(text);
      head = op.head();
      if (v % 2 == 0) {
        store.saveMilestone(room, v, text, "java");
      }
    }
    store.saveSnapshot(new DocumentSnapshot(room, "java", text, 5));
  }

  @Test
  void everyRoomOnEveryPageIsFoldedOnceItsOperationsAreOlderThanTheRetention() {
    List<String> old = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      old.add("old-" + i);
      room("old-" + i, KEEP.plusDays(1));
    }
    room("young", KEEP.minusDays(1));
    HistoryRetention retention =
        new HistoryRetention(
            store, KEEP, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), 3);

    assertThat(retention.run()).isEqualTo(7);

    for (String room : old) {
      assertThat(store.foldedTo(room)).as(room).isEqualTo(4);
      assertThat(memory.documentVersions(room)).as(room).containsExactly(4L, 5L);
    }
    assertThat(store.foldedTo("young")).isZero();
    assertThat(memory.documentVersions("young")).hasSize(5);
    assertThat(retention.run()).isZero();
  }
}
