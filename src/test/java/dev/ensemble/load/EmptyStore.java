package dev.ensemble.load;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

/**
 * Empties a system's database before a scenario, keeping its indexes, so that each scenario starts
 * from an empty store as the targets state: the store's memory backend scans a whole collection for
 * every find not by {@code _id}, so what one scenario left would slow the next one's ShareDB.
 */
final class EmptyStore {

  private EmptyStore() {}

  static void empty(String uri) {
    try (MongoClient client = MongoClients.create(uri)) {
      MongoDatabase database = client.getDatabase(new ConnectionString(uri).getDatabase());
      for (String name : database.listCollectionNames()) {
        database.getCollection(name).deleteMany(new Document());
      }
    }
  }
}
