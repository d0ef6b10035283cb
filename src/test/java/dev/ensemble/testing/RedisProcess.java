package dev.ensemble.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} of the test's own, on its own port, started and stopped by pid: the
 * one on the PATH if there is one, else the Linux binary shipped in the {@code embedded-redis} jar,
 * so that tests run on a machine with no Redis installed.
 */
public final class RedisProcess implements AutoCloseable {

  private static final String JAR_BINARY = "redis-server-6.2.6-v5-linux-amd64";

  private final int port;
  private final Path dir;
  private final List<String> options;
  private final String password;
  private final boolean tls;
  private Process process;

  public RedisProcess(Path dir) {
    this(dir, List.of(), null, false);
  }

  private RedisProcess(Path dir, List<String> options, String password, boolean tls) {
    this.port = Ports.free();
    this.dir = dir;
    this.options = options;
    this.password = password;
    this.tls = tls;
  }

  /**
   * A Redis that speaks only TLS, with the certificate of {@code files}, and wants {@code password}
   * from the default user and from user {@code ensemble}.
   */
  public static RedisProcess withTls(Path dir, TlsFiles files, String password) {
    List<String> options = tlsOnly(files);
    options.addAll(
        List.of(
            "--requirepass",
            password,
            "--user",
            "ensemble",
            "on",
            ">" + password,
            "~*",
            "&*",
            "+@all"));
    return new RedisProcess(dir, options, password, true);
  }

  /** Serves TLS alone on the process's port, with the certificate of {@code files}. */
  private static List<String> tlsOnly(TlsFiles files) {
    return new ArrayList<>(
        List.of(
            "--tls-port",
            "{port}",
            "--port",
            "0",
            "--tls-cert-file",
            files.certificate().toString(),
            "--tls-key-file",
            files.key().toString(),
            "--tls-ca-cert-file",
            files.certificate().toString(),
            "--tls-auth-clients",
            "no"));
  }

  /**
   * A Redis that wants {@code password} from the default user and, with a master, replicates it
   * (authenticating with the same password), as the master and replicas Sentinel watches are set
   * up.
   */
  public static RedisProcess withPassword(
      Path dir, String password, Optional<RedisProcess> master) {
    List<String> options =
        new ArrayList<>(
            List.of("--port", "{port}", "--requirepass", password, "--masterauth", password));
    master.ifPresent(
        m -> options.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(m.port()))));
    return new RedisProcess(dir, options, password, false);
  }

  /**
   * Like {@link #withPassword}, but speaking only TLS, with the certificate of {@code files}, to
   * clients and to its master.
   */
  public static RedisProcess withTlsAndPassword(
      Path dir, TlsFiles files, String password, Optional<RedisProcess> master) {
    List<String> options = tlsOnly(files);
    options.addAll(
        List.of("--tls-replication", "yes", "--requirepass", password, "--masterauth", password));
    master.ifPresent(
        m -> options.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(m.port()))));
    return new RedisProcess(dir, options, password, true);
  }

  /**
   * A node of a Redis Cluster that wants {@code password} from clients and from the other nodes,
   * quick to judge a master down (one second), so that failover tests stay short. The cluster bus
   * gets a port of its own, since the usual port + 10000 may be taken or out of range.
   */
  public static RedisProcess clusterNode(Path dir, String password) {
    return new RedisProcess(
        dir,
        List.of(
            "--port",
            "{port}",
            "--cluster-enabled",
            "yes",
            "--cluster-port",
            Integer.toString(Ports.free()),
            "--cluster-config-file",
            "nodes.conf",
            "--cluster-node-timeout",
            "1000",
            "--requirepass",
            password,
            "--masterauth",
            password),
        password,
        false);
  }

  /**
   * Whether the redis-server and redis-cli on the PATH can make a cluster with sharded pub/sub
   * (Redis 7); the binary in the embedded-redis jar is 6.2.
   */
  public static boolean supportsShardedPubSub() {
    Optional<Path> server = onPath();
    if (server.isEmpty() || !Files.isExecutable(server.get().resolveSibling("redis-cli"))) {
      return false;
    }
    try {
      Process version =
          new ProcessBuilder(server.get().toString(), "--version")
              .redirectErrorStream(true)
              .start();
      String text = new String(version.getInputStream().readAllBytes());
      version.waitFor(10, TimeUnit.SECONDS);
      java.util.regex.Matcher major = java.util.regex.Pattern.compile("v=(\\d+)\\.").matcher(text);
      return major.find() && Integer.parseInt(major.group(1)) >= 7;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** redis-cli beside the redis-server on the PATH. */
  static Path cli() {
    return onPath().orElseThrow().resolveSibling("redis-cli");
  }

  /**
   * Whether these tests run a redis-server from the PATH, which is built with TLS on the machines
   * this project knows (Debian's); the binary in the embedded-redis jar is not known to be.
   */
  public static boolean supportsTls() {
    return onPath().isPresent();
  }

  public RedisProcess start() {
    try {
      Files.createDirectories(dir);
      List<String> command = new ArrayList<>(List.of(binary().toString()));
      if (options.isEmpty()) {
        command.addAll(List.of("--port", Integer.toString(port)));
      } else {
        options.forEach(o -> command.add(o.equals("{port}") ? Integer.toString(port) : o));
      }
      command.addAll(
          List.of(
              "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // one that wants a password answers PING with NOAUTH
    await()
        .atMost(Duration.ofSeconds(20))
        .until(password != null ? () -> Ports.listens(port) : this::answers);
    return this;
  }

  /** The URL a client connects with; for a TLS Redis, {@code rediss://} with the password. */
  public String url() {
    return tls
        ? "rediss://ensemble:" + password + "@127.0.0.1:" + port
        : "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** Stops Redis as a crash would, by its pid. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Freezes Redis: its sockets stay open, nothing answers. */
  public void freeze() {
    signal("STOP");
  }

  public void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  private boolean answers() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("PING\r\n".getBytes());
      byte[] reply = new byte[7];
      return socket.getInputStream().read(reply) > 0 && new String(reply).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (isAlive()) {
      thaw();
      kill();
    }
  }

  private static Optional<Path> onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static Path binary() throws IOException {
    Optional<Path> installed = onPath();
    if (installed.isPresent()) {
      return installed.get();
    }
    Path extracted = Path.of("target", JAR_BINARY).toAbsolutePath();
    if (!Files.isExecutable(extracted)) {
      try (InputStream in = RedisProcess.class.getResourceAsStream("/" + JAR_BINARY)) {
        if (in == null) {
          throw new IOException("no redis-server on the PATH and none in the embedded-redis jar");
        }
        Files.createDirectories(extracted.getParent());
        Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
      }
      extracted.toFile().setExecutable(true);
    }
    return extracted;
  }
}
