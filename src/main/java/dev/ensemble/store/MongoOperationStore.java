package dev.ensemble.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import dev.ensemble.ot.TextOperation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.bson.Document;

/**
 * The store over {@code mongodb-driver-sync}. Hot reads go by {@code _id}: an operation's id is
 * {@code room:v} and a milestone's likewise, so that the store answers them from its primary index
 * however long the history grows. The unique index on {@code {room, v}} is the arbiter of versions.
 */
public final class MongoOperationStore implements OperationStore {

  private static final int READ_CHUNK = 500;

  /** Catching up usually finds a few ops: ask for this many ids first, then twice as many. */
  private static final int FIRST_CATCH_UP = 16;

  private static final int MAX_MILESTONE_CANDIDATES = 1000;

  private final MongoDatabase database;
  private final MongoCollection<Document> documents;
  private final MongoCollection<Document> operations;
  private final MongoCollection<Document> milestones;
  private final Durability durability;
  private final int milestoneInterval;

  public MongoOperationStore(MongoDatabase database, Durability durability, int milestoneInterval) {
    this.database = database;
    this.documents = database.getCollection("documents");
    this.operations = database.getCollection("operations");
    this.milestones = database.getCollection("milestones");
    this.durability = durability;
    this.milestoneInterval = milestoneInterval;
  }

  static String opId(String room, long v) {
    return room + ":" + v;
  }

  @Override
  public void initialize() {
    call(
        "create indexes",
        () ->
            operations.createIndex(
                Indexes.ascending("room", "v"), new IndexOptions().unique(true).name("room_v")));
  }

  @Override
  public Optional<DocumentSnapshot> findDocument(String room) {
    Document found = call("read document", () -> documents.find(eq("_id", room)).first());
    return Optional.ofNullable(found)
        .map(
            d ->
                new DocumentSnapshot(
                    room, d.getString("language"), d.getString("content"), number(d, "v")));
  }

  @Override
  public DocumentSnapshot createDocument(String room, String language, String content) {
    long now = System.currentTimeMillis();
    Document document =
        new Document("_id", room)
            .append("language", language)
            .append("content", content)
            .append("v", 0L)
            .append("initial", content)
            .append("created", now)
            .append("updated", now);
    try {
      call("create document", () -> documents.insertOne(document));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new RoomExistsException(room);
      }
      throw unavailable("create document", e);
    }
    durability.flush();
    return new DocumentSnapshot(room, language, content, 0);
  }

  @Override
  public int append(List<CommittedOp> ops) {
    List<Document> rows = new ArrayList<>(ops.size());
    for (CommittedOp op : ops) {
      rows.add(
          new Document("_id", opId(op.room(), op.v()))
              .append("room", op.room())
              .append("v", op.v())
              .append("op", op.op().toJson())
              .append("src", op.src())
              .append("seq", op.seq())
              .append("ts", op.timestamp()));
    }
    int appended = rows.size();
    try {
      call("append operations", () -> operations.insertMany(rows, new InsertManyOptions()));
    } catch (MongoBulkWriteException e) {
      // ordered inserts stop at the first error: everything before it is in the log
      BulkWriteError first = e.getWriteErrors().get(0);
      if (ErrorCategory.fromErrorCode(first.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw unavailable("append operations", e);
      }
      appended = first.getIndex();
    }
    if (appended > 0) {
      durability.flush();
    }
    return appended;
  }

  @Override
  public List<CommittedOp> findOps(String room, long from, long to) {
    List<CommittedOp> found = new ArrayList<>();
    for (long start = from; start < to; start += READ_CHUNK) {
      found.addAll(readChunk(room, start, Math.min(to, start + READ_CHUNK)));
    }
    return found;
  }

  @Override
  public List<CommittedOp> findOpsAfter(String room, long from) {
    List<CommittedOp> found = new ArrayList<>();
    long start = from;
    int size = FIRST_CATCH_UP;
    while (true) {
      List<CommittedOp> chunk = readChunk(room, start, start + size);
      found.addAll(chunk);
      if (chunk.size() < size) {
        return found;
      }
      start += size;
      size = Math.min(READ_CHUNK, size * 2);
    }
  }

  /** The operations {@code from < v <= to} that exist, in order and without gaps. */
  private List<CommittedOp> readChunk(String room, long from, long to) {
    List<String> ids = LongStream.rangeClosed(from + 1, to).mapToObj(v -> opId(room, v)).toList();
    List<CommittedOp> chunk = new ArrayList<>(ids.size());
    call("read operations", () -> operations.find(in("_id", ids)).into(new ArrayList<>()))
        .forEach(d -> chunk.add(toOp(room, d)));
    chunk.sort(Comparator.comparingLong(CommittedOp::v));
    // the log has no gaps, but an op may be committed while this read runs: keep the prefix
    for (int i = 0; i < chunk.size(); i++) {
      if (chunk.get(i).v() != from + 1 + i) {
        return chunk.subList(0, i);
      }
    }
    return chunk;
  }

  private static CommittedOp toOp(String room, Document d) {
    return new CommittedOp(
        room,
        number(d, "v"),
        TextOperation.fromJson(d.getList("op", Object.class)),
        d.getString("src"),
        number(d, "seq"),
        number(d, "ts"));
  }

  @Override
  public void saveSnapshot(String room, long v, String content) {
    call(
        "save snapshot",
        () ->
            documents.updateOne(
                and(eq("_id", room), lt("v", v)),
                combine(
                    set("content", content),
                    set("v", v),
                    set("updated", System.currentTimeMillis()))));
  }

  @Override
  public void saveMilestone(String room, long v, String content) {
    Document milestone =
        new Document("_id", opId(room, v))
            .append("room", room)
            .append("v", v)
            .append("content", content);
    try {
      call("save milestone", () -> milestones.insertOne(milestone));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw unavailable("save milestone", e);
      }
    }
  }

  @Override
  public Optional<DocumentSnapshot> findMilestone(String room, long v) {
    List<String> candidates = new ArrayList<>();
    for (long m = v - v % milestoneInterval;
        m > 0 && candidates.size() < MAX_MILESTONE_CANDIDATES;
        m -= milestoneInterval) {
      candidates.add(opId(room, m));
    }
    Document best =
        call(
            "read milestones",
            () ->
                milestones.find(in("_id", candidates)).into(new ArrayList<>()).stream()
                    .max(Comparator.comparingLong(d -> number(d, "v")))
                    .orElse(null));
    Document room0 = call("read document", () -> documents.find(eq("_id", room)).first());
    if (room0 == null) {
      return Optional.empty();
    }
    String language = room0.getString("language");
    return Optional.of(
        best != null
            ? new DocumentSnapshot(room, language, best.getString("content"), number(best, "v"))
            : new DocumentSnapshot(room, language, room0.getString("initial"), 0));
  }

  @Override
  public void saveLanguage(String room, String language) {
    call("save language", () -> documents.updateOne(eq("_id", room), set("language", language)));
  }

  @Override
  public boolean isReachable() {
    try {
      database.runCommand(new Document("ping", 1));
      return true;
    } catch (MongoException e) {
      return false;
    }
  }

  private static long number(Document d, String field) {
    return ((Number) d.get(field)).longValue();
  }

  /**
   * Runs a driver call, turning failures other than write conflicts into {@link
   * StoreUnavailableException}. Write errors pass through so that callers can tell a taken version.
   */
  private static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (MongoWriteException | MongoBulkWriteException e) {
      throw e;
    } catch (MongoException e) {
      throw unavailable(what, e);
    }
  }

  private static StoreUnavailableException unavailable(String what, MongoException e) {
    return new StoreUnavailableException("store failed to " + what + ": " + e.getMessage(), e);
  }
}
