package dev.ensemble.load;

import java.time.Duration;
import java.util.List;

/**
 * One workload: how many clients in how many rooms, how many of them write and how fast (a rate of
 * 0 means as fast as the protocol allows: the next edit as soon as the last one is acknowledged),
 * and whether each room's clients are on the room's server, as the load balancer routes them, or
 * spread over all servers on purpose.
 */
record Scenario(
    String name,
    int clients,
    int rooms,
    int writersPerRoom,
    double opsPerSecond,
    boolean routed,
    Duration warmUp,
    Duration duration) {

  private static final Duration WARM_UP = Duration.ofSeconds(15);
  private static final Duration LENGTH = Duration.ofSeconds(30);

  static final List<Scenario> ALL =
      List.of(
          new Scenario("hot-room", 10, 1, 10, 0, true, WARM_UP, LENGTH),
          new Scenario("hot-room-spread", 10, 1, 10, 0, false, WARM_UP, LENGTH),
          new Scenario("fan-out", 200, 1, 5, 5, false, WARM_UP, LENGTH),
          new Scenario("many-rooms", 1000, 200, 5, 1, false, WARM_UP, LENGTH),
          // issue 15's five times many rooms; not among the defaults
          new Scenario("many-rooms-5x", 5000, 1000, 5, 1, false, WARM_UP, LENGTH));

  static Scenario named(String name) {
    return ALL.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no scenario " + name + "; one of " + ALL));
  }

  /** The same workload with each writer's rate multiplied by {@code factor}. */
  Scenario paced(double factor) {
    return new Scenario(
        name, clients, rooms, writersPerRoom, opsPerSecond * factor, routed, warmUp, duration);
  }

  Scenario timed(Duration warmUp, Duration length) {
    return new Scenario(name, clients, rooms, writersPerRoom, opsPerSecond, routed, warmUp, length);
  }
}
