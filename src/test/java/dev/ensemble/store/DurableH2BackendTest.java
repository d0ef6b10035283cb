package dev.ensemble.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ReadConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import de.bwaldvogel.mongo.MongoServer;
import dev.ensemble.testing.QuietLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of write the driver sends is in the file when its reply arrives: the test crashes the
 * store right after the reply (closing the file without a commit) and finds the write after
 * reopening it. Reads never commit; one with read concern majority waits for the commit of a write
 * it may have seen.
 */
class DurableH2BackendTest {

  private static final List<Logger> QUIET = QuietLogs.ofTheStore();

  @TempDir Path dir;

  record Write(String name, Consumer<MongoDatabase> write, Consumer<MongoDatabase> check) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Write> writes() {
    return Stream.of(
        new Write(
            "insertOne",
            db -> docs(db).insertOne(new Document("_id", 3).append("n", 3)),
            db -> assertThat(ids(db)).containsExactly(1, 2, 3)),
        new Write(
            "insertMany",
            db -> docs(db).insertMany(List.of(new Document("_id", 3), new Document("_id", 4))),
            db -> assertThat(ids(db)).containsExactly(1, 2, 3, 4)),
        new Write(
            "ordered insertMany stopped by a duplicate",
            db ->
                assertThatThrownBy(
                        () ->
                            docs(db)
                                .insertMany(
                                    List.of(
                                        new Document("_id", 3),
                                        new Document("_id", 1),
                                        new Document("_id", 4))))
                    .isInstanceOf(MongoBulkWriteException.class),
            db -> assertThat(ids(db)).containsExactly(1, 2, 3)),
        new Write(
            "bulkWrite",
            db ->
                docs(db)
                    .bulkWrite(
                        List.of(
                            new InsertOneModel<>(new Document("_id", 3)),
                            new UpdateOneModel<>(eq("_id", 1), set("n", 10)),
                            new DeleteOneModel<>(eq("_id", 2)))),
            db -> {
              assertThat(ids(db)).containsExactly(1, 3);
              assertThat(n(db, 1)).isEqualTo(10);
            }),
        new Write(
            "updateOne",
            db -> docs(db).updateOne(eq("_id", 1), set("n", 10)),
            db -> assertThat(n(db, 1)).isEqualTo(10)),
        new Write(
            "updateMany",
            db -> docs(db).updateMany(gte("n", 1), inc("n", 10)),
            db -> assertThat(n(db, 2)).isEqualTo(12)),
        new Write(
            "upsert",
            db ->
                docs(db)
                    .updateOne(
                        eq("_id", 5),
                        set("n", 5),
                        new com.mongodb.client.model.UpdateOptions().upsert(true)),
            db -> assertThat(n(db, 5)).isEqualTo(5)),
        new Write(
            "replaceOne",
            db -> docs(db).replaceOne(eq("_id", 1), new Document("n", 7)),
            db -> assertThat(n(db, 1)).isEqualTo(7)),
        new Write(
            "deleteOne",
            db -> docs(db).deleteOne(eq("_id", 2)),
            db -> assertThat(ids(db)).containsExactly(1)),
        new Write(
            "deleteMany",
            db -> docs(db).deleteMany(gte("n", 1)),
            db -> assertThat(ids(db)).isEmpty()),
        new Write(
            "findOneAndUpdate",
            db -> docs(db).findOneAndUpdate(eq("_id", 1), set("n", 10)),
            db -> assertThat(n(db, 1)).isEqualTo(10)),
        new Write(
            "findOneAndDelete",
            db -> docs(db).findOneAndDelete(eq("_id", 1)),
            db -> assertThat(ids(db)).containsExactly(2)),
        new Write(
            "createIndex",
            db -> docs(db).createIndex(Indexes.ascending("n")),
            db -> assertThat(docs(db).listIndexes().into(new ArrayList<>())).hasSize(2)),
        new Write(
            "drop",
            db -> docs(db).drop(),
            db -> assertThat(db.listCollectionNames().into(new ArrayList<>())).isEmpty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writes")
  void anAcknowledgedWriteSurvivesACrashRightAfterItsReply(Write write) {
    Path file = dir.resolve("store.mv.db");
    try (Running store = new Running(file)) {
      docs(store.db())
          .insertMany(
              List.of(
                  new Document("_id", 1).append("n", 1), new Document("_id", 2).append("n", 2)));
      store.backend.commit();
      write.write().accept(store.db());
      store.crash();
    }
    try (Running reopened = new Running(file)) {
      write.check().accept(reopened.db());
    }
  }

  @Test
  void readsDoNotCommit() {
    try (Running store = new Running(dir.resolve("store.mv.db"))) {
      docs(store.db()).insertOne(new Document("_id", 1).append("n", 1));
      store.backend.getMvStore().openMap("uncommitted").put(1, 1);

      docs(store.db()).find(eq("_id", 1)).first();
      docs(store.db()).withReadConcern(ReadConcern.MAJORITY).find(eq("_id", 1)).first();
      docs(store.db()).find(gte("n", 0)).into(new ArrayList<>());
      docs(store.db()).countDocuments();
      docs(store.db()).aggregate(List.of(new Document("$match", new Document("n", 1)))).first();
      store.db().runCommand(new Document("ping", 1));

      assertThat(store.backend.getMvStore().hasUnsavedChanges()).isTrue();
    }
  }

  @Test
  void aMajorityReadWaitsUntilTheWriteItSawIsInTheFile() throws Exception {
    ExecutorService threads = Executors.newCachedThreadPool();
    CountDownLatch release = new CountDownLatch(1);
    Running store = new Running(dir.resolve("store.mv.db"));
    try {
      docs(store.db()).insertOne(new Document("_id", 1));
      CountDownLatch held = new CountDownLatch(1);
      // the store's own lock, held here, keeps every commit from starting
      threads.submit(
          () ->
              store
                  .backend
                  .getMvStore()
                  .executeFilestoreOperation(
                      () -> {
                        held.countDown();
                        awaitUninterruptibly(release);
                      }));
      held.await();
      Future<?> write = threads.submit(() -> docs(store.db()).insertOne(new Document("_id", 2)));
      await().until(() -> docs(store.db()).find(eq("_id", 2)).first() != null);

      Future<Document> majority =
          threads.submit(
              () ->
                  docs(store.db())
                      .withReadConcern(ReadConcern.MAJORITY)
                      .find(eq("_id", 2))
                      .first());
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !majority.isDone() && !write.isDone());
      release.countDown();

      assertThat(majority.get(10, TimeUnit.SECONDS)).isNotNull();
      write.get(10, TimeUnit.SECONDS);
    } finally {
      // a failed check must not leave the commits held: closing the store would wait for them
      release.countDown();
      threads.shutdownNow();
      store.close();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The H2 backend loses the documents {@code $out} writes even across a graceful restart, so this
   * checks the commit itself: nothing is left uncommitted when the reply arrives.
   */
  @Test
  void anAggregationThatWritesCommits() {
    try (Running store = new Running(dir.resolve("store.mv.db"))) {
      docs(store.db()).insertOne(new Document("_id", 1).append("n", 1));
      store.backend.getMvStore().openMap("uncommitted").put(1, 1);

      docs(store.db()).aggregate(List.of(new Document("$out", "copy"))).toCollection();

      assertThat(store.backend.getMvStore().hasUnsavedChanges()).isFalse();
    }
  }

  private static MongoCollection<Document> docs(MongoDatabase db) {
    return db.getCollection("docs");
  }

  private static List<Object> ids(MongoDatabase db) {
    List<Object> ids = new ArrayList<>();
    docs(db).find().sort(new Document("_id", 1)).forEach(d -> ids.add(d.get("_id")));
    return ids;
  }

  private static int n(MongoDatabase db, int id) {
    return docs(db).find(eq("_id", id)).first().getInteger("n");
  }

  /** The backend served on a loopback port, with a driver connected to it. */
  private static final class Running implements AutoCloseable {

    final DurableH2Backend backend;
    private final MongoServer server;
    private final MongoClient client;

    Running(Path file) {
      backend = DurableH2Backend.open(file);
      server = new MongoServer(backend);
      client = MongoClients.create(server.bindAndGetConnectionString());
    }

    MongoDatabase db() {
      return client.getDatabase("test");
    }

    /** Closes the file as a crash would: whatever is not committed is gone. */
    void crash() {
      backend.getMvStore().closeImmediately();
    }

    @Override
    public void close() {
      client.close();
      server.shutdownNow();
    }
  }
}
