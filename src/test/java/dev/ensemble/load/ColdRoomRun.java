package dev.ensemble.load;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.Durability;
import dev.ensemble.store.MongoOperationStore;
import dev.ensemble.store.OperationStore;
import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import dev.ensemble.wire.Names;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Cold rooms: a room with a long history and a large document, opened by its first person on each
 * server, none of which has it in memory. The history is typed into a small document, then one
 * operation pastes the large text and a few more follow the snapshot after it, as a room whose last
 * snapshot is a few operations old.
 */
final class ColdRoomRun {

  static final String ROOM = "cold-0";
  static final int DOCUMENT_CHARS = 1 << 20;

  /** Operations after the last snapshot: fewer than the snapshot interval, as in a live room. */
  private static final int AFTER_SNAPSHOT = 50;

  private ColdRoomRun() {}

  /** Milliseconds from connecting to the snapshot, per server. */
  static Map<String, Object> run(Cluster cluster, long ops) throws Exception {
    long typed = ops - AFTER_SNAPSHOT - 1;
    History.write(cluster.store.uri(), "cold", typed, 1);
    appendLargeDocument(cluster.store.uri(), typed);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("cold room operations", ops);
    figures.put("cold room document characters", DOCUMENT_CHARS);
    List<Double> openings = new ArrayList<>();
    for (ServerProcess server : cluster.servers) {
      openings.add(millisToSnapshot(server));
    }
    figures.put("cold room first snapshot ms, per server", openings);
    System.err.println("cold room: " + figures);
    return figures;
  }

  private static void appendLargeDocument(String uri, long head) {
    try (MongoClient client = MongoClients.create(uri)) {
      OperationStore store =
          new MongoOperationStore(
              client.getDatabase(new ConnectionString(uri).getDatabase()),
              Durability.BY_WRITE_CONCERN,
              1000);
      CommittedOp last = store.findOp(ROOM, head).orElseThrow();
      String doc = store.findDocument(ROOM).orElseThrow().content();
      Random random = new Random(head);
      String paste = randomText(random);
      TextOperation pasteOp = TextOperation.builder().retain(doc.length()).insert(paste).build();
      doc = pasteOp.apply(doc);
      List<CommittedOp> ops = new ArrayList<>();
      long v = head + 1;
      ops.add(new CommittedOp(ROOM, v, pasteOp, "cold", v, System.currentTimeMillis()));
      store.append(last.head(), ops);
      store.saveSnapshot(new DocumentSnapshot(ROOM, Names.DEFAULT_LANGUAGE, doc, v));
      List<CommittedOp> tail = new ArrayList<>();
      for (int i = 1; i <= AFTER_SNAPSHOT; i++) {
        TextOperation op = RandomTyping.next(doc, random);
        doc = op.apply(doc);
        tail.add(new CommittedOp(ROOM, v + i, op, "cold", v + i, System.currentTimeMillis()));
      }
      if (store.append(ops.get(0).head(), tail) != AppendResult.APPENDED) {
        throw new IllegalStateException("the cold room changed while it was written");
      }
    }
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder(DOCUMENT_CHARS);
    while (text.length() < DOCUMENT_CHARS) {
      text.append(random.nextInt(8) == 0 ? '\n' : (char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  private static double millisToSnapshot(ServerProcess server) throws Exception {
    EnsembleUser first =
        new EnsembleUser(
            "cold-reader", 0, ROOM, Urls.room(server.url(), ROOM), new Measurements(), 1);
    try {
      long start = System.nanoTime();
      first.connect(HttpClient.newHttpClient()).get(30, TimeUnit.SECONDS);
      return (System.nanoTime() - start) / 1e6;
    } finally {
      first.close();
    }
  }
}
