package dev.ensemble.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MilestoneReadTest {

  private final MemoryStore memory = new MemoryStore(2);
  private final OperationStore store = memory.store();

  @AfterEach
  void close() {
    memory.close();
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
