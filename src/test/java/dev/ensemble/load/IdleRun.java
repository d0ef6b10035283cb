package dev.ensemble.load;

import dev.ensemble.testing.ServerHeap;
import dev.ensemble.testing.ServerProcess;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Idle capacity: many sessions that only watch, all on one server, and the heap they take after a
 * full GC, per session. Sessions spread over rooms of ten, as people gather.
 */
final class IdleRun {

  private IdleRun() {}

  /**
   * Heap kilobytes per idle session; the class histograms without and with the sessions go to
   * {@code out}.
   */
  static double heapPerSession(ServerProcess server, int sessions, Path out) throws Exception {
    ServerHeap.histogram(server.pid(), out.resolve("idle-histogram-before.txt"));
    long before = ServerHeap.usedAfterGc(server.pid());
    HttpClient http = HttpClient.newHttpClient();
    Measurements ignored = new Measurements();
    EnsembleTarget target = new EnsembleTarget(List.of(server));
    List<SimulatedUser> users = new ArrayList<>();
    try {
      for (int i = 0; i < sessions; i++) {
        users.add(target.user("idle" + i, 0, "idle-" + (i / 10), ignored, i));
      }
      for (int from = 0; from < users.size(); from += 200) {
        CompletableFuture.allOf(
                users.subList(from, Math.min(users.size(), from + 200)).stream()
                    .map(u -> u.connect(http))
                    .toArray(CompletableFuture[]::new))
            .get(120, TimeUnit.SECONDS);
        System.err.printf("\ridle        %5d sessions", Math.min(users.size(), from + 200));
      }
      System.err.println();
      ServerHeap.histogram(server.pid(), out.resolve("idle-histogram-after.txt"));
      long after = ServerHeap.usedAfterGc(server.pid());
      return (after - before) / (double) sessions;
    } finally {
      users.forEach(SimulatedUser::close);
    }
  }
}
