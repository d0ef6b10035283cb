package dev.ensemble.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.history.HistorySpan;
import dev.ensemble.ot.TextOperation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MilestoneReadTest {

  private final MemoryStore memory = new MemoryStore(2);
  private final OperationStore store = memory.store();

  @AfterEach
  void close() {
    memory.close();
  }

  /**
   * A server saving a milestone hands over the operations since the one before, which it has in
   * memory: the store digests them without reading the log back (here it could not: they were never
   * written), so that saving a milestone costs the committing room no store reads.
   */
  @Test
  void aMilestoneIsDigestedFromTheOperationsHandedOverWithoutReadingTheLog() {
    store.createDocument("handed", "java", "");
    List<CommittedOp> since =
        List.of(
            new CommittedOp("handed", 1, TextOperation.builder().insert("a").build(), "ann", 1, 5),
            new CommittedOp(
                "handed", 2, TextOperation.builder().retain(1).insert("\nb").build(), "bo", 1, 7));

    store.saveMilestone("handed", 2, "a\nb", "java", since);

    List<HistorySpan> spans = store.findSpans("handed", 0, 2);
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).authors()).isEqualTo(Map.of("ann", 1, "bo", 1));
    assertThat(store.findBlameBase("handed", 2).orElseThrow().v()).isEqualTo(2);
  }

  @Test
  void theLatestOfManyLargeMilestonesIsFoundWithoutReadingThemAll() {
    store.createDocument("big", "java", "");
    String large = "x".repeat(600_000);
    for (int v = 2; v <= 200; v += 2) {
      store.saveMilestone("big", v, v + large, "java");
    }

    // together the hundred documents are larger than the driver takes in one answer (48 MB)
    DocumentSnapshot found = store.findMilestone("big", 201).orElseThrow();

    assertThat(found.v()).isEqualTo(200);
    assertThat(found.content()).startsWith("200x");
  }
}
