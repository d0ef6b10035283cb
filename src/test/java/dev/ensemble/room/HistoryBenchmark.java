package dev.ensemble.room;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.Durability;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.MongoOperationStore;
import dev.ensemble.store.OperationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * How fast the history panel opens on a long history: a room of N operations (1,000,000 by default)
 * typed by four people into a document of a few hundred lines, written through the servers' own
 * store code with a milestone every 1,000 operations saved after its operations, as a server saves
 * them; then the time to the timeline ({@link RoomHistory#timeline}), to a version picked on the
 * slider ({@link RoomHistory#at}) and to who last changed each line of it ({@link
 * RoomHistory#blame}), each through the driver to the in-memory MongoDB-wire store.
 *
 * <pre>
 * mvn -Phistory-bench test-compile exec:exec                        # 1,000,000 operations
 * mvn -Phistory-bench test-compile exec:exec -Dhistory.ops=20000   # another length
 * </pre>
 */
public final class HistoryBenchmark {

  private static final String ROOM = "long-history";
  private static final int MILESTONE_INTERVAL = 1000;
  private static final int BATCH = 1000;
  private static final int WARMUP = 20;
  private static final int MEASURED = 200;
  private static final int MAX_LENGTH = 20_000;

  private HistoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    long ops = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    MongoServer server = new MongoServer(new MemoryBackend());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
      OperationStore store =
          new MongoOperationStore(
              client.getDatabase("ensemble"), Durability.BY_WRITE_CONCERN, MILESTONE_INTERVAL);
      store.initialize();
      long start = System.nanoTime();
      String document = write(store, ops);
      System.out.printf(
          "wrote %,d operations (%,d characters, %,d lines at the end) in %.0f s%n",
          ops,
          document.length(),
          document.split("\n", -1).length,
          (System.nanoTime() - start) / 1e9);
      RoomManager rooms =
          new RoomManager(
              store,
              LocalOperationBus.standalone(),
              pool,
              scheduler,
              SimulatedCluster.settings("bench"));
      RoomHistory history = new RoomHistory(store, rooms);
      Random random = new Random(7);
      report("timeline of all versions", () -> time(() -> history.timeline(ROOM, 0, null)));
      report("a version from the slider", () -> time(() -> history.at(ROOM, pick(random, ops))));
      report("who changed each line", () -> time(() -> history.blame(ROOM, pick(random, ops))));
      rooms.shutdown(Duration.ofSeconds(5));
    } finally {
      pool.shutdownNow();
      scheduler.shutdownNow();
      server.shutdownNow();
    }
  }

  /**
   * Four people take turns of 50 operations each, a second apart: letters and line breaks typed
   * near where they typed last, and backspaces, keeping the document under {@link #MAX_LENGTH}.
   */
  private static String write(OperationStore store, long ops) {
    store.createDocument(ROOM, "java", "");
    Random random = new Random(42);
    LogHead head = LogHead.origin(ROOM);
    String doc = "";
    int caret = 0;
    long time = System.currentTimeMillis() - ops * 1000;
    List<CommittedOp> batch = new ArrayList<>(BATCH);
    for (long v = 1; v <= ops; v++) {
      if (v % 50 == 1) {
        caret = random.nextInt(doc.length() + 1);
      }
      TextOperation.Builder op = TextOperation.builder().retain(caret);
      if (caret > 0 && (doc.length() > MAX_LENGTH || random.nextInt(10) < 3)) {
        op = TextOperation.builder().retain(caret - 1).delete(1);
        caret--;
        op.retain(doc.length() - caret - 1);
      } else {
        op.insert(random.nextInt(30) == 0 ? "\n" : Character.toString('a' + random.nextInt(26)));
        op.retain(doc.length() - caret);
        caret++;
      }
      TextOperation built = op.build();
      doc = built.apply(doc);
      batch.add(new CommittedOp(ROOM, v, built, "person" + (v / 50 % 4), v, time + v * 1000));
      if (batch.size() == BATCH || v == ops) {
        if (store.append(head, batch) != AppendResult.APPENDED) {
          throw new IllegalStateException("the room already had a history");
        }
        head = batch.get(batch.size() - 1).head();
        batch.clear();
        if (v % MILESTONE_INTERVAL == 0) {
          store.saveMilestone(ROOM, v, doc, "java");
        }
        if (v % 100_000 == 0) {
          System.out.printf("%,d operations written%n", v);
        }
      }
    }
    store.saveSnapshot(new DocumentSnapshot(ROOM, "java", doc, ops));
    return doc;
  }

  private static long pick(Random random, long ops) {
    return 1 + (long) (random.nextDouble() * ops);
  }

  private static long time(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return System.nanoTime() - start;
  }

  /** Warms up, then prints the median, 90th percentile and longest of the measured calls. */
  private static void report(String what, LongSupplier call) {
    for (int i = 0; i < WARMUP; i++) {
      call.getAsLong();
    }
    long[] nanos = new long[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      nanos[i] = call.getAsLong();
    }
    Arrays.sort(nanos);
    System.out.printf(
        "%-28s median %7.1f ms, p90 %7.1f ms, max %7.1f ms (%d calls)%n",
        what,
        nanos[MEASURED / 2] / 1e6,
        nanos[MEASURED * 9 / 10] / 1e6,
        nanos[MEASURED - 1] / 1e6,
        MEASURED);
  }
}
