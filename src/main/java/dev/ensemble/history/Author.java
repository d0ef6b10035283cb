package dev.ensemble.history;

/**
 * Who made a line as it is: the source of the operation that last changed it, with its version and
 * time. The room's first content has no source ({@code src} null, version 0).
 */
public record Author(String src, long v, long ts) {

  /** The author of the content a room was created with. */
  public static final Author CREATION = new Author(null, 0, 0);
}
