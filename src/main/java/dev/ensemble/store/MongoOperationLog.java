package dev.ensemble.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.set;
import static dev.ensemble.store.OpDocuments.id;
import static dev.ensemble.store.StoreCalls.call;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.LongStream;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The operation log of every room in one collection, appended without transactions.
 *
 * <p>Appending operations after version {@code h} is one atomic update of the document of {@code
 * h}, by id alone: it pushes a claim (the new operations in full, and the identity of the operation
 * at {@code h} the writer built them on) onto the document's {@code next}. The first claim that
 * names the operation really there wins the versions after it, provided the document ends the log
 * (it is a {@code tip}: the last of its batch). So no writer appends above a version the store
 * lacks, nor after an operation the store does not hold. The claim commits them. The winner then
 * writes each new operation as a document of its own, the last one the new tip, so that reads go by
 * id. A writer that died between the two steps leaves a claim whose documents are missing: whoever
 * meets it writes them from the claim ("rolls forward"), and readers read them from the claim
 * meanwhile.
 */
final class MongoOperationLog {

  static final String TIP = "tip";
  static final String NEXT = "next";

  private static final int READ_CHUNK = 500;

  /** Catching up usually finds a few ops: ask for this many ids first, then twice as many. */
  private static final int FIRST_READ = 16;

  /**
   * How far back a reader looks for the claim of a missing document: most batches hold an operation
   * or two, so a few documents first, then more per round, up to a batch's longest.
   */
  private static final int FIRST_CLAIM_SEARCH = 4;

  private static final int CLAIM_SEARCH = 64;

  private static final int CLAIM_REACH = 512;

  /** What deciding a claim needs of the document it was pushed onto: no operations. */
  private static final FindOneAndUpdateOptions RETURN_AFTER =
      new FindOneAndUpdateOptions()
          .returnDocument(ReturnDocument.AFTER)
          .projection(Projections.exclude("op", NEXT + ".ops"));

  /**
   * Reading operations: not the operations in the claims, which are the next documents once more;
   * who claimed what after each is kept, so that a reader sees where the log ends.
   */
  private static final Bson WITHOUT_CLAIMED_OPERATIONS = Projections.exclude(NEXT + ".ops");

  /** Looking for a claim: not the documents' own operations. */
  private static final Bson CLAIMS_ONLY = Projections.exclude("op");

  private final MongoCollection<Document> operations;
  private final Durability durability;

  MongoOperationLog(MongoCollection<Document> operations, Durability durability) {
    this.operations = operations;
    this.durability = durability;
  }

  /** Starts a new room's log; harmless if it exists. */
  void start(String room) {
    insertIgnoringDuplicates(List.of(OpDocuments.origin(room).append(TIP, true)));
  }

  AppendResult claim(LogHead head, List<CommittedOp> ops) {
    String claimId = UUID.randomUUID().toString();
    BsonArray claimed = new BsonArray(ops.size());
    ops.forEach(op -> claimed.add(OpDocuments.toBson(op)));
    Bson claim =
        new BsonDocument(
            "$push",
            new BsonDocument(
                NEXT,
                new BsonDocument("id", new BsonString(claimId))
                    .append("after", identity(head).toBsonDocument())
                    .append("ops", claimed)));
    for (int attempt = 0; attempt < 2; attempt++) {
      Document at =
          call(
              "append operations",
              () ->
                  operations.findOneAndUpdate(
                      eq("_id", id(head.room(), head.v())), claim, RETURN_AFTER));
      if (at != null && !identity(head).equals(identityOf(at))) {
        return AppendResult.DIVERGED;
      }
      Document winner = at == null ? null : winningClaim(at);
      if (winner != null && claimId.equals(winner.getString("id"))) {
        durability.flush();
        return AppendResult.APPENDED;
      }
      if (winner != null) {
        return AppendResult.TAKEN;
      }
      if (attempt > 0 || !repaired(head, at)) {
        return at == null ? AppendResult.DIVERGED : AppendResult.TAKEN;
      }
    }
    return AppendResult.DIVERGED;
  }

  /**
   * Writes the documents of each claim, the last of each the tip of its room's log, in one call.
   */
  void writeClaimed(List<List<CommittedOp>> claims) {
    List<Document> docs = new ArrayList<>();
    claims.forEach(ops -> docs.addAll(documentsOf(ops)));
    insertIgnoringDuplicates(docs);
  }

  /** Who appended after an operation: its source, sequence number and time; null for the origin. */
  private static Document identity(LogHead head) {
    return head.isOrigin()
        ? new Document()
        : new Document("src", head.src()).append("seq", head.seq()).append("ts", head.timestamp());
  }

  private static Document identityOf(Document d) {
    return OpDocuments.number(d, "v") == 0
        ? new Document()
        : new Document("src", d.getString("src"))
            .append("seq", OpDocuments.number(d, "seq"))
            .append("ts", OpDocuments.number(d, "ts"));
  }

  /** The claim that decided the versions after {@code d}, or null if none has yet. */
  private static Document winningClaim(Document d) {
    if (!Boolean.TRUE.equals(d.getBoolean(TIP))) {
      return null;
    }
    Document self = identityOf(d);
    List<Document> claims = d.getList(NEXT, Document.class);
    if (claims == null) {
      return null;
    }
    return claims.stream().filter(c -> self.equals(c.get("after"))).findFirst().orElse(null);
  }

  /**
   * Makes the head claimable when it was not for a reason that is no divergence: a writer died
   * before writing its document (it is written from the claim), a room was created without the
   * start of its log, or the log was begun before claims existed and its head is not marked as the
   * tip. False when the store lacks the head, or another operation follows it.
   */
  private boolean repaired(LogHead head, Document at) {
    String room = head.room();
    if (at != null) {
      boolean followed =
          at.containsKey(TIP)
              || findById(id(room, head.v() + 1)) != null
              || !claimCovering(room, head.v() + 1).isEmpty();
      if (followed) {
        return false;
      }
      call(
          "mark the log's tip",
          () -> operations.updateOne(eq("_id", at.get("_id")), set(TIP, true)));
      return true;
    }
    if (head.isOrigin()) {
      if (findById(id(room, 1)) != null) {
        return false;
      }
      start(room);
      return true;
    }
    List<Document> claimed = claimCovering(room, head.v());
    if (claimed.isEmpty()) {
      return false;
    }
    insertIgnoringDuplicates(withTip(claimed));
    return true;
  }

  private static List<Document> documentsOf(List<CommittedOp> ops) {
    return withTip(ops.stream().map(OpDocuments::toDocument).toList());
  }

  /** The documents of a batch, the last marked as the end of the log. */
  private static List<Document> withTip(List<Document> batch) {
    List<Document> docs = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Document d = new Document(batch.get(i));
      if (i == batch.size() - 1) {
        d.append(TIP, true);
      }
      docs.add(d);
    }
    return docs;
  }

  /** Inserts in order, skipping documents another writer inserted first (same content). */
  private void insertIgnoringDuplicates(List<Document> docs) {
    List<Document> rest = docs;
    while (!rest.isEmpty()) {
      try {
        List<Document> toInsert = rest;
        call("write operations", () -> operations.insertMany(toInsert));
        return;
      } catch (MongoBulkWriteException e) {
        BulkWriteError first = e.getWriteErrors().get(0);
        if (ErrorCategory.fromErrorCode(first.getCode()) != ErrorCategory.DUPLICATE_KEY) {
          throw StoreCalls.unavailable("write operations", e);
        }
        rest = rest.subList(first.getIndex() + 1, rest.size());
      }
    }
  }

  List<CommittedOp> findOps(String room, long from, long to) {
    List<CommittedOp> found = new ArrayList<>();
    for (long start = from; start < to; start = from + found.size()) {
      long end = Math.min(to, start + READ_CHUNK);
      List<CommittedOp> chunk = readRange(room, start, end);
      found.addAll(chunk);
      if (chunk.size() < end - start) {
        throw new HistoryGapException(room, from + found.size() + 1);
      }
    }
    return found;
  }

  List<CommittedOp> findOpsAfter(String room, long from, int limit) {
    List<CommittedOp> found = new ArrayList<>();
    int size = FIRST_READ;
    while (found.size() < limit) {
      long start = from + found.size();
      long end = start + Math.min(size, limit - found.size());
      List<CommittedOp> chunk = readRange(room, start, end);
      found.addAll(chunk);
      if (chunk.size() < end - start) {
        return found;
      }
      size = Math.min(READ_CHUNK, size * 2);
    }
    return found;
  }

  /** The operations {@code from < v <= to} the store holds without a hole, in order. */
  private List<CommittedOp> readRange(String room, long from, long to) {
    Map<Long, Document> byVersion = findVersions(room, from, to, WITHOUT_CLAIMED_OPERATIONS);
    List<CommittedOp> ops = new ArrayList<>((int) (to - from));
    long v = from + 1;
    while (v <= to) {
      Document d = byVersion.get(v);
      if (d != null) {
        ops.add(OpDocuments.fromDocument(room, d));
        v++;
        continue;
      }
      List<Document> claimed = claimedFrom(room, v, byVersion.get(v - 1));
      if (claimed.isEmpty()) {
        long missing = v;
        if (byVersion.keySet().stream().anyMatch(stored -> stored > missing)) {
          throw new HistoryGapException(room, missing);
        }
        return ops;
      }
      for (Document c : claimed) {
        if (v <= to && OpDocuments.number(c, "v") == v) {
          ops.add(OpDocuments.fromDocument(room, c));
          v++;
        }
      }
    }
    return ops;
  }

  /**
   * The operations from version {@code v} on whose documents are not written yet, from the claim
   * that appended them; empty where the log ends. Usually {@code previous}, the document of {@code
   * v - 1}, tells: it ends its batch, and nobody claimed anything after it, or somebody did.
   */
  private List<Document> claimedFrom(String room, long v, Document previous) {
    if (previous == null || !Boolean.TRUE.equals(previous.getBoolean(TIP))) {
      return claimCovering(room, v);
    }
    if (winningClaim(previous) == null) {
      return List.of();
    }
    Document full =
        call(
            "read operations",
            () -> operations.find(eq("_id", previous.get("_id"))).projection(CLAIMS_ONLY).first());
    Document claim = full == null ? null : winningClaim(full);
    return claim == null ? List.of() : opsFrom(claim, v);
  }

  private static List<Document> opsFrom(Document claim, long v) {
    return claim.getList("ops", Document.class).stream()
        .filter(c -> OpDocuments.number(c, "v") >= v)
        .toList();
  }

  /**
   * The claimed operations from version {@code v} on, when {@code v} was claimed but its document
   * not written yet; empty when nobody claimed {@code v}.
   */
  private List<Document> claimCovering(String room, long v) {
    long below = v - 1;
    int size = FIRST_CLAIM_SEARCH;
    while (below >= 0 && v - 1 - below < CLAIM_REACH) {
      long lowest = Math.max(0, below - size + 1);
      size = Math.min(CLAIM_SEARCH, size * 4);
      Map<Long, Document> docs = findVersions(room, lowest, below, CLAIMS_ONLY);
      for (long u = below; u >= lowest; u--) {
        Document d = docs.get(u);
        if (d == null) {
          continue;
        }
        Document claim = winningClaim(d);
        if (claim != null) {
          return opsFrom(claim, v);
        }
        if (Boolean.TRUE.equals(d.getBoolean(TIP))) {
          return List.of();
        }
      }
      below = lowest - 1;
    }
    return List.of();
  }

  private Map<Long, Document> findVersions(String room, long first, long last, Bson projection) {
    List<String> ids = LongStream.rangeClosed(first, last).mapToObj(v -> id(room, v)).toList();
    Map<Long, Document> byVersion = new HashMap<>();
    call(
            "read operations",
            () -> operations.find(in("_id", ids)).projection(projection).into(new ArrayList<>()))
        .forEach(d -> byVersion.put(OpDocuments.number(d, "v"), d));
    return byVersion;
  }

  private Document findById(String id) {
    return call("read operations", () -> operations.find(eq("_id", id)).first());
  }

  OptionalLong lastVersion(String room) {
    Document last =
        call(
            "read operations",
            () -> operations.find(eq("room", room)).sort(Sorts.descending("v")).limit(1).first());
    if (last == null) {
      return OptionalLong.empty();
    }
    Document claim = winningClaim(last);
    List<Document> claimed = claim == null ? List.of() : claim.getList("ops", Document.class);
    return OptionalLong.of(
        claimed.isEmpty()
            ? OpDocuments.number(last, "v")
            : OpDocuments.number(claimed.get(claimed.size() - 1), "v"));
  }
}
