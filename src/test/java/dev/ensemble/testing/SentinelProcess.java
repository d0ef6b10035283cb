package dev.ensemble.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Sentinel of the test's own ({@code redis-server sentinel.conf --sentinel}), on its own
 * port, watching one master; quick to judge a master down, so that failover tests stay short.
 */
public final class SentinelProcess implements AutoCloseable {

  private final int port = Ports.free();
  private final Path dir;
  private Process process;

  public SentinelProcess(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  /**
   * Starts watching {@code master} as {@code masterName} with two sentinels' agreement (a quorum of
   * three), authenticating with {@code masterPassword}; clients and the other sentinels give {@code
   * password}.
   */
  public SentinelProcess start(
      String masterName, RedisProcess master, String masterPassword, String password) {
    return start(masterName, master, masterPassword, password, Optional.empty());
  }

  /** Like the other, speaking only TLS to clients, master and sentinels with {@code tls}. */
  public SentinelProcess start(
      String masterName,
      RedisProcess master,
      String masterPassword,
      String password,
      Optional<TlsFiles> tls) {
    try {
      Files.createDirectories(dir);
      Path conf = dir.resolve("sentinel.conf");
      // Sentinel rewrites its file with what it learns: write it afresh for every start
      Files.writeString(
          conf,
          String.join(
              "\n",
              tls.isEmpty() ? "port " + port : tlsLines(tls.get()),
              "bind 127.0.0.1",
              "dir " + dir,
              "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 2",
              "sentinel down-after-milliseconds " + masterName + " 1000",
              "sentinel failover-timeout " + masterName + " 3000",
              "sentinel auth-pass " + masterName + " " + masterPassword,
              "requirepass " + password,
              "sentinel sentinel-pass " + password,
              ""));
      process =
          new ProcessBuilder(RedisProcess.binary().toString(), conf.toString(), "--sentinel")
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("sentinel.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> Ports.listens(port));
    return this;
  }

  private String tlsLines(TlsFiles tls) {
    return String.join(
        "\n",
        "port 0",
        "tls-port " + port,
        "tls-cert-file " + tls.certificate(),
        "tls-key-file " + tls.key(),
        "tls-ca-cert-file " + tls.certificate(),
        "tls-auth-clients no",
        "tls-replication yes"); // TLS to the master and replicas too
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
