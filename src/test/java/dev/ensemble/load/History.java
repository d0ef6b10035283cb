package dev.ensemble.load;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.Durability;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.MongoOperationStore;
import dev.ensemble.store.OperationStore;
import dev.ensemble.wire.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives the store a long history before a run: operations typed into many rooms and written through
 * the servers' own store code, with the snapshots and milestones the servers would have kept, so
 * that a scenario afterwards meets the indexes and collections of a store in use.
 */
final class History {

  private static final int BATCH = 1000;
  private static final int MILESTONE_INTERVAL = 1000;
  private static final int WRITERS = 4;

  private History() {}

  /**
   * Writes {@code ops} operations spread evenly over {@code rooms} rooms named {@code prefix-i}.
   */
  static void write(String uri, String prefix, long ops, int rooms) throws Exception {
    try (MongoClient client = MongoClients.create(uri)) {
      OperationStore store =
          new MongoOperationStore(
              client.getDatabase(new ConnectionString(uri).getDatabase()),
              Durability.BY_WRITE_CONCERN,
              MILESTONE_INTERVAL);
      store.initialize();
      ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
      AtomicLong written = new AtomicLong();
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        running.add(
            writers.submit(
                () -> {
                  for (int r = writer; r < rooms; r += WRITERS) {
                    long count = ops / rooms + (r < ops % rooms ? 1 : 0);
                    room(store, prefix + "-" + r, count, new Random(r));
                    long total = written.addAndGet(count);
                    if (total * 10 / ops != (total - count) * 10 / ops) {
                      System.err.printf(
                          "history: %,d of %,d ops written, %.0f ops/s%n",
                          total, ops, total / ((System.nanoTime() - start) / 1e9));
                    }
                  }
                  return null;
                }));
      }
      try {
        for (Future<?> f : running) {
          f.get();
        }
      } finally {
        writers.shutdownNow();
      }
    }
  }

  private static void room(OperationStore store, String room, long count, Random random) {
    String doc = store.openDocument(room, Names.DEFAULT_LANGUAGE).content();
    List<CommittedOp> batch = new ArrayList<>(BATCH);
    LogHead head = LogHead.origin(room);
    for (long v = 1; v <= count; v++) {
      TextOperation op = RandomTyping.next(doc, random);
      doc = op.apply(doc);
      batch.add(new CommittedOp(room, v, op, "history", v, System.currentTimeMillis()));
      if (v % MILESTONE_INTERVAL == 0) {
        store.saveMilestone(room, v, doc, Names.DEFAULT_LANGUAGE);
      }
      if (batch.size() == BATCH || v == count) {
        if (store.append(head, batch) != AppendResult.APPENDED) {
          throw new IllegalStateException("room " + room + " already had a history");
        }
        head = batch.get(batch.size() - 1).head();
        batch.clear();
      }
    }
    store.saveSnapshot(new DocumentSnapshot(room, Names.DEFAULT_LANGUAGE, doc, count));
  }
}
