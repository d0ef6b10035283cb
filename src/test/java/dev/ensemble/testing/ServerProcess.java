package dev.ensemble.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Ensemble server in its own process: the main server definition the build created, run with
 * {@code bin/server run} under {@code liberty/drain-on-term} as the image runs it, with its own
 * output directory, port and environment, so that a test can stop it gracefully (SIGTERM drains
 * it), kill it with SIGKILL and start it again.
 */
public final class ServerProcess implements AutoCloseable {

  private static final Path SERVER_SCRIPT = Path.of("target/liberty/wlp/bin/server");
  private static final Path DRAIN_ON_TERM = Path.of("liberty/drain-on-term");

  /**
   * Where the tests deploy the application, not at the server's root, so that every address the
   * pages, scripts and tests use is checked to follow the context root.
   */
  public static final String CONTEXT_ROOT = "/ensemble";

  private final String name;
  private final int port;
  private final Path home;
  private final Map<String, String> env;
  private final boolean drainOnTerm;
  private Process process;

  private ServerProcess(
      String name, int port, Path home, Map<String, String> env, boolean drainOnTerm) {
    this.name = name;
    this.port = port;
    this.home = home;
    this.env = env;
    this.drainOnTerm = drainOnTerm;
  }

  /** A server named {@code name}, with its files under {@code target/it-servers/name}. */
  public static ServerProcess create(String name, Map<String, String> env) {
    Path home = Path.of("target/it-servers", name).toAbsolutePath();
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("ENSEMBLE_DATA_DIR", home.resolve("data").toString());
    all.putIfAbsent("ENSEMBLE_SERVER_ID", name);
    // tests of the protocol, faults and load reach rooms by name; the tests of access set links
    all.putIfAbsent("ENSEMBLE_ACCESS", "open");
    all.put("ENSEMBLE_CONTEXT_ROOT", CONTEXT_ROOT);
    int port = Ports.free();
    all.putIfAbsent("ENSEMBLE_PUBLIC_URL", base(port));
    return new ServerProcess(name, port, home, all, true);
  }

  /** The same server run by {@code bin/server} alone, as a shared server runs the WAR. */
  public ServerProcess withoutDrainOnTerm() {
    return new ServerProcess(name, port, home, env, false);
  }

  /** Starts the server and waits until it is ready. */
  public ServerProcess start() {
    return launch().awaitReady();
  }

  /** Starts the process without waiting, so that several servers can start at once. */
  public ServerProcess launch() {
    try {
      Files.createDirectories(home);
      List<String> command = new ArrayList<>();
      if (drainOnTerm) {
        command.add(DRAIN_ON_TERM.toAbsolutePath().toString());
      }
      command.addAll(List.of(SERVER_SCRIPT.toAbsolutePath().toString(), "run", "defaultServer"));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
      builder.environment().putAll(env);
      builder.environment().put("HTTP_PORT", Integer.toString(port));
      builder.environment().put("WLP_OUTPUT_DIR", home.resolve("output").toString());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    return this;
  }

  /**
   * Waits until the server is ready; one that does not get there in time is killed, so that a test
   * that gave up on it leaves no server behind to hold its output directory and port.
   */
  public ServerProcess awaitReady() {
    ProcessControl.awaitReady(name, process, this::isReady, this::kill, consoleLog());
    return this;
  }

  /** What the server process printed, from every start. */
  public Path consoleLog() {
    return home.resolve("console.log");
  }

  /** The server's messages.log, which Liberty starts afresh at each start. */
  public Path messagesLog() {
    return home.resolve("output/defaultServer/logs/messages.log");
  }

  public String name() {
    return name;
  }

  public boolean isReady() {
    return status("/health/ready") == 200;
  }

  /**
   * The HTTP status of {@code path}, from the server's root ({@code /health/ready}), or -1 if the
   * server does not answer.
   */
  public int status(String path) {
    return ProcessControl.status(base(), path);
  }

  /** SIGTERM, then waits for the process to end; returns its exit code. */
  public int terminate() {
    process.destroy();
    return waitForExit();
  }

  /** SIGKILL to the server's JVM and its launcher: nothing gets a chance to finish. */
  public void kill() {
    killAll();
    waitForExit();
  }

  private void killAll() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private int waitForExit() {
    return ProcessControl.waitForExit(process, this::killAll);
  }

  /** The server's JVM, not its launcher. */
  public long pid() {
    return drainOnTerm ? process.children().findFirst().orElseThrow().pid() : process.pid();
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
    return "http://localhost:" + port + CONTEXT_ROOT + "/";
  }

  public URL url() {
    try {
      return URI.create(base()).toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (isAlive()) {
      kill();
    }
  }
}
