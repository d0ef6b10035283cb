package dev.ensemble.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;

/** What the tests do alike with every application server they start as a process of its own. */
final class ProcessControl {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ProcessControl() {}

  /**
   * Waits until {@code ready}; a server that does not get there in time is killed, so that a test
   * that gave up on it leaves no server behind to hold its output directory and port.
   */
  static void awaitReady(
      String name, Process process, BooleanSupplier ready, Runnable kill, Path log) {
    try {
      await()
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> !process.isAlive() || ready.getAsBoolean());
    } catch (ConditionTimeoutException e) {
      kill.run();
      throw new IllegalStateException(name + " was not ready within 4 minutes; see " + log, e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited while starting; see " + log);
    }
  }

  /** The HTTP status of {@code path} resolved against {@code base}, or -1 without an answer. */
  static int status(String base, String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(base).resolve(path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Waits a minute for the process to end, then kills it; returns its exit code. */
  static int waitForExit(Process process, Runnable kill) {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        kill.run();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
