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
   * next append finds the claim without them and writes them itself.
   */
  void write(List<CommittedOp> ops, Runnable then) {
    waiting.add(new Claim(ops, then));
    startWriting();
  }

  private void startWriting() {
    if (writing.compareAndSet(false, true)) {
      try {
        executor.execute(this::writeWaiting);
      } catch (RejectedExecutionException stopping) {
        // the server stops: the claims are durable, and the next append writes their documents
        writing.set(false);
      }
    }
  }

  private void writeWaiting() {
    try {
      List<Claim> claims;
      while (!(claims = next()).isEmpty()) {
        writeAll(claims);
      }
    } finally {
      writing.set(false);
    }
    // a claim added after the last look, while this was still marked as writing
    if (!waiting.isEmpty()) {
      startWriting();
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
