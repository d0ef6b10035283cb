package dev.ensemble.store;

/** A room with this id was already created. */
public final class RoomExistsException extends RuntimeException {

  public RoomExistsException(String room) {
    super("room " + room + " already exists");
  }
}
