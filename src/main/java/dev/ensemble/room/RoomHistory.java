package dev.ensemble.room;

import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.OperationStore;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import java.util.List;
import java.util.Optional;

/**
 * Reads rooms for the REST API: the current document, the operation log between two versions and
 * the document as it was at any version.
 */
public final class RoomHistory {

  /** Most operations one history request returns. */
  public static final int MAX_OPS_PER_REQUEST = 10_000;

  private final OperationStore store;
  private final RoomManager rooms;

  public RoomHistory(OperationStore store, RoomManager rooms) {
    this.store = store;
    this.rooms = rooms;
  }

  /** The room as it is now: from memory when it is active here, else from the store. */
  public Optional<DocumentSnapshot> current(String roomId) {
    Optional<RoomView> active = rooms.activeRoom(roomId);
    if (active.isPresent()) {
      RoomView view = active.get();
      return Optional.of(new DocumentSnapshot(roomId, view.language(), view.content(), view.v()));
    }
    return store.findDocument(roomId).map(this::withLaterOps);
  }

  private DocumentSnapshot withLaterOps(DocumentSnapshot stored) {
    String content = stored.content();
    long v = stored.v();
    for (CommittedOp op : store.findOpsAfter(stored.room(), stored.v())) {
      content = op.op().apply(content);
      v = op.v();
    }
    return new DocumentSnapshot(stored.room(), stored.language(), content, v);
  }

  /**
   * The committed operations with {@code from < v <= to}.
   *
   * @throws WireException for a range outside the room's history or longer than {@link
   *     #MAX_OPS_PER_REQUEST}
   */
  public List<CommittedOp> ops(String roomId, long from, Long to) {
    DocumentSnapshot room = require(roomId);
    long end = to == null ? Math.min(room.v(), from + MAX_OPS_PER_REQUEST) : to;
    if (from < 0 || end < from) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER, "need 0 <= from <= to, got from=" + from + ", to=" + end);
    }
    if (end > room.v()) {
      throw new WireException(
          ErrorCodes.FUTURE_VERSION, "to=" + end + " is after the head version " + room.v());
    }
    if (end - from > MAX_OPS_PER_REQUEST) {
      throw new WireException(
          ErrorCodes.RANGE_TOO_LARGE,
          "at most " + MAX_OPS_PER_REQUEST + " operations per request; page with from and to");
    }
    return store.findOps(roomId, from, end);
  }

  /**
   * The document as it was at version {@code v}: the nearest kept milestone plus the operations
   * after it.
   */
  public DocumentSnapshot at(String roomId, long v) {
    DocumentSnapshot room = require(roomId);
    if (v < 0 || v > room.v()) {
      throw new WireException(
          v < 0 ? ErrorCodes.BAD_PARAMETER : ErrorCodes.FUTURE_VERSION,
          "version must be between 0 and " + room.v() + ", got " + v);
    }
    if (v == room.v()) {
      return room;
    }
    DocumentSnapshot milestone = store.findMilestone(roomId, v).orElseThrow(() -> notFound(roomId));
    String content = milestone.content();
    for (CommittedOp op : store.findOps(roomId, milestone.v(), v)) {
      content = op.op().apply(content);
    }
    return new DocumentSnapshot(roomId, room.language(), content, v);
  }

  private DocumentSnapshot require(String roomId) {
    return current(roomId).orElseThrow(() -> notFound(roomId));
  }

  private static WireException notFound(String roomId) {
    return new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + roomId);
  }
}
