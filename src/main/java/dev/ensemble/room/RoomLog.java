package dev.ensemble.room;

import dev.ensemble.ot.InvalidOperationException;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.HistoryGapException;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.OperationStore;
import dev.ensemble.store.SourceMark;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A room's log on this server: the document and language at the head version, the recent operations
 * and the last submission of each source. Only the room's mailbox calls it, one task at a time.
 * Everything it does comes back as {@link LogEvent}s in the order it happened; it sends nothing.
 *
 * <p>{@link #submit} is the commit pipeline, one step per method, as in ShareDB's submit request:
 * catch up when a client saw versions this server has not; refuse a version from the future or one
 * too old to transform; transform past the operations committed since, recognising a resend; apply;
 * append after the head, which the store must still hold; when another server took the next
 * version, catch up and try again, a bounded number of times.
 */
final class RoomLog {

  private static final Logger LOG = Logger.getLogger(RoomLog.class.getName());

  private final String room;
  private final OperationStore store;
  private final RoomSettings settings;
  private final RoomMetrics metrics;
  private final OpWindow window;
  private final SourceBook sources = new SourceBook();

  private String document;
  private String language;
  private LogHead head;

  /** Versions up to here are known to be the store's: committed here or read from it. */
  private long verified;

  private long snapshotVersion;

  /** A store call failed: the store may hold operations this log has not applied. */
  private boolean stale;

  /** Operations this log claimed whose documents it has not written yet. */
  private List<CommittedOp> unwritten = List.of();

  /** Why the room refuses edits, once the store and this log disagree or the log is unusable. */
  private RoomTrouble trouble;

  RoomLog(String room, OperationStore store, RoomSettings settings, RoomMetrics metrics) {
    this.room = room;
    this.store = store;
    this.settings = settings;
    this.metrics = metrics;
    this.window = new OpWindow(settings.windowSize(), settings.windowBytes());
  }

  // ---- state ----

  long version() {
    return head.v();
  }

  String document() {
    return document;
  }

  String language() {
    return language;
  }

  /** The last sequence number of {@code src} in the log, 0 if none is known. */
  long lastSeq(String src) {
    return sources.lastSeq(src);
  }

  Optional<RoomTrouble> trouble() {
    return Optional.ofNullable(trouble);
  }

  /** The operations {@code from < v <= to} if they are all in memory, else none. */
  List<CommittedOp> recentBetween(long from, long to) {
    return window.between(from, to).orElse(List.of());
  }

  /** The recent operations {@code from < v <= head}, if they are in memory. */
  Optional<List<CommittedOp>> recent(long from) {
    return window.between(from, head.v());
  }

  // ---- loading and catching up ----

  /**
   * Reads the stored snapshot and the operations after it.
   *
   * @throws StoreUnavailableException if the store cannot be read
   */
  void load() {
    DocumentSnapshot snapshot = store.openDocument(room, Names.DEFAULT_LANGUAGE);
    document = snapshot.content();
    language = snapshot.language();
    snapshotVersion = snapshot.v();
    verified = snapshot.v();
    sources.restore(snapshot.sources());
    window.clear();
    stale = false;
    trouble = null;
    try {
      head =
          snapshot.v() == 0
              ? LogHead.origin(room)
              : store
                  .findOp(room, snapshot.v())
                  .map(CommittedOp::head)
                  .orElseThrow(() -> new HistoryGapException(room, snapshot.v()));
      applyStored(store.findOpsAfter(room, head.v(), Integer.MAX_VALUE));
    } catch (HistoryGapException e) {
      broken("the store lacks version " + e.missing() + " of its log");
    } catch (RoomTrouble e) {
      // recorded by broken(); the room stays loaded so that it can tell its clients
    }
  }

  /**
   * Applies what other servers committed after the head, read from the store; when that is more
   * than a client could be sent, starts over from the stored snapshot.
   */
  List<LogEvent> catchUp() {
    if (trouble != null) {
      return List.of();
    }
    List<CommittedOp> missed;
    try {
      missed = store.findOpsAfter(room, head.v(), settings.maxBehind() + 1);
    } catch (StoreUnavailableException e) {
      stale = true;
      throw e;
    }
    stale = false;
    if (missed.size() > settings.maxBehind()) {
      load();
      return List.of(new LogEvent.Reloaded());
    }
    return applyStored(missed);
  }

  /** Like {@link #catchUp()}, for callers that only want it done when the store answers. */
  List<LogEvent> catchUpIfReachable() {
    try {
      return catchUp();
    } catch (StoreUnavailableException | HistoryGapException e) {
      return List.of();
    } catch (RoomTrouble e) {
      return List.of();
    }
  }

  private List<LogEvent> applyStored(List<CommittedOp> ops) {
    List<LogEvent> events = new ArrayList<>(ops.size());
    for (CommittedOp op : ops) {
      String next;
      try {
        next = op.op().apply(document);
      } catch (InvalidOperationException e) {
        throw broken("operation " + op.v() + " in the store does not apply: " + e.getMessage());
      }
      advance(op, next);
      verified = op.v();
      events.add(new LogEvent.Applied(op, next));
    }
    return events;
  }

  /**
   * An operation another server committed, from the bus: applied when it is the next version,
   * dropped when it is an old one, and a reason to read the store when versions are missing or it
   * does not apply (the bus is only ever a hint; the store is the truth).
   */
  List<LogEvent> receive(CommittedOp op) {
    if (trouble != null || op.v() <= head.v()) {
      return List.of();
    }
    if (op.v() > head.v() + 1) {
      return catchUpIfReachable();
    }
    String next;
    try {
      next = op.op().apply(document);
    } catch (InvalidOperationException e) {
      LOG.warning(
          () ->
              "room "
                  + room
                  + ": operation "
                  + op.v()
                  + " from the bus does not apply ("
                  + e.getMessage()
                  + "); reading the store instead");
      return catchUpIfReachable();
    }
    advance(op, next);
    metrics.delivered(op.timestamp());
    return List.of(new LogEvent.Applied(op, next));
  }

  /**
   * What a client at version {@code v} lacks up to {@code to}: the operations, or empty when that
   * is more than {@code maxBehind} of them and the client needs the document instead.
   */
  Optional<List<CommittedOp>> missedBy(long v, long to) {
    if (to - v > settings.maxBehind()) {
      return Optional.empty();
    }
    return Optional.of(committedBetween(v, to));
  }

  /**
   * After the store was unreachable: checks that it still holds this log's head. Operations it lost
   * are written back; if that cannot be done, the room refuses edits from now on.
   */
  List<LogEvent> verify() {
    if (trouble != null && !trouble.code().equals(ErrorCodes.STORE_DIVERGED)) {
      return List.of();
    }
    trouble = null;
    try {
      boolean held =
          head.isOrigin()
              || store.findOp(room, head.v()).map(op -> op.head().equals(head)).orElse(false);
      if (!held) {
        repair();
      }
      return catchUp();
    } catch (RoomTrouble e) {
      return List.of();
    }
  }

  // ---- the commit pipeline ----

  /** One submission on its way: its operation, rebased to {@code base}. */
  private static final class Entry {
    final Submission submission;
    TextOperation op;
    long base;

    /** Later submissions in the same batch with the same src and seq: resends of this one. */
    final List<Entry> resends = new ArrayList<>();

    Entry(Submission submission) {
      this.submission = submission;
      this.op = submission.op();
      this.base = submission.base();
    }

    String key() {
      return submission.src() + "\u0000" + submission.seq();
    }
  }

  /** Commits what it can of {@code batch} and says what became of every submission in it. */
  List<LogEvent> submit(List<Submission> batch) {
    List<LogEvent> events = new ArrayList<>();
    List<Entry> open = new ArrayList<>(batch.stream().map(Entry::new).toList());
    try {
      if (trouble != null) {
        throw trouble;
      }
      writeClaimed();
      catchUpIfAhead(open, events);
      for (int attempt = 0; attempt < settings.commitRetries(); attempt++) {
        open = rebase(open, events);
        open = commit(open, events);
        if (open.isEmpty()) {
          return events;
        }
        events.addAll(catchUp());
      }
      refuseAll(
          open,
          ErrorCodes.COMMIT_CONFLICT,
          "other servers kept taking the next version",
          true,
          events);
    } catch (StoreUnavailableException e) {
      stale = true;
      refuseAll(
          open,
          ErrorCodes.STORE_UNAVAILABLE,
          "the store is unreachable; resend later",
          true,
          events);
    } catch (RoomTrouble e) {
      refuseAll(open, e.code(), e.getMessage(), false, events);
    } catch (HistoryGapException e) {
      refuseAll(open, ErrorCodes.STORE_DIVERGED, e.getMessage(), false, events);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "commit in room " + room + " failed", e);
      stale = true;
      refuseAll(
          open,
          ErrorCodes.INTERNAL_ERROR,
          "the server failed to commit; resend later",
          true,
          events);
    }
    return events;
  }

  /** A client may have seen versions this server has not applied yet: read them first. */
  private void catchUpIfAhead(List<Entry> open, List<LogEvent> events) {
    if (stale || open.stream().anyMatch(e -> e.base > head.v())) {
      events.addAll(catchUp());
    }
  }

  /**
   * Transforms each edit past the operations committed after its base. Edits already in the log are
   * acknowledged again; those that cannot be rebased are refused.
   *
   * @return the entries still to commit
   */
  private List<Entry> rebase(List<Entry> open, List<LogEvent> events) {
    List<Entry> remaining = new ArrayList<>();
    for (Entry e : open) {
      if (!e.submission.isEdit()) {
        remaining.add(e);
      } else if (e.base > head.v()) {
        refuse(
            e,
            ErrorCodes.FUTURE_VERSION,
            "version " + e.base + " is after the head " + head.v(),
            false,
            events);
      } else if (head.v() - e.base > settings.maxBehind()) {
        tooOld(e, events);
      } else {
        Long committedAt = transformPastCommitted(e, events);
        if (committedAt != null) {
          resent(e, committedAt, events);
        } else if (e.op != null && superseded(e)) {
          refuse(
              e,
              ErrorCodes.VERSION_TOO_OLD,
              "a later submission of "
                  + e.submission.src()
                  + " is in the log; this one was given up",
              false,
              events);
        } else if (e.op != null) {
          remaining.add(e);
        }
      }
    }
    return remaining;
  }

  /**
   * A submission based so far back that transforming it would cost more than a message may: it is
   * refused, unless the log holds it already.
   */
  private void tooOld(Entry e, List<LogEvent> events) {
    Optional<SourceMark> last = sources.last(e.submission.src());
    if (last.isPresent() && last.get().seq() == e.submission.seq()) {
      resent(e, last.get().v(), events);
      return;
    }
    boolean committed = last.isPresent() && last.get().seq() > e.submission.seq();
    refuse(
        e,
        ErrorCodes.VERSION_TOO_OLD,
        committed
            ? "submission " + e.submission.seq() + " is in the log already; reload the document"
            : "version "
                + e.base
                + " is more than "
                + settings.maxBehind()
                + " versions behind the head "
                + head.v()
                + "; reload the document and apply the edit to it",
        false,
        events);
  }

  /**
   * A source submits its edits one at a time with rising sequence numbers, so one older than the
   * source's last in the log, and not in the log itself, is an edit the client gave up on (it
   * carried the edit over onto a new document under a new number): committing it would apply the
   * edit twice.
   */
  private boolean superseded(Entry e) {
    return e.submission.seq() < sources.lastSeq(e.submission.src());
  }

  /**
   * @return the version of the committed op {@code e} is a resend of, else null
   */
  private Long transformPastCommitted(Entry e, List<LogEvent> events) {
    String src = e.submission.src();
    long seq = e.submission.seq();
    for (CommittedOp c : committedBetween(e.base, head.v())) {
      if (c.seq() == seq && c.src().equals(src)) {
        return c.v();
      }
      try {
        e.op = TextOperation.transform(c.op(), e.op).bPrime();
      } catch (InvalidOperationException ex) {
        refuse(e, ErrorCodes.BAD_OP, ex.getMessage(), false, events);
        e.op = null;
        return null;
      }
    }
    e.base = head.v();
    return null;
  }

  /** The operations of one store write, with the document after each and whose they are. */
  private static final class Batch {
    final List<CommittedOp> ops = new ArrayList<>();
    final List<String> documents = new ArrayList<>();
    final List<Entry> entries = new ArrayList<>();

    /** Everything of this batch, to be tried again after catching up. */
    List<Entry> retry() {
      List<Entry> again = new ArrayList<>();
      for (Entry e : entries) {
        again.add(e);
        again.addAll(e.resends);
        e.resends.clear();
      }
      return again;
    }
  }

  /**
   * Appends the entries after the head, one after the other.
   *
   * @return the entries to try again because another server took their versions
   */
  private List<Entry> commit(List<Entry> open, List<LogEvent> events) {
    Batch batch = prepare(open, events);
    if (batch.ops.isEmpty()) {
      return List.of();
    }
    AppendResult result = store.claim(head, batch.ops);
    switch (result) {
      case APPENDED -> {
        committed(batch, events);
        unwritten = batch.ops;
        return List.of();
      }
      case TAKEN -> metrics.versionConflict();
      case DIVERGED -> repair();
    }
    return batch.retry();
  }

  private Batch prepare(List<Entry> open, List<LogEvent> events) {
    Batch batch = new Batch();
    String doc = document;
    long v = head.v();
    long now = System.currentTimeMillis();
    Map<String, Entry> byKey = new HashMap<>();
    for (Entry e : open) {
      TextOperation op;
      String next;
      if (e.submission.isEdit()) {
        Entry first = byKey.putIfAbsent(e.key(), e);
        if (first != null) {
          first.resends.add(e);
          continue;
        }
        try {
          op = e.op;
          for (CommittedOp earlier : batch.ops) {
            op = TextOperation.transform(earlier.op(), op).bPrime();
          }
          next = op.apply(doc);
        } catch (InvalidOperationException ex) {
          byKey.remove(e.key());
          refuse(e, ErrorCodes.BAD_OP, ex.getMessage(), false, events);
          continue;
        }
        if (next.length() > settings.maxDocumentChars()) {
          byKey.remove(e.key());
          refuse(
              e,
              ErrorCodes.DOCUMENT_TOO_LARGE,
              "the document would have "
                  + next.length()
                  + " characters; a room holds at most "
                  + settings.maxDocumentChars(),
              false,
              events);
          continue;
        }
      } else {
        op = TextOperation.identity(doc.length());
        next = doc;
      }
      Submission s = e.submission;
      batch.ops.add(new CommittedOp(room, ++v, op, s.src(), s.seq(), now, s.language()));
      batch.documents.add(next);
      batch.entries.add(e);
      doc = next;
    }
    return batch;
  }

  /**
   * Writes the documents of the operations this log claimed last. They are committed by their claim
   * already, so a failure only leaves them to whoever appends next, who writes them from the claim.
   */
  void writeClaimed() {
    List<CommittedOp> ops = takeUnwritten();
    if (ops.isEmpty()) {
      return;
    }
    try {
      store.writeClaimed(ops);
    } catch (StoreUnavailableException e) {
      LOG.log(Level.FINE, "room " + room + ": documents of claimed operations left to others", e);
    }
  }

  /**
   * The operations this log claimed last whose documents are still to be written, for a writer that
   * writes them before this log's next append; from now on this log leaves them to it.
   */
  List<CommittedOp> takeUnwritten() {
    List<CommittedOp> ops = unwritten;
    unwritten = List.of();
    return ops;
  }

  private void committed(Batch batch, List<LogEvent> events) {
    metrics.committed(batch.ops.size());
    for (int i = 0; i < batch.ops.size(); i++) {
      CommittedOp op = batch.ops.get(i);
      Entry e = batch.entries.get(i);
      advance(op, batch.documents.get(i));
      events.add(new LogEvent.Committed(op, document, language, e.submission));
      for (Entry resend : e.resends) {
        resent(resend, op.v(), events);
      }
    }
    verified = head.v();
  }

  private void resent(Entry e, long v, List<LogEvent> events) {
    metrics.resend();
    events.add(new LogEvent.Resent(e.submission, v));
  }

  // ---- when the store and this log disagree ----

  /**
   * The store does not hold this log's head. If it lost versions this log has in memory, they are
   * written back after the last version both hold; otherwise the room is in trouble.
   *
   * @throws RoomTrouble when the operations cannot be written back
   */
  private void repair() {
    long firstKept = window.first().map(CommittedOp::v).orElse(head.v() + 1);
    long base = Math.max(0, firstKept - 1);
    List<CommittedOp> stored;
    try {
      stored = store.findOpsAfter(room, base, settings.windowSize() + 1);
    } catch (HistoryGapException e) {
      throw diverged(e.missing());
    }
    List<CommittedOp> ours = window.between(base, head.v()).orElse(List.of());
    int same = 0;
    while (same < stored.size()
        && same < ours.size()
        && stored.get(same).head().equals(ours.get(same).head())) {
      same++;
    }
    long storeHead = stored.isEmpty() ? store.lastVersion(room).orElse(0) : base + stored.size();
    boolean anchored = same > 0 || base == 0;
    if (same < stored.size() || storeHead >= head.v() || !anchored) {
      throw diverged(storeHead + 1);
    }
    LogHead after = same > 0 ? ours.get(same - 1).head() : LogHead.origin(room);
    List<CommittedOp> lost = ours.subList(same, ours.size());
    if (store.append(after, lost) != AppendResult.APPENDED) {
      throw diverged(storeHead + 1);
    }
    verified = head.v();
    LOG.warning(
        () ->
            "room "
                + room
                + ": the store had lost versions "
                + (storeHead + 1)
                + ".."
                + head.v()
                + "; wrote them back from memory");
  }

  private RoomTrouble diverged(long firstMissing) {
    trouble =
        new RoomTrouble(
            ErrorCodes.STORE_DIVERGED,
            "the store lost versions "
                + firstMissing
                + ".."
                + head.v()
                + " of room "
                + room
                + ", which this server acknowledged, and they cannot be written back; reload");
    LOG.severe(
        () ->
            "room "
                + room
                + ": the store lost versions "
                + firstMissing
                + ".."
                + head.v()
                + " that this server acknowledged and cannot write back; refusing edits"
                + " (store-diverged) until the store holds them again or the server restarts");
    return trouble;
  }

  private RoomTrouble broken(String why) {
    trouble = new RoomTrouble(ErrorCodes.ROOM_BROKEN, "room " + room + " cannot be edited: " + why);
    LOG.severe(() -> "room " + room + " is broken: " + why);
    return trouble;
  }

  // ---- shared steps ----

  private void advance(CommittedOp op, String next) {
    head = op.head();
    document = next;
    window.add(op);
    if (op.language() == null) {
      sources.record(op);
    } else {
      language = op.language();
    }
  }

  /** The committed operations with {@code from < v <= to}, from memory when possible. */
  private List<CommittedOp> committedBetween(long from, long to) {
    return window.between(from, to).orElseGet(() -> store.findOps(room, from, to));
  }

  private static void refuse(
      Entry e, String code, String message, boolean retryable, List<LogEvent> events) {
    events.add(new LogEvent.Refused(e.submission, code, message, retryable));
  }

  /** Refuses every entry and the resends of it that were waiting for its outcome. */
  private static void refuseAll(
      List<Entry> entries, String code, String message, boolean retryable, List<LogEvent> events) {
    for (Entry e : entries) {
      refuse(e, code, message, retryable, events);
      e.resends.forEach(r -> refuse(r, code, message, retryable, events));
    }
  }

  // ---- snapshots ----

  /** The document to save as the room's snapshot, when one is due. */
  Optional<DocumentSnapshot> snapshotDue() {
    return head.v() - snapshotVersion >= settings.snapshotInterval()
        ? unsavedSnapshot()
        : Optional.empty();
  }

  /**
   * The document at the head if it is newer than the saved snapshot and known to be the store's: a
   * snapshot is only ever written from operations this server committed or read from the store.
   */
  Optional<DocumentSnapshot> unsavedSnapshot() {
    if (trouble != null || head.v() <= snapshotVersion || verified != head.v()) {
      return Optional.empty();
    }
    return Optional.of(new DocumentSnapshot(room, language, document, head.v(), sources.copy()));
  }

  void snapshotSaved(long v) {
    snapshotVersion = Math.max(snapshotVersion, v);
  }
}
