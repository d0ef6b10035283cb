package dev.ensemble.load;

import dev.ensemble.testing.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator: starts three Ensemble servers, one Redis (or, with {@code --redis cluster}, a
 * Redis Cluster of three shards) and the standalone store, measures the floors, runs the scenarios
 * on Ensemble, on ShareDB 7 (three Node.js servers on the same Redis and store) and on Hocuspocus
 * (three Node.js servers on the same Redis, real Yjs clients) and writes {@code
 * target/load/results.json} and {@code results.html}. Run with {@code mvn -Pload -DskipTests
 * verify}; {@code -Dload.args="--scenarios hot-room,fan-out --seconds 60"} chooses.
 */
public final class LoadMain {

  static final String DEFAULT_SCENARIOS = "hot-room,hot-room-spread,fan-out,many-rooms";

  /**
   * Three servers, the store, Redis and the generator share two cores here: G1's pauses, stretched
   * by the other processes, reached 100–470 ms in a recording, where the serial collector's stay
   * short.
   */
  static final String DEFAULT_SERVER_JVM = "-XX:+UseSerialGC";

  private static final int HISTORY_ROOMS = 1000;

  /** The servers' idle grace: short, so that the churn run's wait for rooms to unload is short. */
  private static final String ROOM_IDLE_SECONDS = "30";

  private LoadMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Duration warmUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "15")));
    List<Scenario> scenarios = scenarios(options, warmUp);
    List<String> systems = List.of(options.getOrDefault("systems", "ensemble,sharedb").split(","));
    long history = Long.parseLong(options.getOrDefault("history", "0"));
    Path out = Path.of(options.getOrDefault("out", "target/load"));

    int servers = Integer.parseInt(options.getOrDefault("servers", "3"));
    try (Cluster cluster = cluster(options, servers, systems)) {
      Map<String, Object> floors = floors(cluster);
      String ensembleStore = cluster.store.uri();
      Map<String, String> stores =
          Map.of(
              "ensemble", ensembleStore, "sharedb", ensembleStore.replace("/ensemble", "/sharedb"));
      Map<String, Target> targets = new LinkedHashMap<>();
      List<AutoCloseable> peers = new ArrayList<>();
      List<Result> results;
      try {
        for (String system : systems) {
          targets.put(system, target(system, cluster, stores, peers));
        }
        results = runAll(scenarios, targets, stores, warmUp);
      } finally {
        for (int i = peers.size() - 1; i >= 0; i--) {
          peers.get(i).close();
        }
      }
      if (history > 0 && systems.contains("ensemble")) {
        EmptyStore.empty(ensembleStore);
        History.write(ensembleStore, "history", history, HISTORY_ROOMS);
        storeFloors(floors, ensembleStore, ", after the history");
        for (Scenario scenario : scenarios) {
          String name = "ensemble-after-history-" + scenario.name();
          results.add(run(scenario, targets.get("ensemble"), name, history));
        }
      }
      Map<String, Object> capacity = capacity(cluster, options, systems, out);
      String machine =
          Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version();
      Report.write(
          out, new Report.Run(machine, LocalDate.now().toString(), floors, capacity, results));
      System.err.println("results in " + out.toAbsolutePath());
    }
  }

  /**
   * The scenarios {@code --scenarios} names, timed and paced by {@code --seconds} and {@code
   * --rate}.
   */
  private static List<Scenario> scenarios(Map<String, String> options, Duration warmUp) {
    Duration length = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "30")));
    double rate = Double.parseDouble(options.getOrDefault("rate", "1"));
    return Arrays.stream(options.getOrDefault("scenarios", DEFAULT_SCENARIOS).split(","))
        .filter(name -> !name.equals("none"))
        .map(name -> Scenario.named(name).timed(warmUp, length).paced(rate))
        .toList();
  }

  /** Every scenario on every system, each on an emptied store after every system warmed up. */
  private static List<Result> runAll(
      List<Scenario> scenarios,
      Map<String, Target> targets,
      Map<String, String> stores,
      Duration warmUp)
      throws Exception {
    for (Target target : scenarios.isEmpty() ? List.<Target>of() : targets.values()) {
      warmUp(target, warmUp);
    }
    List<Result> results = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      for (Map.Entry<String, Target> system : targets.entrySet()) {
        if (stores.containsKey(system.getKey())) {
          EmptyStore.empty(stores.get(system.getKey()));
        }
        String name = system.getKey() + "-" + scenario.name();
        results.add(run(scenario, system.getValue(), name, 0));
      }
    }
    return results;
  }

  /**
   * The figures of one server rather than of a scenario: the old-version flood ({@code --flood}
   * seconds), a cold room ({@code --cold} operations of history, none by default), short visits
   * ({@code --churn} visits, none by default) and idle sessions ({@code --idle} sessions).
   */
  private static Map<String, Object> capacity(
      Cluster cluster, Map<String, String> options, List<String> systems, Path out)
      throws Exception {
    Map<String, Object> capacity = new LinkedHashMap<>();
    long flood = Long.parseLong(options.getOrDefault("flood", "20"));
    if (flood > 0 && systems.contains("ensemble")) {
      capacity.putAll(FloodRun.run(cluster, Duration.ofSeconds(flood)));
    }
    long cold = Long.parseLong(options.getOrDefault("cold", "0"));
    if (cold > 0 && systems.contains("ensemble")) {
      EmptyStore.empty(cluster.store.uri());
      capacity.putAll(ColdRoomRun.run(cluster, cold));
    }
    int churn = Integer.parseInt(options.getOrDefault("churn", "0"));
    if (churn > 0) {
      Duration grace = Duration.ofSeconds(Long.parseLong(ROOM_IDLE_SECONDS));
      capacity.putAll(ChurnRun.run(cluster.servers.get(0), churn, grace, out));
    }
    int idle = Integer.parseInt(options.getOrDefault("idle", "5000"));
    if (idle > 0) {
      double perSession = IdleRun.heapPerSession(cluster.servers.get(0), idle, out);
      capacity.put("idle sessions on one server", idle);
      capacity.put("heap per idle session KB (after full GC)", Math.round(perSession * 10) / 10.0);
      System.err.println("idle: " + perSession + " KB per session");
    }
    return capacity;
  }

  /**
   * The Ensemble servers with the store and, by {@code --redis}, one Redis ({@code single}, the
   * default) or a Redis Cluster of three masters with a replica each ({@code cluster}, sharded
   * pub/sub; Redis 7 and redis-cli on the PATH). The peers' Redis clients take one Redis, so a
   * cluster runs Ensemble alone.
   */
  private static Cluster cluster(Map<String, String> options, int servers, List<String> systems) {
    String redis = options.getOrDefault("redis", "single");
    switch (redis) {
      case "single" -> {
        return Cluster.start("load", servers, serverSettings(options));
      }
      case "cluster" -> {
        if (!systems.equals(List.of("ensemble"))) {
          throw new IllegalArgumentException(
              "--redis cluster runs Ensemble alone (--systems ensemble): the peers' Redis"
                  + " clients take one Redis");
        }
        return Cluster.withRedisCluster("load", servers, serverSettings(options));
      }
      default -> throw new IllegalArgumentException("--redis is single or cluster, not " + redis);
    }
  }

  /**
   * The system named, its peer's processes (three servers on the cluster's Redis, and for
   * Hocuspocus the process of its Yjs clients) added to {@code peers} for closing. Hocuspocus keeps
   * its documents in memory only: it has no store.
   */
  private static Target target(
      String system, Cluster cluster, Map<String, String> stores, List<AutoCloseable> peers)
      throws Exception {
    String redis = cluster.redisUrl();
    switch (system) {
      case "sharedb" -> {
        NodePeer peer =
            NodePeer.start(
                system, 3, Map.of("MONGODB_URI", stores.get(system), "REDIS_URL", redis));
        peers.add(peer);
        return new ShareDbTarget(peer);
      }
      case "hocuspocus" -> {
        NodePeer peer = NodePeer.start(system, 3, Map.of("REDIS_URL", redis));
        peers.add(peer);
        YjsClients clients = YjsClients.start(peer);
        peers.add(clients);
        return new HocuspocusTarget(peer, clients);
      }
      case "ensemble" -> {
        return new EnsembleTarget(cluster.servers);
      }
      default -> throw new IllegalArgumentException("no system " + system);
    }
  }

  /**
   * Drives a system through the busiest scenarios before anything is measured, so that each
   * scenario meets servers whose JIT compilers are done rather than the first one paying for it.
   */
  private static void warmUp(Target target, Duration warmUp) throws Exception {
    for (String name : List.of("hot-room-spread", "fan-out")) {
      Scenario scenario = Scenario.named(name).timed(warmUp, Duration.ofSeconds(20));
      System.err.println(
          "warm-up: " + ScenarioRun.run(scenario, target, "warm-up-" + name, 0, 0).system());
    }
  }

  private static Result run(Scenario scenario, Target target, String rooms, long history)
      throws Exception {
    Result result = ScenarioRun.run(scenario, target, rooms, rooms.hashCode(), history);
    System.err.println(result);
    return result;
  }

  /**
   * What the servers run with: the production defaults but for the per-session operation rate,
   * which a load user typing on every acknowledgement (hundreds a second) would exceed, the
   * standalone store's backend ({@code --store}), and {@code --server-jvm} options for their JVMs.
   */
  private static Map<String, String> serverSettings(Map<String, String> options) {
    Map<String, String> settings = new HashMap<>();
    settings.put("ENSEMBLE_ROOM_IDLE_SECONDS", ROOM_IDLE_SECONDS);
    settings.put("ENSEMBLE_STORE_TIMEOUT_MS", "5000");
    settings.put("ENSEMBLE_POLL_INTERVAL_MS", "250");
    settings.put("ENSEMBLE_REDIS_PING_MS", "1000");
    settings.put("ENSEMBLE_SNAPSHOT_INTERVAL", "100");
    settings.put("ENSEMBLE_RATE_OPS", "100000");
    settings.put(Cluster.STORE, options.getOrDefault("store", "memory"));
    settings.put("ENSEMBLE_FORWARD_TIMEOUT_MS", options.getOrDefault("forward-timeout-ms", "1000"));
    settings.put("ENSEMBLE_MILESTONE_INTERVAL", options.getOrDefault("milestone-interval", "1000"));
    settings.put("JVM_ARGS", options.getOrDefault("server-jvm", DEFAULT_SERVER_JVM));
    return settings;
  }

  private static Map<String, Object> floors(Cluster cluster) throws Exception {
    Map<String, Object> floors = new LinkedHashMap<>();
    // with a cluster, PUBLISH and SUBSCRIBE on one master: the floor of one node
    floors.put("redis", cluster.redis != null ? "one" : "cluster of 3 masters with a replica each");
    Latencies.Summary redis = Floors.redisLatency(cluster.redisUrl(), 10_000);
    floors.put("redis publish→receive p50 ms", redis.p50());
    floors.put("redis publish→receive p99 ms", redis.p99());
    // the store's JVM compiles its insert path during the first thousands: measure it warm
    Floors.storeInserts(cluster.store.uri(), 50_000, 32);
    storeFloors(floors, cluster.store.uri(), "");
    return floors;
  }

  /** The store's insert rates, one at a time and 32 in flight, labelled with {@code when}. */
  private static void storeFloors(Map<String, Object> floors, String uri, String when)
      throws Exception {
    floors.put(
        "store inserts/s, 1 in flight" + when, Math.round(Floors.storeInserts(uri, 5_000, 1)));
    floors.put(
        "store inserts/s, 32 in flight" + when, Math.round(Floors.storeInserts(uri, 20_000, 32)));
    System.err.println("floors: " + floors);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }
}
