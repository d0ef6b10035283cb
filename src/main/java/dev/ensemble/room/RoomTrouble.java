package dev.ensemble.room;

/**
 * Why a room refuses edits until someone acts: the store lost operations this server acknowledged
 * and they cannot be written back ({@code store-diverged}), or the stored log cannot be applied
 * ({@code room-broken}). Thrown through the commit pipeline, kept by the room's log.
 */
final class RoomTrouble extends RuntimeException {

  private final String code;

  RoomTrouble(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  String code() {
    return code;
  }
}
