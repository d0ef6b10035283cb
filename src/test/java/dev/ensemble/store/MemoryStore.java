package dev.ensemble.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** A MongoDB-wire server in memory, reached through the real driver: the store of fast tests. */
public final class MemoryStore implements AutoCloseable {

  private final MongoServer server;
  private final MongoClient client;
  private final MongoOperationStore store;

  public MemoryStore(int milestoneInterval) {
    server = new MongoServer(new MemoryBackend());
    client = MongoClients.create(server.bindAndGetConnectionString());
    store =
        new MongoOperationStore(
            client.getDatabase("ensemble"), Durability.BY_WRITE_CONCERN, milestoneInterval);
    store.initialize();
  }

  public MemoryStore() {
    this(100);
  }

  /** Stops the server and keeps the client, as when the store goes down under a running app. */
  public void stopServer() {
    server.shutdownNow();
  }

  public MongoOperationStore store() {
    return store;
  }

  /**
   * Makes the store forget the operations of {@code room} after version {@code kept}, as a store
   * that acknowledged writes before they were durable forgets them when it crashes: their documents
   * and the claim that appended them.
   */
  public void forgetAfter(String room, long kept) {
    MongoCollection<Document> operations =
        client.getDatabase("ensemble").getCollection("operations");
    operations.deleteMany(Filters.and(Filters.eq("room", room), Filters.gt("v", kept)));
    operations.updateOne(
        Filters.eq("_id", OpDocuments.id(room, kept)), Updates.unset(MongoOperationLog.NEXT));
    operations.updateOne(
        Filters.eq("_id", OpDocuments.id(room, kept)), Updates.set(MongoOperationLog.TIP, true));
  }

  /** Removes one operation's document, leaving a hole in the log. */
  /** The versions of {@code room} that have a document of their own, not only a claim. */
  public List<Long> documentVersions(String room) {
    List<Long> versions = new ArrayList<>();
    client
        .getDatabase("ensemble")
        .getCollection("operations")
        .find(Filters.and(Filters.eq("room", room), Filters.gt("v", 0L)))
        .forEach(d -> versions.add(OpDocuments.number(d, "v")));
    versions.sort(null);
    return versions;
  }

  public void punchHole(String room, long v) {
    MongoCollection<Document> operations =
        client.getDatabase("ensemble").getCollection("operations");
    operations.deleteOne(Filters.eq("_id", OpDocuments.id(room, v)));
    operations.updateOne(
        Filters.eq("_id", OpDocuments.id(room, v - 1)), Updates.unset(MongoOperationLog.NEXT));
  }

  /** Replaces the operation at version {@code v} with one that cannot be applied. */
  public void corrupt(String room, long v) {
    client
        .getDatabase("ensemble")
        .getCollection("operations")
        .updateOne(
            Filters.eq("_id", OpDocuments.id(room, v)), Updates.set("op", List.of(1_000_000, "x")));
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
