package dev.ensemble.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static dev.ensemble.store.OpDocuments.number;
import static dev.ensemble.store.StoreCalls.call;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import dev.ensemble.history.Author;
import dev.ensemble.history.BlameBase;
import dev.ensemble.history.BlameRun;
import dev.ensemble.history.HistorySpan;
import dev.ensemble.history.LineBlame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What each milestone keeps besides its document, so that the history of a long log is read from
 * the milestones instead of from every operation: the span of the timeline since the milestone
 * before it ({@code span}) and who last changed each line ({@code blame}, as runs). A milestone's
 * digest is worked out from the one before it and the operations in between, so a room is never
 * replayed from version 0 twice; milestones saved before digests existed get theirs when first
 * asked for.
 */
final class MilestoneDigests {

  static final String SPAN = "span";
  static final String BLAME = "blame";

  /** Reading milestones to find what is digested: not their documents or blames. */
  private static final Bson SPANS_ONLY = Projections.include("v", SPAN);

  private final MongoCollection<Document> milestones;
  private final MongoCollection<Document> documents;
  private final MongoOperationLog log;
  private final int interval;

  MilestoneDigests(
      MongoCollection<Document> milestones,
      MongoCollection<Document> documents,
      MongoOperationLog log,
      int interval) {
    this.milestones = milestones;
    this.documents = documents;
    this.log = log;
    this.interval = interval;
  }

  /**
   * The spans of the milestones {@code from < m <= to}, in order, digesting those that are not yet.
   * A span reaches back to the milestone before it, which may lie before {@code from}.
   */
  List<HistorySpan> spans(String room, long from, long to) {
    digestUpTo(room, to);
    List<HistorySpan> spans = new ArrayList<>();
    for (Document m : find(room, from + 1, to, SPANS_ONLY)) {
      Document span = m.get(SPAN, Document.class);
      if (span != null) {
        spans.add(spanOf(span));
      }
    }
    return spans;
  }

  /** The latest digested milestone at or before {@code v}, else the room's first document. */
  Optional<BlameBase> base(String room, long v) {
    digestUpTo(room, v);
    // a milestone has its blame once it has its span: both are set at once
    List<Document> found = find(room, 1, v, SPANS_ONLY);
    for (int i = found.size() - 1; i >= 0; i--) {
      if (found.get(i).containsKey(SPAN)) {
        return full(room, number(found.get(i), "v"));
      }
    }
    return creation(room);
  }

  /**
   * Digests the milestones up to {@code v} that lack it, each from the one before. Stops at one
   * whose operations the store does not hold yet (a milestone saved before its operations were
   * written), which a later call digests.
   */
  void digestUpTo(String room, long v) {
    List<Document> kept = find(room, 1, v, SPANS_ONLY);
    int first = kept.size();
    while (first > 0 && !kept.get(first - 1).containsKey(SPAN)) {
      first--;
    }
    if (first == kept.size()) {
      return;
    }
    Optional<BlameBase> start =
        first == 0 ? creation(room) : full(room, number(kept.get(first - 1), "v"));
    if (start.isEmpty()) {
      return;
    }
    BlameBase base = start.get();
    for (Document milestone : kept.subList(first, kept.size())) {
      long m = number(milestone, "v");
      List<CommittedOp> ops;
      try {
        ops = log.findOps(room, base.v(), m);
      } catch (HistoryGapException e) {
        return;
      }
      base = digest(room, base, m, ops);
    }
  }

  /**
   * Digests the new milestone {@code m} from the one before it and {@code since}, the operations
   * between them as the caller holds them, without reading either back; when the one before is not
   * digested or {@code since} does not cover the interval, as {@link #digestUpTo}.
   */
  void digestNew(String room, long m, List<CommittedOp> since) {
    long previous = m - interval;
    boolean covered =
        since.size() == interval
            && since.get(0).v() == previous + 1
            && since.get(since.size() - 1).v() == m;
    Optional<BlameBase> base =
        !covered ? Optional.empty() : previous == 0 ? creation(room) : digested(room, previous);
    if (base.isEmpty()) {
      digestUpTo(room, m);
      return;
    }
    digest(room, base.get(), m, since);
  }

  /** Milestone {@code m} with its blame, if it is digested. */
  private Optional<BlameBase> digested(String room, long m) {
    Document found =
        call("read milestones", () -> milestones.find(eq("_id", OpDocuments.id(room, m))).first());
    return Optional.ofNullable(found)
        .filter(d -> d.containsKey(SPAN))
        .map(d -> new BlameBase(m, d.getString("content"), blameOf(d.getList(BLAME, List.class))));
  }

  private BlameBase digest(String room, BlameBase base, long m, List<CommittedOp> ops) {
    String text = base.content();
    LineBlame blame = base.blame();
    HistorySpan span = null;
    for (CommittedOp op : ops) {
      blame = blame.after(text, op.op(), new Author(op.src(), op.v(), op.timestamp()));
      text = op.op().apply(text);
      HistorySpan one = HistorySpan.of(op.v(), op.src(), op.timestamp());
      span = span == null ? one : span.then(one);
    }
    if (span == null) {
      span = new HistorySpan(base.v(), m, 0, 0, Map.of());
    }
    List<List<Object>> authors = new ArrayList<>();
    span.authors().forEach((src, count) -> authors.add(List.of(src, count)));
    Document spanDocument =
        new Document("from", span.from())
            .append("to", span.to())
            .append("start", span.start())
            .append("end", span.end())
            .append("authors", authors);
    List<List<Object>> runs = new ArrayList<>();
    for (BlameRun run : blame.runs()) {
      List<Object> stored = new ArrayList<>(4);
      stored.add(run.lines());
      stored.add(run.author().src());
      stored.add(run.author().v());
      stored.add(run.author().ts());
      runs.add(stored);
    }
    call(
        "digest a milestone",
        () ->
            milestones.updateOne(
                eq("_id", OpDocuments.id(room, m)),
                combine(set(BLAME, runs), set(SPAN, spanDocument))));
    return new BlameBase(m, text, blame);
  }

  private Optional<BlameBase> full(String room, long m) {
    Document found =
        call("read milestones", () -> milestones.find(eq("_id", OpDocuments.id(room, m))).first());
    return Optional.ofNullable(found)
        .map(d -> new BlameBase(m, d.getString("content"), blameOf(d.getList(BLAME, List.class))));
  }

  /** The document the room was created with, every line by its creation. */
  private Optional<BlameBase> creation(String room) {
    Document room0 = call("read document", () -> documents.find(eq("_id", room)).first());
    if (room0 == null) {
      return Optional.empty();
    }
    String initial = room0.getString("initial");
    return Optional.of(new BlameBase(0, initial, LineBlame.of(initial, Author.CREATION)));
  }

  /** The milestones {@code low <= m <= high} the store holds, in order, read by id. */
  private List<Document> find(String room, long low, long high, Bson projection) {
    long first = ((low + interval - 1) / interval) * interval;
    List<String> ids =
        LongStream.iterate(first, m -> m <= high, m -> m + interval)
            .mapToObj(m -> OpDocuments.id(room, m))
            .toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Document> found =
        call(
            "read milestones",
            () -> milestones.find(in("_id", ids)).projection(projection).into(new ArrayList<>()));
    found.sort(Comparator.comparingLong(d -> number(d, "v")));
    return found;
  }

  private static HistorySpan spanOf(Document d) {
    Map<String, Integer> authors = new LinkedHashMap<>();
    for (List<?> pair : d.getList("authors", List.class)) {
      authors.put((String) pair.get(0), ((Number) pair.get(1)).intValue());
    }
    return new HistorySpan(
        number(d, "from"), number(d, "to"), number(d, "start"), number(d, "end"), authors);
  }

  private static LineBlame blameOf(List<?> stored) {
    List<BlameRun> runs = new ArrayList<>(stored.size());
    for (Object o : stored) {
      List<?> run = (List<?>) o;
      runs.add(
          new BlameRun(
              ((Number) run.get(0)).intValue(),
              new Author(
                  (String) run.get(1),
                  ((Number) run.get(2)).longValue(),
                  ((Number) run.get(3)).longValue())));
    }
    return LineBlame.fromRuns(runs);
  }
}
