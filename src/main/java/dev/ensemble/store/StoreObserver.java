package dev.ensemble.store;

import java.time.Duration;

/**
 * Hears every store call, for metrics. Plain Java, so that the store runs without a container;
 * called on the caller's thread, so it must only count, never block.
 */
public interface StoreObserver {

  StoreObserver NONE =
      new StoreObserver() {
        @Override
        public void called(String operation, Duration took) {}

        @Override
        public void failed(String operation) {}
      };

  /** A call for {@code operation} ("read document", "write operations", …) ended, however. */
  void called(String operation, Duration took);

  /** A call for {@code operation} failed because the store is unavailable. */
  void failed(String operation);
}
