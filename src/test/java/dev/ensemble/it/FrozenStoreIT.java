package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ensemble.store.MongoOperationStore;
import dev.ensemble.store.StoreConnection;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.testing.QuietLogs;
import dev.ensemble.testing.StoreProcess;
import dev.ensemble.testing.Urls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A store that hangs with its sockets open (SIGSTOP): every call fails within the store timeout
 * with {@link StoreUnavailableException} instead of waiting forever, and the same client works
 * again once the store answers.
 */
class FrozenStoreIT {

  private static final List<Logger> QUIET = QuietLogs.ofTheStore();

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** Generous for a loaded machine; without a read timeout the call never returns. */
  private static final Duration BOUND = TIMEOUT.multipliedBy(5).dividedBy(2);

  @Test
  void callsOnAFrozenStoreFailWithinTheTimeoutAndTheClientRecovers() {
    String room = Urls.freshRoom("frozen");
    try (StoreProcess process = new StoreProcess(Path.of("target/it-stores/frozen")).start();
        StoreConnection connection =
            StoreConnection.open(Optional.of(process.uri()), Path.of("target"), TIMEOUT)) {
      MongoOperationStore store =
          new MongoOperationStore(connection.database(), connection.durability(), 1000);
      store.initialize();
      store.createDocument(room, "java", "x");

      process.freeze();
      try {
        assertFailsWithinTheTimeout(() -> store.findDocument(room));
        assertFailsWithinTheTimeout(() -> store.createDocument(room + "-b", "java", ""));
        assertFailsWithinTheTimeout(() -> store.findOps(room, 0, 10));
        assertFailsWithinTheTimeout(store::initialize);
      } finally {
        process.thaw();
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> store.findDocument(room).isPresent());
      assertThat(store.findDocument(room).orElseThrow().content()).isEqualTo("x");
      // the room whose creation timed out may exist now: the store read the request once thawed
      assertThat(store.createDocument(room + "-c", "java", "y").content()).isEqualTo("y");
    }
  }

  private static void assertFailsWithinTheTimeout(Runnable call) {
    Throwable thrown = assertTimeoutPreemptively(BOUND, () -> catchThrowable(call::run));
    assertThat(thrown).isInstanceOf(StoreUnavailableException.class);
  }
}
