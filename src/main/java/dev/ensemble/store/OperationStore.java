package dev.ensemble.store;

import dev.ensemble.history.BlameBase;
import dev.ensemble.history.HistorySpan;
import dev.ensemble.history.NamedVersion;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The single source of truth: each room's latest snapshot and its log of committed operations.
 * Versions of a room are contiguous from 1. Appending is a compare-and-set on the operation at the
 * head the writer knows, so concurrent servers agree on one order and no writer ever appends above
 * a version the store lacks.
 *
 * <p>Every method may throw {@link StoreUnavailableException}; reads throw {@link
 * HistoryGapException} rather than skip a missing version.
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
   * Claims the versions after {@code head} for {@code ops}, all or none, and returns once the claim
   * is durable: from then on they are committed, and every read finds them. Their documents of
   * their own follow with {@link #writeClaimed}.
   */
  AppendResult claim(LogHead head, List<CommittedOp> ops);

  /**
   * Writes the documents of operations this writer claimed, so that reads go by id and the next
   * claim finds its document; idempotent. Until then, and if it fails, readers take them from the
   * claim and the next writer writes them.
   */
  void writeClaimed(List<CommittedOp> ops);

  /**
   * Writes the documents of several claims, of any rooms, as {@link #writeClaimed} does for each; a
   * store may write them all in one call.
   */
  default void writeClaimedTogether(List<List<CommittedOp>> claims) {
    claims.forEach(this::writeClaimed);
  }

  /** Claims and writes at once, for writers that have nothing to do in between. */
  default AppendResult append(LogHead head, List<CommittedOp> ops) {
    AppendResult result = claim(head, ops);
    if (result == AppendResult.APPENDED) {
      writeClaimed(ops);
    }
    return result;
  }

  /**
   * The committed operations with {@code from < v <= to}, in version order.
   *
   * @throws HistoryGapException if the store does not hold all of them
   */
  List<CommittedOp> findOps(String room, long from, long to);

  /**
   * The committed operations after version {@code from}, in version order, at most {@code limit}.
   *
   * @throws HistoryGapException if a version is missing below one the store holds
   */
  List<CommittedOp> findOpsAfter(String room, long from, int limit);

  /** The operation at version {@code v}, if the store holds it. */
  default Optional<CommittedOp> findOp(String room, long v) {
    List<CommittedOp> found = findOpsAfter(room, v - 1, 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The highest version the store holds for the room, holes or not; for diagnosing divergence. */
  OptionalLong lastVersion(String room);

  /** Stores the snapshot unless a newer one is stored already. */
  void saveSnapshot(DocumentSnapshot snapshot);

  /** Keeps the document at version {@code v} for time travel. */
  void saveMilestone(String room, long v, String content, String language);

  /**
   * Like {@link #saveMilestone(String, long, String, String)}, with the operations since the
   * milestone before it as the caller holds them, so that the store need not read them back.
   */
  default void saveMilestone(
      String room, long v, String content, String language, List<CommittedOp> since) {
    saveMilestone(room, v, content, language);
  }

  /**
   * Deletes the room's operations, milestones, named versions and document, in that order, so that
   * a delete cut short leaves the document: its id then stays taken rather than a new room of that
   * name meeting the old operations.
   */
  void deleteRoom(String room);

  /**
   * Retention: folds the room's operations older than {@code before} (epoch millis) into its
   * milestones, up to the latest milestone whose operations are all older, at or before the stored
   * snapshot; the milestones' spans stay, so the timeline keeps its shape. Idempotent, and safe
   * while other servers do the same.
   *
   * @return the room's fold point afterwards: the first version still readable; 0 if none is folded
   */
  default long fold(String room, long before) {
    return 0;
  }

  /** The room's fold point: versions before it were folded by retention; 0 if none were. */
  default long foldedTo(String room) {
    return 0;
  }

  /** The ids of the rooms in the store after {@code after} (null: from the first), in order. */
  default List<String> roomIds(String after, int limit) {
    return List.of();
  }

  /**
   * The latest kept document at or before version {@code v}: a milestone or the initial content;
   * empty if the room does not exist.
   */
  Optional<DocumentSnapshot> findMilestone(String room, long v);

  /**
   * The timeline's spans of the milestones {@code from < m <= to}, in version order: each covers
   * the operations since the milestone before it, which may lie before {@code from}. A milestone
   * whose span the store cannot work out yet (its operations are not all written) is left out.
   */
  List<HistorySpan> findSpans(String room, long from, long to);

  /**
   * The latest document at or before version {@code v} with who last changed each of its lines: a
   * milestone, or the room's first document; empty if the room does not exist.
   */
  Optional<BlameBase> findBlameBase(String room, long v);

  /** Names a version of the room; naming a named version again renames it. */
  void nameVersion(String room, NamedVersion version);

  /** The room's named versions in version order, at most {@code limit}. */
  List<NamedVersion> namedVersions(String room, int limit);

  /** Keeps the name the person submitting as {@code src} last gave themselves in the room. */
  void nameAuthor(String room, String src, String name);

  /** The names of the room's sources among {@code sources} that have one, by source. */
  Map<String, String> authorNames(String room, Collection<String> sources);

  /**
   * A random secret of 256 bits that every server of the deployment reads alike, made by the first
   * to ask for it.
   */
  byte[] sharedSecret(String name);

  /**
   * Returns once the store answered a ping.
   *
   * @throws StoreUnavailableException if it did not
   */
  void ping();
}
