package dev.ensemble.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pass of retention over every room in the store: folds each room's operations older than
 * {@code keep} into its milestones ({@link OperationStore#fold}). A pass is idempotent, so servers
 * that run it at the same time only repeat each other's work.
 */
public final class HistoryRetention {

  private static final Logger LOG = Logger.getLogger(HistoryRetention.class.getName());

  /** Rooms read from the store at a time. */
  static final int PAGE = 100;

  private final OperationStore store;
  private final Duration keep;
  private final Clock clock;
  private final int page;

  public HistoryRetention(OperationStore store, Duration keep, Clock clock) {
    this(store, keep, clock, PAGE);
  }

  /** With rooms read {@code page} at a time, for tests of the paging. */
  HistoryRetention(OperationStore store, Duration keep, Clock clock, int page) {
    this.store = store;
    this.keep = keep;
    this.clock = clock;
    this.page = page;
  }

  /**
   * Folds every room once.
   *
   * @return how many rooms had operations folded by this pass
   * @throws StoreUnavailableException if the store cannot be reached; the next pass goes on
   */
  public int run() {
    long before = clock.millis() - keep.toMillis();
    int folded = 0;
    String after = null;
    while (true) {
      List<String> rooms = store.roomIds(after, page);
      for (String room : rooms) {
        if (foldOne(room, before)) {
          folded++;
        }
      }
      if (rooms.size() < page) {
        return folded;
      }
      after = rooms.get(rooms.size() - 1);
    }
  }

  private boolean foldOne(String room, long before) {
    long was = store.foldedTo(room);
    try {
      return store.fold(room, before) > was;
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      // one room's odd data must not keep every other room's history growing
      LOG.log(Level.WARNING, "retention could not fold room " + room + "; it tries again later", e);
      return false;
    }
  }
}
