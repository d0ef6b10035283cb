package dev.ensemble.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The connection to the store: a MongoDB given by its URI, or else the embedded store started here.
 * Either way the application talks to it through the same driver.
 */
public final class StoreConnection implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(StoreConnection.class.getName());
  private static final String DEFAULT_DATABASE = "ensemble";

  private final EmbeddedMongo embedded;
  private final MongoClient client;
  private final MongoDatabase database;

  private StoreConnection(EmbeddedMongo embedded, MongoClient client, String databaseName) {
    this.embedded = embedded;
    this.client = client;
    this.database = client.getDatabase(databaseName);
  }

  /**
   * Connects to {@code mongoUri}, or starts the embedded store in {@code dataDir} when it is empty.
   * {@code timeout} bounds how long an operation waits for an unreachable store, unless the URI
   * sets its own.
   */
  public static StoreConnection open(Optional<String> mongoUri, Path dataDir, Duration timeout) {
    EmbeddedMongo embedded = mongoUri.isPresent() ? null : EmbeddedMongo.start(dataDir);
    ConnectionString uri =
        new ConnectionString(mongoUri.orElseGet(() -> embedded.connectionString()));
    long millis = timeout.toMillis();
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyToClusterSettings(c -> c.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
            .applyToSocketSettings(s -> s.connectTimeout((int) millis, TimeUnit.MILLISECONDS))
            .applyConnectionString(uri)
            .build();
    String databaseName = Optional.ofNullable(uri.getDatabase()).orElse(DEFAULT_DATABASE);
    LOG.info(
        () ->
            "store: "
                + (embedded == null
                    ? "MongoDB at " + uri.getHosts()
                    : "embedded, " + embedded.file())
                + ", database "
                + databaseName);
    return new StoreConnection(embedded, MongoClients.create(settings), databaseName);
  }

  public MongoDatabase database() {
    return database;
  }

  /** How acknowledged writes become durable with this store. */
  public Durability durability() {
    return embedded != null ? embedded : Durability.BY_WRITE_CONCERN;
  }

  @Override
  public void close() {
    client.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
