package dev.ensemble.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static dev.ensemble.store.OpDocuments.number;
import static dev.ensemble.store.StoreCalls.call;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.ensemble.history.HistorySpan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.bson.Document;

/**
 * Retention: folds a room's operations older than a moment into its milestones. The fold point
 * {@code F} is the latest milestone whose operations are all older than that moment, at or before
 * the room's stored snapshot (which a server loads the room from, with the operation at its
 * version). What stays: every operation from {@code F} on, milestone {@code F} whole (document,
 * digest), every milestone's span (so the timeline keeps its shape), named versions, author names
 * and the document. What goes: the operations before {@code F}, and the documents and blames of the
 * milestones before it. The room's {@code folded} field says {@code F}, so that a read before it is
 * told so instead of meeting a gap.
 *
 * <p>Every step is idempotent and {@code folded} only moves forward, so two servers folding the
 * same room at once do no harm. The digests are worked out before anything is deleted, and the fold
 * point is written before the operations go, so that a reader never meets a hole it cannot explain.
 */
final class HistoryFolding {

  static final String FOLDED = "folded";

  /** A claim covers at most this many operations (a batch), see {@link MongoOperationLog}. */
  private static final int CLAIM_REACH = 512;

  private final MongoCollection<Document> documents;
  private final MongoCollection<Document> operations;
  private final MongoCollection<Document> milestones;
  private final MilestoneDigests digests;
  private final Durability durability;

  HistoryFolding(
      MongoCollection<Document> documents,
      MongoCollection<Document> operations,
      MongoCollection<Document> milestones,
      MilestoneDigests digests,
      Durability durability) {
    this.documents = documents;
    this.operations = operations;
    this.milestones = milestones;
    this.digests = digests;
    this.durability = durability;
  }

  /** The room's fold point: versions before it were folded; 0 if none were (or no room). */
  long foldedTo(String room) {
    Document d =
        call(
            "read document",
            () -> documents.find(eq("_id", room)).projection(Projections.include(FOLDED)).first());
    return d == null || d.get(FOLDED) == null ? 0 : number(d, FOLDED);
  }

  /** Rooms by id after {@code after} (null: from the first), at most {@code limit}. */
  List<String> roomIds(String after, int limit) {
    return call(
            "list rooms",
            () ->
                documents
                    .find(after == null ? new Document() : gt("_id", after))
                    .projection(Projections.include("_id"))
                    .sort(Sorts.ascending("_id"))
                    .limit(limit)
                    .into(new ArrayList<>()))
        .stream()
        .map(d -> d.getString("_id"))
        .toList();
  }

  /**
   * Folds the operations of {@code room} whose milestone's last operation is older than {@code
   * before} (epoch millis).
   *
   * @return the room's fold point after this call; 0 if nothing is folded
   */
  long fold(String room, long before) {
    Document room0 =
        call(
            "read document",
            () ->
                documents
                    .find(eq("_id", room))
                    .projection(Projections.include("v", FOLDED))
                    .first());
    if (room0 == null) {
      return 0;
    }
    long snapshot = number(room0, "v");
    long folded = room0.get(FOLDED) == null ? 0 : number(room0, FOLDED);
    // the spans are the timeline once the operations are gone: every milestone is digested first
    long point = folded;
    for (HistorySpan span : digests.spans(room, folded, snapshot)) {
      // a span that does not start where the last one ended follows a milestone not digested
      if (span.end() >= before || span.from() != point) {
        break;
      }
      point = span.to();
    }
    if (point <= folded || !writtenFrom(room, point)) {
      return folded;
    }
    long fold = point;
    call("fold history", () -> documents.updateOne(eq("_id", room), Updates.max(FOLDED, fold)));
    durability.flush();
    call("fold history", () -> operations.deleteMany(and(eq("room", room), lt("v", fold))));
    call(
        "fold history",
        () ->
            milestones.updateMany(
                and(eq("room", room), lt("v", fold)),
                Updates.combine(Updates.unset("content"), Updates.unset(MilestoneDigests.BLAME))));
    durability.flush();
    return fold;
  }

  /**
   * True when the operations from {@code point} on that a claim kept before it might still be
   * needed for are written as documents of their own: the operation at {@code point} and the next
   * batch's worth after it, without a hole. Otherwise an operation would only be in a claim on a
   * document the fold deletes.
   */
  private boolean writtenFrom(String room, long point) {
    List<String> ids =
        LongStream.rangeClosed(point, point + CLAIM_REACH)
            .mapToObj(v -> OpDocuments.id(room, v))
            .toList();
    Set<Long> held = new HashSet<>();
    call(
            "read operations",
            () ->
                operations
                    .find(in("_id", ids))
                    .projection(Projections.include("v"))
                    .into(new ArrayList<>()))
        .forEach(d -> held.add(number(d, "v")));
    long last = held.stream().mapToLong(Long::longValue).max().orElse(-1);
    return held.contains(point) && held.size() == last - point + 1;
  }
}
