package dev.ensemble.store;

/**
 * The end of a room's log as a server knows it: version {@code v} and the identity of the operation
 * that made it ({@code src}, {@code seq}, {@code timestamp}), or the origin of an empty log.
 * Appending after it succeeds only if the store holds that very operation at {@code v} and nothing
 * after it, so that no server commits above a gap or on a history the store does not have.
 */
public record LogHead(String room, long v, String src, long seq, long timestamp) {

  /** The start of every room's log, before version 1. */
  public static LogHead origin(String room) {
    return new LogHead(room, 0, null, 0, 0);
  }

  public boolean isOrigin() {
    return v == 0;
  }
}
