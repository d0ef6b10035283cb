package dev.ensemble.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.ot.TextOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoTest {

  @TempDir Path dataDir;

  private static CommittedOp keystroke(long v) {
    TextOperation op = TextOperation.builder().retain((int) v - 1).insert("k").build();
    return new CommittedOp("growth", v, op, "writer", v, v);
  }

  @Test
  void connectsToTheStoreAUriNames() {
    de.bwaldvogel.mongo.MongoServer other =
        new de.bwaldvogel.mongo.MongoServer(new de.bwaldvogel.mongo.backend.memory.MemoryBackend());
    String uri = other.bindAndGetConnectionString() + "/elsewhere";
    try (StoreConnection connection =
        StoreConnection.open(Optional.of(uri), dataDir, Duration.ofSeconds(5))) {
      assertThat(connection.database().getName()).isEqualTo("elsewhere");
      assertThat(connection.durability()).isSameAs(Durability.BY_WRITE_CONCERN);
      new MongoOperationStore(connection.database(), connection.durability(), 10)
          .createDocument("r", "java", "");
      assertThat(Files.exists(dataDir.resolve(EmbeddedMongo.FILE_NAME))).isFalse();
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void keepsDocumentsAndOperationsAcrossARestart() {
    try (StoreConnection connection =
        StoreConnection.open(Optional.empty(), dataDir, Duration.ofSeconds(5))) {
      MongoOperationStore store =
          new MongoOperationStore(connection.database(), connection.durability(), 10);
      store.initialize();
      store.createDocument("kept", "java", "x");
      assertThat(
              store.append(
                  LogHead.origin("kept"),
                  List.of(
                      new CommittedOp(
                          "kept",
                          1,
                          TextOperation.builder().retain(1).insert("y").build(),
                          "a",
                          1,
                          1))))
          .isEqualTo(AppendResult.APPENDED);
    }
    try (StoreConnection connection =
        StoreConnection.open(Optional.empty(), dataDir, Duration.ofSeconds(5))) {
      MongoOperationStore store =
          new MongoOperationStore(connection.database(), connection.durability(), 10);
      store.initialize();
      assertThat(store.findDocument("kept"))
          .get()
          .extracting(DocumentSnapshot::language)
          .isEqualTo("java");
      assertThat(store.findOpsAfter("kept", 0, 10))
          .extracting(CommittedOp::src)
          .containsExactly("a");
      assertThat(
              store.append(
                  LogHead.origin("kept"),
                  List.of(
                      new CommittedOp(
                          "kept",
                          1,
                          TextOperation.builder().retain(1).insert("z").build(),
                          "b",
                          1,
                          1))))
          .isEqualTo(AppendResult.TAKEN);
    }
  }

  /** {@code -Dgrowth.writes=N} runs longer. */
  @Test
  void fileStaysBoundedWhenEveryWriteIsCommittedOnItsOwn() throws Exception {
    int writes = Integer.getInteger("growth.writes", 5_000);
    long size;
    try (StoreConnection connection =
        StoreConnection.open(Optional.empty(), dataDir, Duration.ofSeconds(5))) {
      MongoOperationStore store =
          new MongoOperationStore(connection.database(), connection.durability(), 1000);
      store.initialize();
      store.createDocument("growth", "plaintext", "");
      LogHead head = LogHead.origin("growth");
      for (long v = 1; v <= writes; v++) {
        CommittedOp op = keystroke(v);
        assertThat(store.append(head, List.of(op))).isEqualTo(AppendResult.APPENDED);
        head = op.head();
      }
      size = Files.size(dataDir.resolve(EmbeddedMongo.FILE_NAME));
    }
    // H2's default retention of freed chunks made this about 50 KB per write (1 GB for 20,000);
    // live data is about 3 KB per op (its document, and its copy in the claim that appended it)
    assertThat(size).isLessThan(writes * 10_000L);
  }
}
