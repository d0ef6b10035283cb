package dev.ensemble.load;

import dev.ensemble.testing.ServerProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle capacity: many sessions that only watch, all on one server, and the heap they take after a
 * full GC, per session. Sessions spread over rooms of ten, as people gather.
 */
final class IdleRun {

  /** The heap's parts as G1, the serial and the parallel collector print them, not Metaspace. */
  private static final Pattern USED =
      Pattern.compile(
          "(?m)^\\s*(?:garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen)"
              + "\\s+total \\d+K, used (\\d+)K");

  private IdleRun() {}

  /** Heap kilobytes per idle session. */
  static double heapPerSession(ServerProcess server, int sessions) throws Exception {
    long before = usedHeapAfterGc(server.pid());
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
      long after = usedHeapAfterGc(server.pid());
      return (after - before) / (double) sessions;
    } finally {
      users.forEach(SimulatedUser::close);
    }
  }

  /** Kilobytes of heap in use right after a full GC of the process, read with jcmd. */
  static long usedHeapAfterGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher used = USED.matcher(info);
    long kilobytes = 0;
    boolean found = false;
    while (used.find()) {
      kilobytes += Long.parseLong(used.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("no heap figure in: " + info);
    }
    return kilobytes;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }
}
