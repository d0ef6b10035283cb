package dev.ensemble.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static dev.ensemble.store.OpDocuments.number;
import static dev.ensemble.store.StoreCalls.call;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.ensemble.history.BlameBase;
import dev.ensemble.history.HistorySpan;
import dev.ensemble.history.NamedVersion;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * The store over {@code mongodb-driver-sync}: rooms' snapshots in {@code documents}, their logs in
 * {@code operations} (see {@link MongoOperationLog}), the documents kept for time travel in {@code
 * milestones} (with their digests, see {@link MilestoneDigests}) and named versions in {@code
 * versions}. Hot reads go by {@code _id}: an operation's id is {@code room:v} and a milestone's
 * likewise, so that the store answers them from its primary index however long the history grows.
 */
public final class MongoOperationStore implements OperationStore {

  private static final Logger LOG = Logger.getLogger(MongoOperationStore.class.getName());
  private static final int MAX_MILESTONE_CANDIDATES = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MongoDatabase database;
  private final MongoCollection<Document> documents;
  private final MongoCollection<Document> operations;
  private final MongoCollection<Document> milestones;
  private final MongoCollection<Document> secrets;
  private final MongoCollection<Document> versions;
  private final MongoCollection<Document> authors;
  private final MongoOperationLog log;
  private final MilestoneDigests digests;
  private final HistoryFolding folding;
  private final Durability durability;
  private final int milestoneInterval;

  public MongoOperationStore(MongoDatabase database, Durability durability, int milestoneInterval) {
    this.database = database;
    this.documents = database.getCollection("documents");
    this.operations = database.getCollection("operations");
    this.milestones = database.getCollection("milestones");
    this.secrets = database.getCollection("secrets");
    this.versions = database.getCollection("versions");
    this.authors = database.getCollection("authors");
    this.log = new MongoOperationLog(operations, durability);
    this.digests = new MilestoneDigests(milestones, documents, log, milestoneInterval);
    this.folding = new HistoryFolding(documents, operations, milestones, digests, durability);
    this.durability = durability;
    this.milestoneInterval = milestoneInterval;
  }

  @Override
  public void initialize() {
    call(
        "create indexes",
        () ->
            operations.createIndex(
                Indexes.ascending("room", "v"), new IndexOptions().unique(true).name("room_v")));
    call(
        "create indexes",
        () ->
            versions.createIndex(
                Indexes.ascending("room", "v"), new IndexOptions().name("room_v")));
  }

  @Override
  public Optional<DocumentSnapshot> findDocument(String room) {
    Document found = call("read document", () -> documents.find(eq("_id", room)).first());
    return Optional.ofNullable(found)
        .map(
            d ->
                new DocumentSnapshot(
                    room,
                    d.getString("language"),
                    d.getString("content"),
                    number(d, "v"),
                    sources(d.get("sources", Document.class))));
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
            .append("initialLanguage", language)
            .append("created", now)
            .append("updated", now);
    try {
      call("create document", () -> documents.insertOne(document));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new RoomExistsException(room);
      }
      throw StoreCalls.unavailable("create document", e);
    }
    log.start(room);
    durability.flush();
    return new DocumentSnapshot(room, language, content, 0);
  }

  @Override
  public AppendResult claim(LogHead head, List<CommittedOp> ops) {
    return log.claim(head, ops);
  }

  @Override
  public void writeClaimed(List<CommittedOp> ops) {
    log.writeClaimed(List.of(ops));
  }

  @Override
  public void writeClaimedTogether(List<List<CommittedOp>> claims) {
    log.writeClaimed(claims);
  }

  @Override
  public List<CommittedOp> findOps(String room, long from, long to) {
    return log.findOps(room, from, to);
  }

  @Override
  public List<CommittedOp> findOpsAfter(String room, long from, int limit) {
    return log.findOpsAfter(room, from, limit);
  }

  @Override
  public OptionalLong lastVersion(String room) {
    return log.lastVersion(room);
  }

  @Override
  public void saveSnapshot(DocumentSnapshot snapshot) {
    Document sources = new Document();
    snapshot.sources().forEach((src, mark) -> sources.append(src, List.of(mark.seq(), mark.v())));
    call(
        "save snapshot",
        () ->
            documents.updateOne(
                and(eq("_id", snapshot.room()), lt("v", snapshot.v())),
                combine(
                    set("content", snapshot.content()),
                    set("language", snapshot.language()),
                    set("v", snapshot.v()),
                    set("sources", sources),
                    set("updated", System.currentTimeMillis()))));
  }

  private static Map<String, SourceMark> sources(Document stored) {
    Map<String, SourceMark> marks = new LinkedHashMap<>();
    if (stored != null) {
      stored.forEach(
          (src, mark) -> {
            List<?> pair = (List<?>) mark;
            marks.put(
                src,
                new SourceMark(
                    ((Number) pair.get(0)).longValue(), ((Number) pair.get(1)).longValue()));
          });
    }
    return marks;
  }

  @Override
  public void saveMilestone(String room, long v, String content, String language) {
    saveMilestone(room, v, content, language, List.of());
  }

  @Override
  public void saveMilestone(
      String room, long v, String content, String language, List<CommittedOp> since) {
    Document milestone =
        new Document("_id", OpDocuments.id(room, v))
            .append("room", room)
            .append("v", v)
            .append("content", content)
            .append("language", language);
    try {
      call("save milestone", () -> milestones.insertOne(milestone));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw StoreCalls.unavailable("save milestone", e);
      }
    }
    try {
      // now, while the operations since the last milestone are few and fresh, so that opening
      // the history never has to digest a long stretch of the log
      digests.digestNew(room, v, since);
    } catch (StoreUnavailableException e) {
      // the milestone is kept; its digest is made when the history is next read
      LOG.log(Level.FINE, "milestone " + v + " of room " + room + " not digested", e);
    }
  }

  @Override
  public List<HistorySpan> findSpans(String room, long from, long to) {
    return digests.spans(room, from, to);
  }

  @Override
  public long fold(String room, long before) {
    return folding.fold(room, before);
  }

  @Override
  public long foldedTo(String room) {
    return folding.foldedTo(room);
  }

  @Override
  public List<String> roomIds(String after, int limit) {
    return folding.roomIds(after, limit);
  }

  @Override
  public Optional<BlameBase> findBlameBase(String room, long v) {
    return digests.base(room, v);
  }

  @Override
  public void nameVersion(String room, NamedVersion version) {
    call(
        "name a version",
        () ->
            versions.replaceOne(
                eq("_id", OpDocuments.id(room, version.v())),
                new Document("_id", OpDocuments.id(room, version.v()))
                    .append("room", room)
                    .append("v", version.v())
                    .append("name", version.name())
                    .append("ts", version.ts()),
                new ReplaceOptions().upsert(true)));
    durability.flush();
  }

  @Override
  public void nameAuthor(String room, String src, String name) {
    String id = room + ":" + src;
    call(
        "name an author",
        () ->
            authors.replaceOne(
                eq("_id", id),
                new Document("_id", id).append("room", room).append("name", name),
                new ReplaceOptions().upsert(true)));
  }

  @Override
  public Map<String, String> authorNames(String room, Collection<String> sources) {
    List<String> ids = sources.stream().map(src -> room + ":" + src).toList();
    Map<String, String> names = new HashMap<>();
    call("read author names", () -> authors.find(in("_id", ids)).into(new ArrayList<>()))
        .forEach(
            d -> names.put(d.getString("_id").substring(room.length() + 1), d.getString("name")));
    return names;
  }

  @Override
  public List<NamedVersion> namedVersions(String room, int limit) {
    return call(
            "read named versions",
            () ->
                versions
                    .find(eq("room", room))
                    .sort(Sorts.ascending("v"))
                    .limit(limit)
                    .into(new ArrayList<>()))
        .stream()
        .map(d -> new NamedVersion(number(d, "v"), d.getString("name"), number(d, "ts")))
        .toList();
  }

  @Override
  public void deleteRoom(String room) {
    call("delete operations", () -> operations.deleteMany(eq("room", room)));
    call("delete milestones", () -> milestones.deleteMany(eq("room", room)));
    call("delete named versions", () -> versions.deleteMany(eq("room", room)));
    call("delete author names", () -> authors.deleteMany(eq("room", room)));
    call("delete document", () -> documents.deleteOne(eq("_id", room)));
    durability.flush();
  }

  @Override
  public Optional<DocumentSnapshot> findMilestone(String room, long v) {
    List<String> candidates = new ArrayList<>();
    for (long m = v - v % milestoneInterval;
        m > 0 && candidates.size() < MAX_MILESTONE_CANDIDATES;
        m -= milestoneInterval) {
      candidates.add(OpDocuments.id(room, m));
    }
    // which ones exist first, then the document of the latest alone: read whole, a thousand
    // milestones of a 20 KB document with their digests are a 50 MB answer, over the driver's limit
    Document latest =
        call(
            "read milestones",
            () ->
                milestones
                    .find(in("_id", candidates))
                    .projection(Projections.include("v"))
                    .into(new ArrayList<>())
                    .stream()
                    .max(Comparator.comparingLong(d -> number(d, "v")))
                    .orElse(null));
    Document best =
        latest == null
            ? null
            : call(
                "read milestones",
                () ->
                    milestones
                        .find(eq("_id", latest.get("_id")))
                        .projection(
                            Projections.exclude(MilestoneDigests.BLAME, MilestoneDigests.SPAN))
                        .first());
    Document room0 = call("read document", () -> documents.find(eq("_id", room)).first());
    if (room0 == null) {
      return Optional.empty();
    }
    String language = room0.getString("language");
    return Optional.of(
        best != null
            ? new DocumentSnapshot(
                room,
                best.getString("language") == null ? language : best.getString("language"),
                best.getString("content"),
                number(best, "v"))
            : new DocumentSnapshot(room, initialLanguage(room0), room0.getString("initial"), 0));
  }

  /** The language a room was created with, which later operations may have changed. */
  private static String initialLanguage(Document room) {
    String initial = room.getString("initialLanguage");
    return initial != null ? initial : room.getString("language");
  }

  @Override
  public byte[] sharedSecret(String name) {
    Document found = call("read a secret", () -> secrets.find(eq("_id", name)).first());
    if (found == null) {
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      try {
        call(
            "keep a secret",
            () ->
                secrets.insertOne(
                    new Document("_id", name)
                        .append("value", Base64.getEncoder().encodeToString(fresh))));
        durability.flush();
        return fresh;
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw StoreCalls.unavailable("keep a secret", e);
        }
        found = call("read a secret", () -> secrets.find(eq("_id", name)).first());
      }
    }
    return Base64.getDecoder().decode(found.getString("value"));
  }

  @Override
  public void ping() {
    call("answer a ping", () -> database.runCommand(new Document("ping", 1)));
  }
}
