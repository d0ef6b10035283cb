package dev.ensemble.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The standalone MongoDB-wire store the project provides, in a process of its own. */
public final class StoreProcess implements AutoCloseable {

  private final int port = Ports.free();
  private final Path dir;
  private final boolean inMemory;
  private Process process;

  public StoreProcess(Path dir) {
    this(dir, false);
  }

  /** A store keeping its data in {@code dir}, or in memory only. */
  public StoreProcess(Path dir, boolean inMemory) {
    this.dir = dir.toAbsolutePath();
    this.inMemory = inMemory;
  }

  /**
   * Another store over this one's data, on a port of its own that no server knows: to see what this
   * one kept, while it is down.
   */
  public StoreProcess onSameData() {
    return new StoreProcess(dir, inMemory);
  }

  public StoreProcess start() {
    try {
      Files.createDirectories(dir);
      process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  // every document lives on its heap, and it shares two cores with the servers:
                  // G1 paused it 100-200 ms at 2 GB, ZGC's concurrent cycles competed for their CPU
                  "-XX:+UseSerialGC",
                  "-Xmn256m",
                  "-Xmx12g",
                  "-Xlog:gc:file=" + dir.resolve("gc.log"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.ensemble.store.StandaloneStore",
                  Integer.toString(port),
                  inMemory ? "memory" : dir.resolve("data").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("store.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Ports.listens(port));
    return this;
  }

  public void startIfStopped() {
    if (process == null || !process.isAlive()) {
      start();
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public String uri() {
    return "mongodb://127.0.0.1:" + port + "/ensemble";
  }

  /** SIGTERM: the store commits and stops. */
  public void stop() {
    process.destroy();
    waitForExit();
  }

  /**
   * SIGKILL: nothing gets a chance to finish. {@link #start()} brings it back on the same port with
   * the same data directory.
   */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /**
   * SIGSTOP: its sockets stay open and accept, nothing answers. Returns once the process is
   * stopped, which the signal alone does not wait for.
   */
  public void freeze() {
    signal("STOP");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::isStopped);
  }

  /** The state letter in {@code /proc/<pid>/stat} is T for a stopped process. */
  private boolean isStopped() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
  }

  /** SIGCONT: answers again what it received while frozen. */
  public void thaw() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      int exit =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill -" + name + " exited with " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void waitForExit() {
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
