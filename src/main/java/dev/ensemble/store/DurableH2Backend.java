package dev.ensemble.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.mvstore.MVStore;

/**
 * An H2 file backend that answers a command that may change data only once a commit has written the
 * change to the file, so that an acknowledged write survives a crash of the store's process.
 * Writers waiting at the same time share one commit.
 *
 * <p>A read sees writes whose commit is still to come; a crash then takes back what it returned. A
 * read with read concern {@code majority} (or stronger) therefore waits, as on a replica set, until
 * what it may have seen is in the file: it joins the next commit while a write waits for one, and
 * never waits otherwise. Reads without that read concern never wait.
 *
 * <p>The hook is the OP_MSG path, which the drivers use for every command after the handshake
 * (MongoDB 3.6 and later; this server announces 5.0). The library's legacy OP_QUERY command path is
 * not covered: only pre-3.6 drivers write through it.
 */
final class DurableH2Backend extends H2Backend {

  /**
   * Commands of the library that never change data. Any other command, known or not, is followed by
   * a commit: a command missing here costs a needless commit, never a lost write.
   */
  private static final Set<String> READ_ONLY = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    READ_ONLY.addAll(
        List.of(
            "find",
            "getMore",
            "count",
            "distinct",
            "listCollections",
            "listIndexes",
            "listDatabases",
            "dbStats",
            "collStats",
            "validate",
            "killCursors",
            "endSessions",
            "ping",
            "hello",
            "isMaster",
            "buildInfo",
            "serverStatus",
            "whatsmyuri",
            "getLastError",
            "resetError",
            "connectionStatus",
            "hostInfo",
            "getCmdLineOpts",
            "getLog",
            "getFreeMonitoringStatus",
            "replSetGetStatus"));
  }

  /** Read concern levels that promise data a crash cannot take back. */
  private static final Set<String> COMMITTED_LEVELS =
      Set.of("majority", "linearizable", "snapshot");

  private final GroupCommit commits;

  /** Writes that may have changed data which is not yet in the file. */
  private final AtomicInteger uncommittedWrites = new AtomicInteger();

  private DurableH2Backend(MVStore store) {
    super(store);
    this.commits = new GroupCommit(this::commit);
  }

  /** Opens (or creates) the store file; nothing is committed but by the writes' own commits. */
  static DurableH2Backend open(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    store.setRetentionTime(EmbeddedMongo.RETENTION_MILLIS);
    return new DurableH2Backend(store);
  }

  @Override
  public Document handleMessage(MongoMessage message) {
    Document command = message.getDocument();
    if (mayWrite(command)) {
      return write(message);
    }
    Document reply = super.handleMessage(message);
    if (readsCommittedOnly(command) && uncommittedWrites.get() > 0) {
      commits.await();
    }
    return reply;
  }

  private Document write(MongoMessage message) {
    uncommittedWrites.incrementAndGet();
    try {
      return super.handleMessage(message);
    } finally {
      // also after a failure: an ordered insert of many may have written some before it failed
      try {
        commits.await();
      } finally {
        uncommittedWrites.decrementAndGet();
      }
    }
  }

  /** True unless the command is one that only reads. */
  private static boolean mayWrite(Document command) {
    if (command.isEmpty()) {
      return false;
    }
    String name = command.keySet().iterator().next();
    if (name.equalsIgnoreCase("aggregate")) {
      return command.get("pipeline") instanceof List<?> stages
          && stages.stream()
              .anyMatch(
                  s ->
                      s instanceof Document stage
                          && (stage.containsKey("$out") || stage.containsKey("$merge")));
    }
    return !READ_ONLY.contains(name);
  }

  private static boolean readsCommittedOnly(Document command) {
    return command.get("readConcern") instanceof Document concern
        && COMMITTED_LEVELS.contains(String.valueOf(concern.get("level")));
  }
}
