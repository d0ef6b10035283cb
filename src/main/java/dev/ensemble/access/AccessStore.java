package dev.ensemble.access;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static dev.ensemble.store.StoreCalls.call;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.ensemble.store.Durability;
import dev.ensemble.store.RoomExistsException;
import dev.ensemble.store.StoreCalls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The access of every room, one document per room in the {@code access} collection, beside the
 * documents and operations: {@code {_id: room, ownerKey, created, rev, links: [{id, role, hash,
 * created, expires}], archived}}. Each change is one update of that document, so it is atomic, and
 * bumps {@code rev}.
 */
public final class AccessStore {

  private final MongoCollection<Document> access;
  private final Durability durability;

  public AccessStore(MongoDatabase database, Durability durability) {
    this.access = database.getCollection("access");
    this.durability = durability;
  }

  /**
   * The indexes of the lookups other than by room: by a key's hash (every link opening a room) and
   * by person or group (a signed-in person's list of rooms), so none of them reads every room.
   */
  public void createIndexes() {
    call(
        "create access indexes",
        () -> {
          access.createIndex(Indexes.ascending("ownerKey"), new IndexOptions().name("owner_key"));
          access.createIndex(Indexes.ascending("links.hash"), new IndexOptions().name("link_hash"));
          access.createIndex(Indexes.ascending("owner"), new IndexOptions().name("owner"));
          access.createIndex(Indexes.ascending("people.who"), new IndexOptions().name("people"));
          access.createIndex(Indexes.ascending("groups.who"), new IndexOptions().name("groups"));
          return null;
        });
  }

  /**
   * @throws RoomExistsException if the room has its access already
   */
  public void create(RoomAccess room) {
    Document document =
        new Document("_id", room.room())
            .append("ownerKey", room.ownerKeyHash())
            .append("created", room.createdAt())
            .append("rev", room.revision())
            .append("links", room.links().stream().map(AccessStore::toDocument).toList())
            .append("owner", room.owner());
    sharing(room.sharing()).forEach(document::append);
    try {
      call("create access", () -> access.insertOne(document));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new RoomExistsException(room.room());
      }
      throw StoreCalls.unavailable("create access", e);
    }
    durability.flush();
  }

  public Optional<RoomAccess> find(String room) {
    Document found = call("read access", () -> access.find(eq("_id", room)).first());
    return Optional.ofNullable(found).map(AccessStore::fromDocument);
  }

  /** The room a key opens, by the hash of the key: its owner key or one of its links. */
  public Optional<RoomAccess> findByKeyHash(String hash) {
    Document found =
        call(
            "find access by key",
            () -> access.find(or(eq("ownerKey", hash), eq("links.hash", hash))).first());
    return Optional.ofNullable(found).map(AccessStore::fromDocument);
  }

  /** Removes the room's access; false if it had none. */
  public boolean delete(String room) {
    long deleted = call("delete access", () -> access.deleteOne(eq("_id", room)).getDeletedCount());
    durability.flush();
    return deleted > 0;
  }

  /** Replaces whom the room is shared with; false if the room has no access record. */
  public boolean setSharing(String room, Sharing sharing) {
    Document fields = sharing(sharing);
    return change(
        "share room",
        eq("_id", room),
        Updates.combine(
            fields.entrySet().stream().map(e -> Updates.set(e.getKey(), e.getValue())).toList()));
  }

  /**
   * The rooms {@code person} owns or that are shared with them, their groups or everyone signed in,
   * by id after {@code after} (null: from the first), at most {@code limit}.
   */
  public List<RoomAccess> findOpenableBy(Credential.Person person, String after, int limit) {
    Bson whose =
        or(
            eq("owner", person.name()),
            eq("people.who", person.name()),
            in("groups.who", person.groups()),
            ne("everyone", null));
    Bson filter = after == null ? whose : and(gt("_id", after), whose);
    return call(
        "find rooms of " + person.name(),
        () ->
            access
                .find(filter)
                .sort(Sorts.ascending("_id"))
                .limit(limit)
                .map(AccessStore::fromDocument)
                .into(new ArrayList<>()));
  }

  private static Document sharing(Sharing sharing) {
    return new Document("people", grants(sharing.people()))
        .append("groups", grants(sharing.groups()))
        .append("everyone", sharing.everyone() == null ? null : sharing.everyone().wireName());
  }

  private static List<Document> grants(Map<String, Role> grants) {
    return grants.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new Document("who", e.getKey()).append("role", e.getValue().wireName()))
        .toList();
  }

  private static Map<String, Role> grants(List<Document> grants) {
    Map<String, Role> read = new LinkedHashMap<>();
    grants.forEach(g -> read.put(g.getString("who"), role(g.getString("role"))));
    return read;
  }

  private static Role role(String name) {
    return Role.valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * Archives the room or takes it out of the archive; false if the room has no access record.
   * Setting what is set already still counts as a change, so that a repeated call is harmless.
   */
  public boolean setArchived(String room, boolean archived) {
    return change("archive room", eq("_id", room), Updates.set("archived", archived));
  }

  /** Adds a link; false if the room has no access record. */
  public boolean addLink(String room, ShareLink link) {
    return change("add link", eq("_id", room), Updates.push("links", toDocument(link)));
  }

  /** Removes a link; false if the room has no such link. */
  public boolean removeLink(String room, String linkId) {
    return change(
        "revoke link", withLink(room, linkId), Updates.pull("links", new Document("id", linkId)));
  }

  /** Gives a link another role; false if the room has no such link. */
  public boolean setLinkRole(String room, String linkId, Role role) {
    return change(
        "change link", withLink(room, linkId), Updates.set("links.$.role", role.wireName()));
  }

  private static Bson withLink(String room, String linkId) {
    return and(eq("_id", room), eq("links.id", linkId));
  }

  /** Applies {@code update} to the document {@code filter} finds, counting the revision. */
  private boolean change(String what, Bson filter, Bson update) {
    long matched =
        call(
            what,
            () ->
                access
                    .updateOne(filter, Updates.combine(update, Updates.inc("rev", 1L)))
                    .getMatchedCount());
    if (matched > 0) {
      durability.flush();
    }
    return matched > 0;
  }

  private static Document toDocument(ShareLink link) {
    return new Document("id", link.id())
        .append("role", link.role().wireName())
        .append("hash", link.secretHash())
        .append("created", link.createdAt())
        .append("expires", link.expiresAt());
  }

  private static RoomAccess fromDocument(Document d) {
    List<ShareLink> links = new ArrayList<>();
    for (Document link : d.getList("links", Document.class, List.of())) {
      Number expires = link.get("expires", Number.class);
      links.add(
          new ShareLink(
              link.getString("id"),
              role(link.getString("role")),
              link.getString("hash"),
              link.get("created", Number.class).longValue(),
              expires == null ? null : expires.longValue()));
    }
    String everyone = d.getString("everyone");
    return new RoomAccess(
        d.getString("_id"),
        d.getString("ownerKey"),
        links,
        d.get("created", Number.class).longValue(),
        d.get("rev", Number.class).longValue(),
        d.getString("owner"),
        new Sharing(
            grants(d.getList("people", Document.class, List.of())),
            grants(d.getList("groups", Document.class, List.of())),
            everyone == null ? null : role(everyone)),
        Boolean.TRUE.equals(d.getBoolean("archived")));
  }
}
