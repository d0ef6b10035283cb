package dev.ensemble.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs driver calls, turning the store's failures into {@link StoreUnavailableException}, and tells
 * the {@link StoreObserver} how each went.
 */
public final class StoreCalls {

  /**
   * One for the application: store classes are built in many places (producers, tests, the
   * standalone store), and this class lives in the application's class loader, so a field here
   * reaches every call without touching them.
   */
  private static volatile StoreObserver observer = StoreObserver.NONE;

  private StoreCalls() {}

  /** Sets who hears every store call; {@link StoreObserver#NONE} to stop. */
  public static void reportTo(StoreObserver next) {
    observer = next;
  }

  /**
   * Runs a driver call. Write errors pass through so that callers can tell a duplicate key; every
   * other failure means the store is unavailable for now.
   */
  public static <T> T call(String what, Supplier<T> action) {
    long start = System.nanoTime();
    try {
      return action.get();
    } catch (MongoWriteException | MongoBulkWriteException e) {
      throw e;
    } catch (MongoException e) {
      throw unavailable(what, e);
    } finally {
      observer.called(what, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * The failure of a call for {@code what}; callers use it too for write errors they cannot use.
   */
  public static StoreUnavailableException unavailable(String what, MongoException e) {
    observer.failed(what);
    return new StoreUnavailableException("store failed to " + what + ": " + e.getMessage(), e);
  }
}
