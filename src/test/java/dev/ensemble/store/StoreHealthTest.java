package dev.ensemble.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The store's health, checked by hand rather than by its loop. */
class StoreHealthTest {

  @Test
  void aSetupRunsOnceTheStoreAnswersAndAFailedOneAgainWithoutMakingTheStoreUnready() {
    try (MemoryStore memory = new MemoryStore()) {
      StoreHealth health = new StoreHealth(memory.store(), Duration.ofSeconds(60));
      AtomicInteger tries = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      health.setUpWith(
          () -> {
            if (tries.incrementAndGet() == 1) {
              throw new StoreUnavailableException("index refused", null);
            }
            done.incrementAndGet();
          });

      health.check();
      assertThat(health.isReady()).isTrue();
      assertThat(done).hasValue(0);

      health.check();
      health.check();
      assertThat(tries).hasValue(2);
      assertThat(done).hasValue(1);
      assertThat(health.isReady()).isTrue();
    }
  }
}
