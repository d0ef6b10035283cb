package dev.ensemble.store;

/**
 * A read met a version that is missing from the store while later ones exist, or a range that the
 * store does not hold completely: the log has a hole, and a reader must not skip it.
 */
public final class HistoryGapException extends RuntimeException {

  private final String room;
  private final long missing;

  public HistoryGapException(String room, long missing) {
    super("room " + room + ": version " + missing + " is missing from the store");
    this.room = room;
    this.missing = missing;
  }

  public String room() {
    return room;
  }

  /** The first version the store lacks. */
  public long missing() {
    return missing;
  }
}
