package dev.ensemble.load;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/** Runs one scenario against a system and measures it. */
final class ScenarioRun {

  private ScenarioRun() {}

  /**
   * @param history operations the store held before the run, for the record
   */
  static Result run(Scenario scenario, Target target, String roomPrefix, long seed, long history)
      throws Exception {
    Measurements measurements = new Measurements();
    HttpClient http = HttpClient.newHttpClient();
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    List<SimulatedUser> clients = new ArrayList<>();
    try {
      for (int i = 0; i < scenario.clients(); i++) {
        int roomIndex = i % scenario.rooms();
        String room = roomPrefix + "-" + roomIndex;
        int server = (scenario.routed() ? roomIndex : i) % target.servers();
        clients.add(target.user("u" + i, server, room, measurements, seed + i));
      }
      for (int from = 0; from < clients.size(); from += 100) {
        CompletableFuture.allOf(
                clients.subList(from, Math.min(clients.size(), from + 100)).stream()
                    .map(c -> c.connect(http))
                    .toArray(CompletableFuture[]::new))
            .get(60, TimeUnit.SECONDS);
      }
      List<SimulatedUser> writers = writers(scenario, clients);
      Random random = new Random(seed);
      for (SimulatedUser writer : writers) {
        if (scenario.opsPerSecond() == 0) {
          writer.writeEagerly();
        } else {
          long period = (long) (1_000_000 / scenario.opsPerSecond());
          timers.scheduleAtFixedRate(
              writer::edit, random.nextLong(period), period, TimeUnit.MICROSECONDS);
        }
      }
      TimeUnit.MILLISECONDS.sleep(scenario.warmUp().toMillis());
      List<Long> cpuBefore = cpu(target);
      Map<String, Long> countersBefore = target.counters();
      measurements.measuring = true;
      long start = System.nanoTime();
      Progress progress = Progress.start(scenario.name(), measurements, timers);
      TimeUnit.MILLISECONDS.sleep(scenario.duration().toMillis());
      measurements.measuring = false;
      double seconds = (System.nanoTime() - start) / 1e9;
      progress.stop();
      List<Long> cpuAfter = cpu(target);
      Map<String, Long> counters = new LinkedHashMap<>(target.counters());
      countersBefore.forEach((name, before) -> counters.merge(name, -before, Long::sum));
      writers.forEach(SimulatedUser::stopWriting);
      timers.shutdownNow();
      boolean converged = converged(clients);
      double cpuPercent = 0;
      for (int i = 0; i < cpuBefore.size(); i++) {
        cpuPercent += (cpuAfter.get(i) - cpuBefore.get(i)) / 1e9 / seconds * 100;
      }
      return new Result(
          scenario.name(),
          target.name(),
          history,
          scenario.clients(),
          scenario.rooms(),
          writers.size(),
          seconds,
          measurements.acknowledged.sum() / seconds,
          measurements.ack.summary(),
          measurements.delivery.summary(),
          measurements.errors(),
          converged,
          cpuPercent,
          counters);
    } finally {
      timers.shutdownNow();
      clients.forEach(SimulatedUser::close);
    }
  }

  /** The first {@code writersPerRoom} clients of each room write; the others only read. */
  private static List<SimulatedUser> writers(Scenario scenario, List<SimulatedUser> clients) {
    Map<String, List<SimulatedUser>> byRoom =
        clients.stream().collect(Collectors.groupingBy(SimulatedUser::room));
    return byRoom.values().stream()
        .flatMap(room -> room.stream().limit(scenario.writersPerRoom()))
        .toList();
  }

  /** Waits until every client has every op; then all clients of a room must hold one text. */
  private static boolean converged(List<SimulatedUser> clients) {
    Map<String, List<SimulatedUser>> byRoom =
        clients.stream().collect(Collectors.groupingBy(SimulatedUser::room));
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  byRoom.values().stream()
                      .allMatch(
                          room ->
                              room.stream()
                                  .allMatch(
                                      c ->
                                          c.isSynchronized()
                                              && c.version() == room.get(0).version())));
    } catch (ConditionTimeoutException e) {
      return false;
    }
    return byRoom.values().stream()
        .allMatch(room -> room.stream().allMatch(c -> c.document().equals(room.get(0).document())));
  }

  /** CPU time each server process used so far, in nanoseconds. */
  static List<Long> cpu(Target target) {
    return target.processes().stream()
        .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos())
        .toList();
  }
}
