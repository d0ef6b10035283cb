package dev.ensemble.load;

import java.net.URI;
import java.util.List;

/** ShareDB servers, spoken to with ShareDB's protocol. */
record ShareDbTarget(NodePeer peer) implements Target {

  @Override
  public String name() {
    return "sharedb";
  }

  @Override
  public int servers() {
    return peer.ports.size();
  }

  @Override
  public SimulatedUser user(String name, int server, String room, Measurements m, long seed) {
    URI uri = URI.create("ws://127.0.0.1:" + peer.ports.get(server));
    return new ShareDbUser(name, server, room, uri, m, seed);
  }

  @Override
  public List<ProcessHandle> processes() {
    return peer.handles();
  }
}
