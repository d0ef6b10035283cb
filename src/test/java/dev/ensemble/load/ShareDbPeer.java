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

/**
 * The peer: ShareDB 7 servers in Node.js processes on the same Redis and store, installed from the
 * npm registry into {@code target/sharedb-peer} with the versions of {@code src/test/sharedb}.
 */
final class ShareDbPeer implements AutoCloseable {

  private static final Path SOURCES = Path.of("src/test/sharedb");

  private final List<Process> processes = new ArrayList<>();
  final List<Integer> ports = new ArrayList<>();

  static ShareDbPeer start(Path dir, int count, String mongoUri, String redisUrl) throws Exception {
    install(dir);
    ShareDbPeer peer = new ShareDbPeer();
    for (int i = 0; i < count; i++) {
      int port = Ports.free();
      ProcessBuilder builder =
          new ProcessBuilder("node", "server.js")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("server-" + i + ".log").toFile()));
      builder.environment().put("PORT", Integer.toString(port));
      builder.environment().put("MONGODB_URI", mongoUri);
      builder.environment().put("REDIS_URL", redisUrl);
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

  private static void install(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    for (String file : List.of("package.json", "server.js")) {
      Files.copy(SOURCES.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
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

  List<ProcessHandle> handles() {
    return processes.stream().map(Process::toHandle).toList();
  }

  @Override
  public void close() {
    processes.forEach(Process::destroy);
  }
}
