package dev.ensemble.access;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static dev.ensemble.store.StoreCalls.call;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * In signin mode, the rooms each person opened through a share link, in the {@code visits}
 * collection: {@code {_id: {person, room}, person, room, key, at}} with the hash of the link's
 * secret. It lets the person find the room again in their list and open it without the link, for as
 * long as the link is valid: revoking the link ends that too.
 */
public final class RoomVisits {

  /** A person's visit to a room through the link whose secret hashes to {@code keyHash}. */
  public record Visit(String person, String room, String keyHash, long at) {}

  private final MongoCollection<Document> visits;

  public RoomVisits(MongoDatabase database) {
    this.visits = database.getCollection("visits");
  }

  /** The indexes of a person's visits by room and of a room's visits, for a deleted room. */
  public void createIndexes() {
    call(
        "create visit indexes",
        () -> {
          visits.createIndex(
              Indexes.ascending("person", "room"), new IndexOptions().name("person_room"));
          visits.createIndex(Indexes.ascending("room"), new IndexOptions().name("room"));
          return null;
        });
  }

  /** Remembers the visit, replacing an earlier one of the same person to the same room. */
  public void record(Visit visit) {
    Document id = new Document("person", visit.person()).append("room", visit.room());
    Document document =
        new Document("_id", id)
            .append("person", visit.person())
            .append("room", visit.room())
            .append("key", visit.keyHash())
            .append("at", visit.at());
    call(
        "remember visit",
        () -> visits.replaceOne(eq("_id", id), document, new ReplaceOptions().upsert(true)));
  }

  public Optional<Visit> find(String person, String room) {
    Document found =
        call("read visit", () -> visits.find(and(eq("person", person), eq("room", room))).first());
    return Optional.ofNullable(found).map(RoomVisits::visit);
  }

  /**
   * The person's visits by room after {@code after} (null: from the first), at most {@code limit}.
   */
  public List<Visit> of(String person, String after, int limit) {
    Bson filter =
        after == null ? eq("person", person) : and(eq("person", person), gt("room", after));
    return call(
        "read visits of " + person,
        () ->
            visits
                .find(filter)
                .sort(Sorts.ascending("room"))
                .limit(limit)
                .map(RoomVisits::visit)
                .into(new ArrayList<>()));
  }

  /** Forgets every visit to a deleted room. */
  public void forgetRoom(String room) {
    call("forget visits", () -> visits.deleteMany(eq("room", room)));
  }

  private static Visit visit(Document d) {
    return new Visit(
        d.getString("person"),
        d.getString("room"),
        d.getString("key"),
        d.get("at", Number.class).longValue());
  }
}
