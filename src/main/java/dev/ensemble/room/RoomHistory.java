package dev.ensemble.room;

import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.OperationStore;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads rooms for the REST API: the current document, the operation log between two versions and
 * the document as it was at any version. A range with a version missing from the store is an error
 * ({@link dev.ensemble.store.HistoryGapException}), never skipped.
 */
public final class RoomHistory {

  /** Most operations one history request returns. */
  public static final int MAX_OPS_PER_REQUEST = 10_000;

  /** Operations read from the store at a time while a range is written out. */
  static final int PAGE = 500;

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
    return store
        .findDocument(roomId)
        .map(stored -> replay(stored, store.findOpsAfter(roomId, stored.v(), Integer.MAX_VALUE)));
  }

  private static DocumentSnapshot replay(DocumentSnapshot from, List<CommittedOp> ops) {
    String content = from.content();
    String language = from.language();
    long v = from.v();
    for (CommittedOp op : ops) {
      content = op.op().apply(content);
      if (op.language() != null) {
        language = op.language();
      }
      v = op.v();
    }
    return new DocumentSnapshot(from.room(), language, content, v);
  }

  /**
   * Checks a range of the log and hands its operations, {@code from < v <= to}, to {@code out},
   * reading them a page at a time.
   *
   * @return the end of the range, {@code to} or, when it is null, at most {@link
   *     #MAX_OPS_PER_REQUEST} after {@code from}
   * @throws WireException for a range outside the room's history or longer than {@link
   *     #MAX_OPS_PER_REQUEST}
   */
  public long checkRange(String roomId, long from, Long to) {
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
    return end;
  }

  /** The operations {@code from < v <= to}, a page at a time, to {@code out}. */
  public void ops(String roomId, long from, long to, Consumer<CommittedOp> out) {
    for (long start = from; start < to; start += PAGE) {
      store.findOps(roomId, start, Math.min(to, start + PAGE)).forEach(out);
    }
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
    return replay(milestone, store.findOps(roomId, milestone.v(), v));
  }

  private DocumentSnapshot require(String roomId) {
    return current(roomId).orElseThrow(() -> notFound(roomId));
  }

  private static WireException notFound(String roomId) {
    return new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + roomId);
  }
}
