package dev.ensemble.store;

import java.util.List;
import java.util.Optional;

/**
 * The single source of truth: each room's latest snapshot and its log of committed operations.
 * Versions of a room are contiguous from 1; the store refuses a second operation with a version
 * that is already taken, which is how concurrent servers agree on one order.
 *
 * <p>Every method may throw {@link StoreUnavailableException}.
 */
public interface OperationStore {

  /** Creates the indexes; safe to call on every start. */
  void initialize();

  Optional<DocumentSnapshot> findDocument(String room);

  /**
   * Creates a room at version 0.
   *
   * @throws RoomExistsException if it exists already
   */
  DocumentSnapshot createDocument(String room, String language, String content);

  /** The room's stored snapshot, creating an empty document if the room is new. */
  default DocumentSnapshot openDocument(String room, String defaultLanguage) {
    Optional<DocumentSnapshot> found = findDocument(room);
    if (found.isPresent()) {
      return found.get();
    }
    try {
      return createDocument(room, defaultLanguage, "");
    } catch (RoomExistsException raced) {
      return findDocument(room).orElseThrow(() -> raced);
    }
  }

  /**
   * Appends operations of one room with consecutive versions to the log, in order, and returns once
   * the appended ones are durable.
   *
   * @return how many were appended, counted from the first: fewer than all when another writer had
   *     taken the next version
   */
  int append(List<CommittedOp> ops);

  /** The committed operations with {@code from < v <= to}, in version order. */
  List<CommittedOp> findOps(String room, long from, long to);

  /** Every committed operation after version {@code from}, in version order. */
  List<CommittedOp> findOpsAfter(String room, long from);

  /** Stores the snapshot unless a newer one is stored already. */
  void saveSnapshot(String room, long v, String content);

  /** Keeps the document at version {@code v} for time travel. */
  void saveMilestone(String room, long v, String content);

  /**
   * The latest kept document at or before version {@code v}: a milestone or the initial content;
   * empty if the room does not exist.
   */
  Optional<DocumentSnapshot> findMilestone(String room, long v);

  void saveLanguage(String room, String language);

  /** True if the store answers. */
  boolean isReachable();
}
