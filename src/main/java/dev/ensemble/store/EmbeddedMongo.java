package dev.ensemble.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.h2.mvstore.MVStore;

/**
 * The embedded default store: a MongoDB-wire server in this process, keeping its data in an H2 file
 * under the data directory. The application reaches it through the same driver code as a real
 * MongoDB. H2 keeps recent writes in memory until it commits, so {@link #flush()} commits, shared
 * among concurrent callers.
 */
public final class EmbeddedMongo implements Durability, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedMongo.class.getName());
  static final String FILE_NAME = "ensemble.mv.db";
  static final int RETENTION_MILLIS = 200;

  private final H2Backend backend;
  private final MongoServer server;
  private final InetSocketAddress address;
  private final GroupCommit commits;
  private final Path file;

  private EmbeddedMongo(
      Path file, H2Backend backend, MongoServer server, InetSocketAddress address) {
    this.file = file;
    this.backend = backend;
    this.server = server;
    this.address = address;
    this.commits = new GroupCommit(backend::commit);
  }

  /** Opens the store in {@code dataDir} and listens on a free loopback port. */
  public static EmbeddedMongo start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
    Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
    MVStore mvStore = new MVStore.Builder().fileName(file.toString()).open();
    // Freed chunks become reusable after 200 ms instead of H2's 45 s, which let the file grow by a
    // gigabyte in 20,000 small commits. Commits reach the OS at once, so a crash of this process
    // cannot lose them; the retention only guards against the OS losing its write buffers.
    mvStore.setRetentionTime(RETENTION_MILLIS);
    H2Backend backend = new H2Backend(mvStore);
    MongoServer server = new MongoServer(backend);
    InetSocketAddress address = server.bind();
    LOG.info(() -> "embedded store in " + file + " listening on " + address);
    return new EmbeddedMongo(file, backend, server, address);
  }

  public String connectionString() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  public Path file() {
    return file;
  }

  @Override
  public void flush() {
    commits.await();
  }

  @Override
  public void close() {
    // also closes the backend, which commits what is left
    server.shutdownNow();
    LOG.info(() -> "embedded store in " + file + " closed");
  }
}
