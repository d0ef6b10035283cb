package dev.ensemble.store;

import java.util.Map;

/**
 * A room's document as it was at version {@code v}, and for a room's latest snapshot the last
 * submission of each recent source up to then, so that a server loading the room still knows which
 * submissions are in the log.
 */
public record DocumentSnapshot(
    String room, String language, String content, long v, Map<String, SourceMark> sources) {

  public DocumentSnapshot(String room, String language, String content, long v) {
    this(room, language, content, v, Map.of());
  }
}
