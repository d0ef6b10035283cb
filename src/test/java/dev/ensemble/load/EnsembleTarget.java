package dev.ensemble.load;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** Commits and version conflicts, from each server's liveness data. */
  @Override
  public Map<String, Long> counters() {
    Map<String, Long> sums = new LinkedHashMap<>();
    for (ServerProcess server : serverProcesses) {
      JsonObject data =
          Http.get(Urls.health(server.url(), "live"))
              .json()
              .asJsonObject()
              .getJsonArray("checks")
              .getJsonObject(0)
              .getJsonObject("data");
      for (String counter : List.of("commits", "versionConflicts")) {
        sums.merge(counter, data.getJsonNumber(counter).longValue(), Long::sum);
      }
    }
    return sums;
  }
}
