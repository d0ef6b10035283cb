package dev.ensemble.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.set;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ensemble.testing.QuietLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store client's defaults (write concern majority with journal, read concern majority, one
 * timeout for each call), what the URI may override, and that the stand-in store accepts them.
 */
class StoreConnectionTest {

  private static final List<Logger> QUIET = QuietLogs.ofTheStore();

  private static final Duration TIMEOUT = Duration.ofMillis(2000);

  @TempDir Path dir;

  @Test
  void defaultsAreMajorityWithJournalAndTheStoreTimeout() {
    MongoClientSettings settings =
        StoreConnection.settings(new ConnectionString("mongodb://127.0.0.1:1/ensemble"), TIMEOUT);

    assertThat(settings.getWriteConcern())
        .isEqualTo(WriteConcern.MAJORITY.withJournal(true).withWTimeout(2000, MILLISECONDS));
    assertThat(settings.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
    assertThat(settings.getTimeout(MILLISECONDS)).isEqualTo(2000);
  }

  @Test
  void theUriWinsOverEachDefault() {
    MongoClientSettings settings =
        StoreConnection.settings(
            new ConnectionString(
                "mongodb://127.0.0.1:1/ensemble?w=1&journal=false&wtimeoutMS=50"
                    + "&readConcernLevel=local&timeoutMS=300"),
            TIMEOUT);

    assertThat(settings.getWriteConcern())
        .isEqualTo(WriteConcern.W1.withJournal(false).withWTimeout(50, MILLISECONDS));
    assertThat(settings.getReadConcern()).isEqualTo(ReadConcern.LOCAL);
    assertThat(settings.getTimeout(MILLISECONDS)).isEqualTo(300);
  }

  static Stream<Named<Function<Path, MongoBackend>>> backends() {
    return Stream.of(
        Named.of("memory backend", d -> new MemoryBackend()),
        Named.of("H2 file backend", d -> DurableH2Backend.open(d.resolve("store.mv.db"))));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theStandInStoreAcceptsTheConcernsOnWritesAndReads(Function<Path, MongoBackend> backend) {
    MongoServer server = new MongoServer(backend.apply(dir));
    String uri = server.bindAndGetConnectionString() + "/ensemble";
    Map<String, BsonDocument> sent = new ConcurrentHashMap<>();
    CommandListener recorder =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            // the event's document is a view of a buffer the driver reuses
            sent.put(event.getCommandName(), event.getCommand().clone());
          }
        };
    MongoClientSettings asEnsemble =
        MongoClientSettings.builder(StoreConnection.settings(new ConnectionString(uri), TIMEOUT))
            .addCommandListener(recorder)
            .build();
    // as the driver sends the write concern when no timeoutMS replaces wtimeout by maxTimeMS
    MongoClientSettings withWtimeout =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .writeConcern(WriteConcern.MAJORITY.withJournal(true).withWTimeout(2000, MILLISECONDS))
            .readConcern(ReadConcern.MAJORITY)
            .addCommandListener(recorder)
            .build();
    try {
      writeAndRead(asEnsemble);
      // the driver sends the time left of the call's timeout as maxTimeMS, in place of wtimeout
      assertSent(sent, "{\"w\": \"majority\", \"j\": true}");
      assertThat(sent.get("insert").getNumber("maxTimeMS").longValue()).isBetween(1L, 2000L);

      sent.clear();
      writeAndRead(withWtimeout);
      assertSent(sent, "{\"w\": \"majority\", \"wtimeout\": 2000, \"j\": true}");
    } finally {
      server.shutdownNow();
    }
  }

  private static void assertSent(Map<String, BsonDocument> sent, String writeConcern) {
    for (String write : List.of("insert", "update", "findAndModify", "delete")) {
      assertThat(sent.get(write).getDocument("writeConcern"))
          .as(write)
          .isEqualTo(BsonDocument.parse(writeConcern));
    }
    assertThat(sent.get("find").getDocument("readConcern"))
        .isEqualTo(BsonDocument.parse("{\"level\": \"majority\"}"));
  }

  private static void writeAndRead(MongoClientSettings settings) {
    try (MongoClient client = MongoClients.create(settings)) {
      MongoCollection<Document> docs = client.getDatabase("ensemble").getCollection("docs");
      docs.deleteMany(new Document());
      docs.createIndex(Indexes.ascending("n"));
      docs.insertOne(new Document("_id", 1).append("n", 1));
      docs.insertMany(List.of(new Document("_id", 2), new Document("_id", 3)));
      docs.updateOne(eq("_id", 1), set("n", 2));
      docs.findOneAndUpdate(eq("_id", 1), set("n", 3));
      docs.deleteOne(eq("_id", 3));

      assertThat(docs.find(eq("_id", 1)).first().getInteger("n")).isEqualTo(3);
      assertThat(docs.find().into(new ArrayList<>())).hasSize(2);
      assertThat(docs.countDocuments()).isEqualTo(2);
    }
  }

  @Test
  void logsTheSettingsInEffectOnOneLineWithoutThePassword() {
    List<String> lines = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(StoreConnection.class.getName());
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
    try (StoreConnection ignored =
        StoreConnection.open(
            Optional.of("mongodb://ensemble:s3cret@127.0.0.1:1/rooms?authSource=admin"),
            dir,
            TIMEOUT)) {
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0))
          .contains("127.0.0.1:1", "database rooms")
          .contains("write concern {\"w\": \"majority\", \"wtimeout\": 2000, \"j\": true}")
          .contains("read concern {\"level\": \"majority\"}")
          .contains("timeout per call 2000 ms", "server selection 2000 ms", "connect 2000 ms")
          .doesNotContain("s3cret");
    } finally {
      logger.removeHandler(handler);
      logger.setUseParentHandlers(true);
    }
  }
}
