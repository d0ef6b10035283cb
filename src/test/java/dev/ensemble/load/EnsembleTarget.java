package dev.ensemble.load;

import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import java.util.List;

/** Ensemble servers, spoken to with Ensemble's protocol. */
record EnsembleTarget(List<ServerProcess> serverProcesses) implements Target {

  @Override
  public String name() {
    return "ensemble";
  }

  @Override
  public int servers() {
    return serverProcesses.size();
  }

  @Override
  public SimulatedUser user(String name, int server, String room, Measurements m, long seed) {
    return new EnsembleUser(
        name, server, room, Urls.room(serverProcesses.get(server).url(), room), m, seed);
  }

  @Override
  public List<ProcessHandle> processes() {
    return serverProcesses.stream().map(s -> ProcessHandle.of(s.pid()).orElseThrow()).toList();
  }
}
