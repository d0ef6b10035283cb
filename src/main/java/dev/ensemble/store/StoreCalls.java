package dev.ensemble.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import java.util.function.Supplier;

/** Runs driver calls, turning the store's failures into {@link StoreUnavailableException}. */
public final class StoreCalls {

  private StoreCalls() {}

  /**
   * Runs a driver call. Write errors pass through so that callers can tell a duplicate key; every
   * other failure means the store is unavailable for now.
   */
  public static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (MongoWriteException | MongoBulkWriteException e) {
      throw e;
    } catch (MongoException e) {
      throw unavailable(what, e);
    }
  }

  public static StoreUnavailableException unavailable(String what, MongoException e) {
    return new StoreUnavailableException("store failed to " + what + ": " + e.getMessage(), e);
  }
}
