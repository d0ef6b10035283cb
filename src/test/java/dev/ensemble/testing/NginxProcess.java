package dev.ensemble.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx in front of the test servers, running {@code docker/nginx.conf} with the upstream
 * addresses, the listen port and the context root the rooms are routed by replaced.
 */
public final class NginxProcess implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/sbin/nginx");

  private final int port = Ports.free();
  private final Path dir;
  private Process process;

  public NginxProcess(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  public static boolean isInstalled() {
    return Files.isExecutable(BINARY);
  }

  public NginxProcess start(List<ServerProcess> servers) {
    try {
      Files.createDirectories(dir.resolve("logs"));
      String upstreams =
          servers.stream()
              .map(s -> "    server 127.0.0.1:" + s.port() + " max_fails=1 fail_timeout=10s;")
              .collect(Collectors.joining("\n"));
      String config =
          Files.readString(Path.of("docker/nginx.conf"))
              .replaceAll("(?m)^    server ensemble\\d:9080 .*\\n", "")
              .replace(
                  "hash $ensemble_room consistent;",
                  "hash $ensemble_room consistent;\n" + upstreams)
              .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
              .replace("~^/", "~^" + ServerProcess.CONTEXT_ROOT + "/")
              .replace(
                  "worker_processes 1;",
                  "worker_processes 1;\ndaemon off;\npid "
                      + dir.resolve("nginx.pid")
                      + ";\nerror_log "
                      + dir.resolve("logs/error.log")
                      + ";");
      Path file = dir.resolve("nginx.conf");
      Files.writeString(file, config);
      process =
          new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", file.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> Ports.listens(port));
    return this;
  }

  public URL url() {
    try {
      return URI.create("http://127.0.0.1:" + port + ServerProcess.CONTEXT_ROOT + "/").toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
