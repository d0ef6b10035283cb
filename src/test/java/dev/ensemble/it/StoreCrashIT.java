package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.ensemble.store.Durability;
import dev.ensemble.store.HistoryGapException;
import dev.ensemble.store.MongoOperationStore;
import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.QuietLogs;
import dev.ensemble.testing.StoreProcess;
import dev.ensemble.testing.Urls;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three servers, Redis and the standalone store in file mode: the store dies by {@code kill -9}
 * while clients of several rooms type, and comes back on the same port and data directory. Nothing
 * any client saw acknowledged may be missing afterwards.
 */
class StoreCrashIT {

  private static final List<Logger> QUIET = QuietLogs.ofTheStore();

  private static final int ROOMS = 3;
  private static final int CLIENTS_PER_ROOM = 4;

  private static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = Cluster.start("store-crash", 3);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void killMinusNineOfTheStoreLosesNothingAcknowledged() throws Exception {
    List<Workload> rooms =
        IntStream.range(0, ROOMS)
            .mapToObj(
                i ->
                    new Workload(
                        Urls.freshRoom("store-crash" + i), cluster::live, CLIENTS_PER_ROOM, 10 + i))
            .toList();
    try {
      typeUntil(rooms, () -> rooms.stream().allMatch(r -> acknowledged(r).size() >= 50));

      cluster.store.kill();
      Map<Workload, Set<String>> beforeTheKill = new HashMap<>();
      rooms.forEach(r -> beforeTheKill.put(r, acknowledged(r)));
      typeUntil(
          rooms,
          () ->
              rooms.stream().allMatch(StoreCrashIT::sawStoreUnavailable)
                  && cluster.live().stream().allMatch(StoreCrashIT::reportsNotReady));
      assertThat(lostByTheStore(beforeTheKill))
          .as("operations acknowledged before the kill, missing from the store after it")
          .isEmpty();
      cluster.store.start();

      typeUntil(
          rooms,
          () ->
              rooms.stream()
                  .allMatch(r -> acknowledged(r).size() >= beforeTheKill.get(r).size() + 50));
      for (Workload room : rooms) {
        room.settle();
        room.assertConverged();
      }
    } finally {
      rooms.forEach(Workload::close);
    }
  }

  /** Every room's clients keep typing, as people do, until {@code done}. */
  private static void typeUntil(List<Workload> rooms, Callable<Boolean> done) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(2))
        .until(
            () -> {
              rooms.forEach(r -> r.step(0));
              return done.call();
            });
  }

  private static Set<String> acknowledged(Workload room) {
    Set<String> keys = new HashSet<>();
    for (LiveClient c : room.clients) {
      c.acknowledgedSeqs().forEach(seq -> keys.add(StoredRoom.key(c.src(), seq)));
    }
    return keys;
  }

  private static boolean sawStoreUnavailable(Workload room) {
    return room.clients.stream()
        .flatMap(c -> c.errors().stream())
        .anyMatch(e -> e.getString("code").equals("store-unavailable"));
  }

  private static boolean reportsNotReady(URL server) {
    return Http.get(Urls.health(server, "ready")).status() == 503;
  }

  /**
   * Per room, how many of the operations acknowledged before the kill the store does not hold, read
   * through a second store on its data before any server can reach it and write back what it
   * remembers, the way servers read the log (documents, and claims whose documents their writer had
   * not written yet); a hole counts as a loss.
   */
  private static Map<String, String> lostByTheStore(Map<Workload, Set<String>> acknowledged) {
    Map<String, String> lost = new TreeMap<>();
    try (StoreProcess inspector = cluster.store.onSameData().start();
        MongoClient client = MongoClients.create(inspector.uri())) {
      MongoOperationStore store =
          new MongoOperationStore(
              client.getDatabase("ensemble"), Durability.BY_WRITE_CONCERN, 1000);
      acknowledged.forEach(
          (room, keys) -> {
            Set<String> missing = new HashSet<>(keys);
            try {
              store
                  .findOpsAfter(room.room, 0, Integer.MAX_VALUE)
                  .forEach(op -> missing.remove(StoredRoom.key(op.src(), op.seq())));
            } catch (HistoryGapException e) {
              lost.put(room.room, "a hole: " + e.getMessage());
              return;
            }
            if (!missing.isEmpty()) {
              lost.put(room.room, missing.size() + " of " + keys.size());
            }
          });
      inspector.stop();
    }
    return lost;
  }
}
