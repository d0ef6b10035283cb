package dev.ensemble.room;

import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.OperationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the documents of the operations this server's rooms claimed, the claims of every room that
 * asked meanwhile in one store call. Their claims committed them already: only the room's next
 * append needs them (it claims on the last one), so the room does not hold a thread while they are
 * written, and many rooms cost one write rather than one each.
 */
final class ClaimedDocuments {

  private static final Logger LOG = Logger.getLogger(ClaimedDocuments.class.getName());

  /** Claims per store call, so that one call stays well below the store's message size. */
  static final int MAX_CLAIMS_PER_WRITE = 256;

  private record Claim(List<CommittedOp> ops, Runnable then) {}

  private final OperationStore store;
  private final Executor executor;
  private final Queue<Claim> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  ClaimedDocuments(OperationStore store, Executor executor) {
    this.store = store;
    this.executor = executor;
  }

  /**
   * Writes the documents of {@code ops}, then runs {@code then}, also when the write failed: the
   * next append finds the claim without them and writes them itself. Unless another write is under
   * way, the caller writes them (and whatever else waits) itself, sparing a lone room two
   * hand-overs between threads; claims that come meanwhile are written together on another thread.
   */
  void write(List<CommittedOp> ops, Runnable then) {
    waiting.add(new Claim(ops, then));
    if (writing.compareAndSet(false, true)) {
      writeWaiting(1);
    }
  }

  private void writeElsewhere() {
    if (writing.compareAndSet(false, true)) {
      try {
        executor.execute(() -> writeWaiting(Integer.MAX_VALUE));
      } catch (RejectedExecutionException stopping) {
        // the server stops: the claims are durable, and the next append writes their documents
        writing.set(false);
      }
    }
  }

  private void writeWaiting(int rounds) {
    try {
      List<Claim> claims;
      for (int i = 0; i < rounds && !(claims = next()).isEmpty(); i++) {
        writeAll(claims);
      }
    } finally {
      writing.set(false);
    }
    // claims added after the last round, or after the last look
    if (!waiting.isEmpty()) {
      writeElsewhere();
    }
  }

  private List<Claim> next() {
    List<Claim> claims = new ArrayList<>();
    Claim c;
    while (claims.size() < MAX_CLAIMS_PER_WRITE && (c = waiting.poll()) != null) {
      claims.add(c);
    }
    return claims;
  }

  private void writeAll(List<Claim> claims) {
    try {
      store.writeClaimedTogether(claims.stream().map(Claim::ops).toList());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "documents of claimed operations left to the next appends", e);
    }
    claims.forEach(c -> c.then().run());
  }
}
