package dev.ensemble.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

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

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
