package dev.ensemble.load;

import java.util.List;
import java.util.Map;

/** Hocuspocus servers on one Redis, spoken to by real Yjs clients. */
record HocuspocusTarget(NodePeer peer, YjsClients clients) implements Target {

  @Override
  public String name() {
    return "hocuspocus";
  }

  @Override
  public int servers() {
    return peer.ports.size();
  }

  @Override
  public SimulatedUser user(String name, int server, String room, Measurements m, long seed) {
    String url = "ws://127.0.0.1:" + peer.ports.get(server);
    return new HocuspocusUser(name, server, room, url, clients, m, seed);
  }

  @Override
  public List<ProcessHandle> processes() {
    return peer.handles();
  }

  /**
   * The CPU time of the clients' process, which is not the servers' but competes with them for the
   * cores: when it nears one core, the clients' event loop is in the measured latencies.
   */
  @Override
  public Map<String, Long> counters() {
    return Map.of("yjsClientsCpuMs", clients.cpu().toMillis());
  }
}
