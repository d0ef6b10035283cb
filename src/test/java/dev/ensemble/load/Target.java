package dev.ensemble.load;

import java.util.List;
import java.util.Map;

/** A system under load: its server processes and how a user connects to one of them. */
interface Target {

  String name();

  int servers();

  SimulatedUser user(String name, int server, String room, Measurements measurements, long seed);

  /** The processes whose CPU time counts as the servers'. */
  List<ProcessHandle> processes();

  /**
   * Counters the servers keep, summed over them, or of the processes that drive the system; empty
   * when there are none to read.
   */
  default Map<String, Long> counters() {
    return Map.of();
  }
}
