package dev.ensemble.load;

import java.util.List;

/** A system under load: its server processes and how a user connects to one of them. */
interface Target {

  String name();

  int servers();

  SimulatedUser user(String name, int server, String room, Measurements measurements, long seed);

  /** The processes whose CPU time counts as the servers'. */
  List<ProcessHandle> processes();
}
