package dev.ensemble.access;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;
import static dev.ensemble.store.StoreCalls.call;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import dev.ensemble.store.Durability;
import dev.ensemble.store.RoomExistsException;
import dev.ensemble.store.StoreCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The access of every room, one document per room in the {@code access} collection, beside the
 * documents and operations: {@code {_id: room, ownerKey, created, rev, links: [{id, role, hash,
 * created, expires}]}}. Each change is one update of that document, so it is atomic, and bumps
 * {@code rev}.
 */
public final class AccessStore {

  private final MongoCollection<Document> access;
  private final Durability durability;

  public AccessStore(MongoDatabase database, Durability durability) {
    this.access = database.getCollection("access");
    this.durability = durability;
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
            .append("links", room.links().stream().map(AccessStore::toDocument).toList());
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
              Role.valueOf(link.getString("role").toUpperCase(java.util.Locale.ROOT)),
              link.getString("hash"),
              link.get("created", Number.class).longValue(),
              expires == null ? null : expires.longValue()));
    }
    return new RoomAccess(
        d.getString("_id"),
        d.getString("ownerKey"),
        links,
        d.get("created", Number.class).longValue(),
        d.get("rev", Number.class).longValue());
  }
}
