package dev.ensemble.store;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
   * {@code timeout} bounds every store call, unless the URI sets its own.
   */
  public static StoreConnection open(Optional<String> mongoUri, Path dataDir, Duration timeout) {
    EmbeddedMongo embedded = mongoUri.isPresent() ? null : EmbeddedMongo.start(dataDir);
    ConnectionString uri =
        new ConnectionString(mongoUri.orElseGet(() -> embedded.connectionString()));
    MongoClientSettings settings = settings(uri, timeout);
    String databaseName = Optional.ofNullable(uri.getDatabase()).orElse(DEFAULT_DATABASE);
    LOG.info(() -> describe(embedded, settings, databaseName));
    return new StoreConnection(embedded, MongoClients.create(settings), databaseName);
  }

  /** Ensemble's defaults; whatever the URI sets wins over them. */
  static MongoClientSettings settings(ConnectionString uri, Duration timeout) {
    long millis = timeout.toMillis();
    return MongoClientSettings.builder()
        // an acknowledged operation must survive the loss of the primary: on a majority, journalled
        .writeConcern(WriteConcern.MAJORITY.withJournal(true).withWTimeout(millis, MILLISECONDS))
        // and nothing is read that a failover could take back, so no server builds on such an op
        .readConcern(ReadConcern.MAJORITY)
        // Bounds each call as a whole: server selection, connection, retries and the wait for the
        // reply, which a store that hangs with its sockets open never sends. A socket read timeout
        // alone let calls take two to three times as long. With it the driver sends the time left
        // as maxTimeMS in place of wtimeout.
        .timeout(millis, MILLISECONDS)
        .applyToClusterSettings(c -> c.serverSelectionTimeout(millis, MILLISECONDS))
        .applyToSocketSettings(s -> s.connectTimeout((int) millis, MILLISECONDS))
        .applyConnectionString(uri)
        .build();
  }

  /** The settings in effect, on one line; the URI itself is never logged, for its password. */
  static String describe(EmbeddedMongo embedded, MongoClientSettings settings, String database) {
    Long timeout = settings.getTimeout(MILLISECONDS);
    return "store: "
        + (embedded == null ? "MongoDB at " : "embedded in " + embedded.file() + " at ")
        + settings.getClusterSettings().getHosts()
        + ", database "
        + database
        + "; write concern "
        + settings.getWriteConcern().asDocument().toJson()
        + ", read concern "
        + settings.getReadConcern().asDocument().toJson()
        + "; timeout per call "
        + (timeout == null ? "none" : timeout + " ms")
        + ", server selection "
        + settings.getClusterSettings().getServerSelectionTimeout(MILLISECONDS)
        + " ms, connect "
        + settings.getSocketSettings().getConnectTimeout(MILLISECONDS)
        + " ms";
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
