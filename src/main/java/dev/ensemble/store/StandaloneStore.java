package dev.ensemble.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.h2.mvstore.MVStore;

/**
 * A MongoDB-wire store as a process of its own, for trying several Ensemble servers on one machine
 * without a MongoDB: {@code mvn exec:java -Dexec.mainClass=dev.ensemble.store.StandaloneStore
 * -Dexec.args="27017 ./store-data"}. It commits to its file every {@value #COMMIT_MILLIS} ms and on
 * SIGTERM; with {@code memory} instead of a directory it keeps nothing (for benchmarks). Production
 * uses a real MongoDB replica set.
 */
public final class StandaloneStore {

  static final int COMMIT_MILLIS = 50;

  private StandaloneStore() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
    String where = args.length > 1 ? args[1] : "store-data";
    if (where.equals("memory")) {
      MongoServer server = new MongoServer(new MemoryBackend());
      server.bind("127.0.0.1", port);
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
      System.out.println("store listening on 127.0.0.1:" + port + ", in memory");
      new CountDownLatch(1).await();
    }
    Path dataDir = Path.of(where);
    Files.createDirectories(dataDir);
    MVStore file =
        new MVStore.Builder()
            .fileName(dataDir.resolve(EmbeddedMongo.FILE_NAME).toString())
            .autoCommitDisabled()
            .open();
    file.setRetentionTime(EmbeddedMongo.RETENTION_MILLIS);
    H2Backend backend = new H2Backend(file);
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", port);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread committer =
        new Thread(
            () -> {
              while (stopped.getCount() > 0) {
                backend.commit();
                try {
                  stopped.await(COMMIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "store-commit");
    committer.setDaemon(true);
    committer.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopped.countDown();
                  server.shutdownNow();
                }));
    System.out.println(
        "store listening on 127.0.0.1:" + port + ", data in " + dataDir.toAbsolutePath());
    stopped.await();
  }
}
