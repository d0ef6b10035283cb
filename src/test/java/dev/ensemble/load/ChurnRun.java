package dev.ensemble.load;

import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerHeap;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Short visits: someone joins a room, makes ten edits and leaves, many at a time over thousands of
 * rooms of one server. It reports the visits per second and the server's heap after a full GC
 * before the visits, right after them and once every room has unloaded (the server's idle grace,
 * {@code ENSEMBLE_ROOM_IDLE_SECONDS}, after its last visit): a closed connection must leave nothing
 * behind by then. Class histograms of the three moments go to the output directory.
 */
final class ChurnRun {

  static final int ROOMS = 3000;
  static final int EDITS_PER_VISIT = 10;
  private static final int VISITS_AT_ONCE = 50;

  private ChurnRun() {}

  static Map<String, Object> run(ServerProcess server, int visits, Duration grace, Path out)
      throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("churn visits (join, 10 edits, leave)", visits);
    figures.put("churn rooms", ROOMS);
    figures.put("churn heap MB before (after full GC)", heapMegabytes(server, out, "before"));
    Measurements measurements = new Measurements();
    long start = System.nanoTime();
    visitAll(server, visits, measurements);
    double seconds = (System.nanoTime() - start) / 1e9;
    figures.put("churn visits/s", Math.round(visits / seconds));
    figures.put("churn errors", measurements.errors());
    figures.put("churn heap MB right after", heapMegabytes(server, out, "after"));
    long idleStart = System.nanoTime();
    await()
        .atMost(grace.plusMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> activeRooms(server) == 0);
    figures.put(
        "churn seconds until every room unloaded",
        Math.round((System.nanoTime() - idleStart) / 1e8) / 10.0);
    figures.put("churn heap MB after the idle grace", heapMegabytes(server, out, "grace"));
    System.err.println("churn: " + figures);
    return figures;
  }

  /**
   * Runs the visits, {@link #VISITS_AT_ONCE} at a time, visit {@code i} in room {@code i % ROOMS}.
   */
  private static void visitAll(ServerProcess server, int visits, Measurements measurements)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Semaphore slots = new Semaphore(VISITS_AT_ONCE);
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < visits; i++) {
      slots.acquire();
      visit(server, http, i, measurements)
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  measurements.error("visit " + failure.getClass().getSimpleName());
                }
                slots.release();
                if (done.incrementAndGet() % 500 == 0) {
                  System.err.printf("\rchurn      %7d visits", done.get());
                }
              });
    }
    slots.acquire(VISITS_AT_ONCE);
    System.err.println();
  }

  private static CompletableFuture<Void> visit(
      ServerProcess server, HttpClient http, int i, Measurements measurements) {
    String room = "churn-" + (i % ROOMS);
    EnsembleUser user =
        new EnsembleUser("v" + i, 0, room, Urls.room(server.url(), room), measurements, i);
    return user.connect(http)
        .thenCompose(joined -> user.editTimes(EDITS_PER_VISIT))
        .thenCompose(edited -> user.leave())
        .orTimeout(60, TimeUnit.SECONDS)
        .whenComplete((ok, failure) -> user.close());
  }

  private static long activeRooms(ServerProcess server) {
    return Http.get(Urls.health(server.url(), "live"))
        .json()
        .asJsonObject()
        .getJsonArray("checks")
        .getJsonObject(0)
        .getJsonObject("data")
        .getJsonNumber("rooms")
        .longValue();
  }

  private static double heapMegabytes(ServerProcess server, Path out, String moment)
      throws Exception {
    ServerHeap.histogram(server.pid(), out.resolve("churn-histogram-" + moment + ".txt"));
    return Math.round(ServerHeap.usedAfterGc(server.pid()) / 102.4) / 10.0;
  }
}
