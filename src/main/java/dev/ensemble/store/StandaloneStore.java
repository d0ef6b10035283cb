package dev.ensemble.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A MongoDB-wire store as a process of its own, for trying several Ensemble servers on one machine
 * without a MongoDB: {@code mvn exec:java -Dexec.mainClass=dev.ensemble.store.StandaloneStore
 * -Dexec.args="27017 ./store-data"}. It acknowledges a write only once it is committed to its file
 * ({@link DurableH2Backend}), so a crash of the process loses nothing acknowledged; SIGTERM closes
 * the file. With {@code memory} instead of a directory it keeps nothing (for benchmarks).
 * Production uses a real MongoDB replica set.
 */
public final class StandaloneStore {

  /**
   * A writer waits for its commit on its connection's event loop. With a loop for each connection
   * (the servers' pools stay well below this), nobody's reads or writes queue behind another
   * connection's commit, and every writer waiting at once joins the same commit.
   */
  static final int EVENT_LOOPS = 64;

  private StandaloneStore() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
    String where = args.length > 1 ? args[1] : "store-data";
    MongoServer server;
    String description;
    if (where.equals("memory")) {
      server = new MongoServer(new MemoryBackend());
      server.bind("127.0.0.1", port);
      description = "in memory";
    } else {
      Path dataDir = Path.of(where).toAbsolutePath();
      Files.createDirectories(dataDir);
      server = new MongoServer(DurableH2Backend.open(dataDir.resolve(EmbeddedMongo.FILE_NAME)));
      server.bind(new InetSocketAddress("127.0.0.1", port), 1, EVENT_LOOPS);
      description = "data in " + dataDir;
    }
    // closing the backend commits and closes the file
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.out.println("store listening on 127.0.0.1:" + port + ", " + description);
    new CountDownLatch(1).await();
  }
}
