package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.CommittedOp;
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
      store.createDocument(room, "java", "");
      store.append(List.of(op(room, 1)));

      process.freeze();
      try {
        assertFailsWithinTheTimeout(() -> store.findDocument(room));
        assertFailsWithinTheTimeout(() -> store.append(List.of(op(room, 2))));
        assertFailsWithinTheTimeout(() -> store.findOpsAfter(room, 0));
        assertFailsWithinTheTimeout(() -> store.saveSnapshot(room, 1, "x"));
        assertThat(assertTimeoutPreemptively(BOUND, store::isReachable)).isFalse();
      } finally {
        process.thaw();
      }

      await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(store::isReachable);
      // the append that timed out may have been applied once the store read it: its outcome is
      // unknown to the caller, as after any timeout
      List<CommittedOp> log = store.findOpsAfter(room, 0);
      assertThat(log).extracting(CommittedOp::v).startsWith(1L);
      assertThat(store.append(List.of(op(room, log.size() + 1)))).isEqualTo(1);
    }
  }

  private static void assertFailsWithinTheTimeout(Runnable call) {
    Throwable thrown = assertTimeoutPreemptively(BOUND, () -> catchThrowable(call::run));
    assertThat(thrown).isInstanceOf(StoreUnavailableException.class);
  }

  private static CommittedOp op(String room, long v) {
    return new CommittedOp(room, v, TextOperation.builder().insert("x").build(), "frozen", v, v);
  }
}
