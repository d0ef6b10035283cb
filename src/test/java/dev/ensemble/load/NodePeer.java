package dev.ensemble.load;

import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A peer system run by Node.js: its servers ({@code server.js}, one per port) and any other script
 * of {@code src/test/<system>}, installed from the npm registry into {@code target/<system>-peer}
 * with the versions of that directory's {@code package.json}.
 */
final class NodePeer implements AutoCloseable {

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  final List<Integer> ports = new ArrayList<>();

  private NodePeer(Path dir) {
    this.dir = dir;
  }

  /** Installs the system and starts {@code count} servers with {@code env}, each on its PORT. */
  static NodePeer start(String system, int count, Map<String, String> env) throws Exception {
    NodePeer peer = new NodePeer(Path.of("target", system + "-peer"));
    install(Path.of("src/test", system), peer.dir);
    for (int i = 0; i < count; i++) {
      int port = Ports.free();
      ProcessBuilder builder = peer.node("server.js", "server-" + i + ".log");
      builder.environment().putAll(env);
      builder.environment().put("PORT", Integer.toString(port));
      peer.processes.add(builder.start());
      peer.ports.add(port);
    }
    try {
      for (int port : peer.ports) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Ports.listens(port));
      }
    } catch (RuntimeException e) {
      peer.close();
      throw e;
    }
    return peer;
  }

  /**
   * Another script of the peer, its standard input and output left to the caller, its standard
   * error in {@code <script>.log}; not counted among the servers.
   */
  Process script(String script) throws IOException {
    return new ProcessBuilder("node", script)
        .directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(script + ".log").toFile()))
        .start();
  }

  private ProcessBuilder node(String script, String log) {
    return new ProcessBuilder("node", script)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()));
  }

  private static void install(Path sources, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(sources)) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Process npm =
        new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("npm.log").toFile()))
            .start();
    if (npm.waitFor() != 0) {
      throw new IllegalStateException("npm install failed; see " + dir.resolve("npm.log"));
    }
  }

  /** The servers' processes. */
  List<ProcessHandle> handles() {
    return processes.stream().map(Process::toHandle).toList();
  }

  @Override
  public void close() {
    processes.forEach(Process::destroy);
  }
}
