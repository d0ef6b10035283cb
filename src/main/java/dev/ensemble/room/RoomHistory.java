package dev.ensemble.room;

import dev.ensemble.history.Author;
import dev.ensemble.history.BlameBase;
import dev.ensemble.history.BlameRun;
import dev.ensemble.history.HistorySpan;
import dev.ensemble.history.LineBlame;
import dev.ensemble.history.NamedVersion;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.HistoryGapException;
import dev.ensemble.store.OperationStore;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Names;
import dev.ensemble.wire.WireException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads rooms for the REST API: the current document, the operation log between two versions, the
 * document as it was at any version, the timeline, who last changed each line, and named versions.
 * A range with a version missing from the store is an error ({@link HistoryGapException}), never
 * skipped; versions that retention folded ({@link OperationStore#fold}) are refused with {@code
 * history-folded}, while the timeline keeps showing them from the milestones' spans.
 */
public final class RoomHistory {

  /** Most operations one history request returns. */
  public static final int MAX_OPS_PER_REQUEST = 10_000;

  /**
   * Most points of a timeline: a slider's worth. Longer ranges are shown as consecutive spans of
   * operations, each as wide as it needs to be.
   */
  public static final int MAX_TIMELINE_POINTS = 200;

  /** Most named versions a room lists. */
  public static final int MAX_NAMED_VERSIONS = 1000;

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
    requireKept(roomId, from);
    return end;
  }

  /**
   * Refuses to read from version {@code v} when retention folded it: its operations are gone, and
   * the document at it is not kept.
   */
  private void requireKept(String roomId, long v) {
    long folded = store.foldedTo(roomId);
    if (v < folded) {
      throw folded(v, folded);
    }
  }

  private static WireException folded(long v, long folded) {
    return new WireException(
        ErrorCodes.HISTORY_FOLDED,
        "version "
            + v
            + " is older than the room's retention: versions before "
            + folded
            + " were folded into milestones and only the timeline's spans remain");
  }

  /**
   * Runs a read that may meet operations retention deleted while it ran (its fold point was checked
   * before): such a gap is {@code history-folded}, any other stays an error of the store.
   */
  private <T> T reading(String roomId, Supplier<T> read) {
    try {
      return read.get();
    } catch (HistoryGapException e) {
      long folded = store.foldedTo(roomId);
      if (e.missing() < folded) {
        throw folded(e.missing(), folded);
      }
      throw e;
    }
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
    requireKept(roomId, v);
    return reading(
        roomId,
        () -> {
          DocumentSnapshot milestone =
              store.findMilestone(roomId, v).orElseThrow(() -> notFound(roomId));
          return replay(milestone, store.findOps(roomId, milestone.v(), v));
        });
  }

  private DocumentSnapshot require(String roomId) {
    return current(roomId).orElseThrow(() -> notFound(roomId));
  }

  private static WireException notFound(String roomId) {
    return new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + roomId);
  }

  /**
   * The timeline of versions {@code from} to {@code to} (the head when null): the milestones' spans
   * where they cover the range, single operations elsewhere (at most a milestone interval of them
   * at each end), folded into at most {@link #MAX_TIMELINE_POINTS} points.
   */
  public Timeline timeline(String roomId, long from, Long to) {
    long head = require(roomId).v();
    long end = to == null ? head : to;
    checkVersions(from, end, head);
    List<HistorySpan> units = reading(roomId, () -> units(roomId, from, end));
    List<NamedVersion> named =
        store.namedVersions(roomId, MAX_NAMED_VERSIONS).stream()
            .filter(n -> n.v() >= from && n.v() <= end)
            .toList();
    return new Timeline(head, from, end, fold(units), named);
  }

  /** The timeline's spans from {@code from} to {@code end}, before they are folded into points. */
  private List<HistorySpan> units(String roomId, long from, long end) {
    List<HistorySpan> units = new ArrayList<>();
    long reached = from;
    for (HistorySpan span : store.findSpans(roomId, from, end)) {
      if (span.from() != reached) {
        units.addAll(single(roomId, reached, span.to()));
      } else {
        units.add(span);
      }
      reached = span.to();
    }
    units.addAll(single(roomId, reached, end));
    return units;
  }

  /**
   * The operations {@code from < v <= to} one span each; a stretch longer than a request may read
   * (no milestone covers it) is one span, its time from its ends and its authors unknown.
   */
  private List<HistorySpan> single(String roomId, long from, long to) {
    if (to <= from) {
      return List.of();
    }
    if (to - from > MAX_OPS_PER_REQUEST) {
      CommittedOp first = store.findOps(roomId, from, from + 1).get(0);
      CommittedOp last = store.findOps(roomId, to - 1, to).get(0);
      return List.of(new HistorySpan(from, to, first.timestamp(), last.timestamp(), Map.of()));
    }
    List<HistorySpan> spans = new ArrayList<>((int) (to - from));
    ops(roomId, from, to, op -> spans.add(HistorySpan.of(op.v(), op.src(), op.timestamp())));
    return spans;
  }

  /** Consecutive units joined so that at most {@link #MAX_TIMELINE_POINTS} remain. */
  private static List<HistorySpan> fold(List<HistorySpan> units) {
    if (units.size() <= MAX_TIMELINE_POINTS) {
      return units;
    }
    int per = (units.size() + MAX_TIMELINE_POINTS - 1) / MAX_TIMELINE_POINTS;
    List<HistorySpan> points = new ArrayList<>(MAX_TIMELINE_POINTS);
    for (int i = 0; i < units.size(); i += per) {
      HistorySpan point = units.get(i);
      for (int j = i + 1; j < Math.min(units.size(), i + per); j++) {
        point = point.then(units.get(j));
      }
      points.add(point);
    }
    return points;
  }

  /**
   * Who last changed each line of the document at version {@code v}, as runs of lines: worked out
   * from the latest milestone at or before {@code v} and the operations after it.
   */
  public List<BlameRun> blame(String roomId, long v) {
    long head = require(roomId).v();
    checkVersions(0, v, head);
    requireKept(roomId, v);
    return reading(
        roomId,
        () -> {
          BlameBase base = store.findBlameBase(roomId, v).orElseThrow(() -> notFound(roomId));
          String text = base.content();
          LineBlame blame = base.blame();
          for (CommittedOp op : store.findOps(roomId, base.v(), v)) {
            blame = blame.after(text, op.op(), new Author(op.src(), op.v(), op.timestamp()));
            text = op.op().apply(text);
          }
          return blame.runs();
        });
  }

  /**
   * Names version {@code v} (the head when null) of the room.
   *
   * @throws WireException {@code bad-version-name} for a name out of shape, {@code future-version}
   *     for a version after the head
   */
  public NamedVersion nameVersion(String roomId, Long v, String name) {
    String checked = Names.requireVersionName(name);
    long head = require(roomId).v();
    long version = v == null ? head : v;
    checkVersions(0, version, head);
    NamedVersion named = new NamedVersion(version, checked, System.currentTimeMillis());
    store.nameVersion(roomId, named);
    return named;
  }

  /** The room's named versions, in version order. */
  public List<NamedVersion> namedVersions(String roomId) {
    require(roomId);
    return store.namedVersions(roomId, MAX_NAMED_VERSIONS);
  }

  /**
   * The names the {@code sources} last gave themselves in the room, for the ones that gave one: the
   * log keeps sources, the people behind them tell their names in presence.
   */
  public Map<String, String> authorNames(String roomId, Collection<String> sources) {
    return sources.isEmpty() ? Map.of() : store.authorNames(roomId, sources);
  }

  private static void checkVersions(long from, long to, long head) {
    if (from < 0 || to < from) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER, "need 0 <= from <= to, got from=" + from + ", to=" + to);
    }
    if (to > head) {
      throw new WireException(
          ErrorCodes.FUTURE_VERSION, "version " + to + " is after the head version " + head);
    }
  }
}
