package dev.ensemble.load;

import java.time.Duration;
import java.util.List;

/**
 * One workload: how many clients in how many rooms, how many of them write and how fast (a rate of
 * 0 means as fast as the protocol allows: the next edit as soon as the last one is acknowledged).
 */
record Scenario(
    String name,
    int clients,
    int rooms,
    int writersPerRoom,
    double opsPerSecond,
    Duration duration) {

  static final List<Scenario> ALL =
      List.of(
          new Scenario("hot-room", 10, 1, 10, 0, Duration.ofSeconds(30)),
          new Scenario("fan-out", 200, 1, 5, 5, Duration.ofSeconds(30)),
          new Scenario("many-rooms", 1000, 200, 5, 1, Duration.ofSeconds(30)));

  static Scenario named(String name) {
    return ALL.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no scenario " + name + "; one of " + ALL));
  }

  Scenario lasting(Duration length) {
    return new Scenario(name, clients, rooms, writersPerRoom, opsPerSecond, length);
  }
}
