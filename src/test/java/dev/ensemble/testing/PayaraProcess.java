package dev.ensemble.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The same WAR on Payara Micro (Jakarta EE 10) in a process of its own: {@code java -jar
 * target/payara-micro.jar --deploy target/ensemble.war} at {@link ServerProcess#CONTEXT_ROOT}, with
 * its own port, files and environment, so that tests show the application runs on a second Jakarta
 * EE server with nothing Liberty-only. The build copies the jar to {@code target/} (pom.xml).
 */
public final class PayaraProcess implements AutoCloseable {

  private static final Path PAYARA = Path.of("target/payara-micro.jar");
  private static final Path WAR = Path.of("target/ensemble.war");

  private final String name;
  private final int port;
  private final Path home;
  private final Map<String, String> env;
  private Process process;

  private PayaraProcess(String name, int port, Path home, Map<String, String> env) {
    this.name = name;
    this.port = port;
    this.home = home;
    this.env = env;
  }

  /**
   * A Payara Micro server named {@code name}, with its files under {@code target/it-servers/name}
   * (emptied first: its configuration, the unpacked runtime, the embedded store's data).
   */
  public static PayaraProcess create(String name, Map<String, String> env) {
    Path home = Path.of("target/it-servers", name).toAbsolutePath();
    deleteRecursively(home);
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("ENSEMBLE_DATA_DIR", home.resolve("data").toString());
    all.putIfAbsent("ENSEMBLE_SERVER_ID", name);
    all.putIfAbsent("ENSEMBLE_ACCESS", "open");
    int port = Ports.free();
    all.putIfAbsent("ENSEMBLE_PUBLIC_URL", base(port));
    return new PayaraProcess(name, port, home, all);
  }

  /** Starts the server and waits until it is ready. */
  public PayaraProcess start() {
    return launch().awaitReady();
  }

  /** Starts the process without waiting, so that several servers can start at once. */
  public PayaraProcess launch() {
    try {
      // Payara Micro refuses a --rootdir that does not exist
      Files.createDirectories(home.resolve("root"));
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // fewer collector threads on the tests' small machines
      command.add("-XX:+UseSerialGC");
      command.addAll(
          List.of(
              "-jar",
              PAYARA.toAbsolutePath().toString(),
              "--deploy",
              WAR.toAbsolutePath().toString(),
              "--contextroot",
              ServerProcess.CONTEXT_ROOT.substring(1),
              "--port",
              Integer.toString(port),
              // no Hazelcast data grid: Ensemble's servers share Redis and the store, not Payara's
              // cluster (and starting the grid took seconds of each start)
              "--nocluster",
              "--nohazelcast",
              "--rootdir",
              home.resolve("root").toString(),
              "--unpackdir",
              home.resolve("runtime").toString(),
              "--disablephonehome"));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
      builder.environment().putAll(env);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    return this;
  }

  /** Waits until the server is ready; one that does not get there in time is killed. */
  public PayaraProcess awaitReady() {
    ProcessControl.awaitReady(name, process, this::isReady, this::kill, consoleLog());
    return this;
  }

  /** What the server printed: Payara Micro logs to its console. */
  public Path consoleLog() {
    return home.resolve("console.log");
  }

  public String name() {
    return name;
  }

  /** Payara Micro serves MicroProfile Health at the server's root, as Liberty does. */
  public boolean isReady() {
    return status("/health/ready") == 200;
  }

  /**
   * The HTTP status of {@code path}, from the server's root, or -1 if the server does not answer.
   */
  public int status(String path) {
    return ProcessControl.status(base(), path);
  }

  /** SIGTERM, then waits for the process to end; returns its exit code. */
  public int terminate() {
    process.destroy();
    return waitForExit();
  }

  /** SIGKILL. */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  private int waitForExit() {
    return ProcessControl.waitForExit(process, process::destroyForcibly);
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public int port() {
    return port;
  }

  /** The application's root, with a trailing slash. */
  public String base() {
    return base(port);
  }

  private static String base(int port) {
    return "http://localhost:" + port + ServerProcess.CONTEXT_ROOT + "/";
  }

  public URL url() {
    try {
      return URI.create(base()).toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (isAlive()) {
      kill();
    }
  }
}
