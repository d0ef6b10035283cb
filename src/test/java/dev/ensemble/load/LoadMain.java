package dev.ensemble.load;

import dev.ensemble.testing.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator: starts three Ensemble servers, one Redis and the standalone store, measures
 * the floors, runs the scenarios on Ensemble and on ShareDB 7 (three Node.js servers on the same
 * Redis and store) and writes {@code target/load/results.json} and {@code results.html}. Run with
 * {@code mvn -Pload -DskipTests verify}; {@code -Dload.args="--scenarios hot-room,fan-out --seconds
 * 60"} chooses.
 */
public final class LoadMain {

  private LoadMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    List<Scenario> scenarios =
        Arrays.stream(options.getOrDefault("scenarios", "hot-room,fan-out,many-rooms").split(","))
            .map(Scenario::named)
            .map(
                s ->
                    s.lasting(
                        Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "30")))))
            .toList();
    Path out = Path.of(options.getOrDefault("out", "target/load"));

    Map<String, String> productionDefaults =
        Map.of(
            "ENSEMBLE_ROOM_IDLE_SECONDS",
            "30",
            "ENSEMBLE_STORE_TIMEOUT_MS",
            "5000",
            "ENSEMBLE_POLL_INTERVAL_MS",
            "250",
            "ENSEMBLE_REDIS_PING_MS",
            "1000",
            "ENSEMBLE_SNAPSHOT_INTERVAL",
            "100",
            Cluster.STORE,
            options.getOrDefault("store", "memory"));
    try (Cluster cluster = Cluster.start("load", 3, productionDefaults)) {
      Map<String, Object> floors = new LinkedHashMap<>();
      Latencies.Summary redis = Floors.redisLatency(cluster.redis.url(), 10_000);
      floors.put("redis publish→receive p50 ms", redis.p50());
      floors.put("redis publish→receive p99 ms", redis.p99());
      floors.put(
          "store inserts/s, 1 in flight",
          Math.round(Floors.storeInserts(cluster.store.uri(), 5_000, 1)));
      floors.put(
          "store inserts/s, 32 in flight",
          Math.round(Floors.storeInserts(cluster.store.uri(), 20_000, 32)));
      System.err.println("floors: " + floors);

      List<Result> results = new ArrayList<>();
      Map<String, Object> capacity = new LinkedHashMap<>();
      boolean routed = Boolean.parseBoolean(options.getOrDefault("routed", "false"));
      List<String> systems =
          List.of(options.getOrDefault("systems", "ensemble,sharedb").split(","));
      ShareDbPeer shareDb =
          systems.contains("sharedb")
              ? ShareDbPeer.start(
                  Path.of("target/sharedb-peer"),
                  3,
                  cluster.store.uri().replace("/ensemble", "/sharedb"),
                  cluster.redis.url())
              : null;
      try {
        long seed = 1;
        for (Scenario scenario : scenarios) {
          for (String system : systems) {
            Target target =
                system.equals("sharedb")
                    ? new ShareDbTarget(shareDb)
                    : new EnsembleTarget(cluster.servers);
            String rooms = system + "-" + scenario.name() + "-" + seed;
            Result result = ScenarioRun.run(scenario, target, rooms, seed, routed);
            System.err.println(result);
            results.add(result);
          }
          seed++;
        }
      } finally {
        if (shareDb != null) {
          shareDb.close();
        }
      }
      int idle = Integer.parseInt(options.getOrDefault("idle", "5000"));
      if (idle > 0) {
        double perSession = IdleRun.heapPerSession(cluster.servers.get(0), idle);
        capacity.put("idle sessions on one server", idle);
        capacity.put(
            "heap per idle session KB (after full GC)", Math.round(perSession * 10) / 10.0);
        System.err.println("idle: " + perSession + " KB per session");
      }
      Report.write(
          out,
          new Report.Run(
              Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version(),
              LocalDate.now().toString(),
              floors,
              capacity,
              results));
      System.err.println("results in " + out.toAbsolutePath());
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }
}
