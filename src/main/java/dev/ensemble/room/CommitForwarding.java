package dev.ensemble.room;

import dev.ensemble.wire.BusMessages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Which server commits for a room, and the edits this server sent it. Servers spread over one room
 * would otherwise race for every version: each loses a claim to another, reads what it missed and
 * tries again. Instead, the server seen committing for the room lately — the first by id, should
 * several be — commits for all, and the others forward their clients' edits to it through the bus.
 * An edit it does not answer in time is taken back and committed here; the store's claims still
 * decide every version, so forwarding only spares races and never decides an order.
 *
 * <p>Only the room's mailbox calls it, and its timer hands overdue edits back through the mailbox.
 */
final class CommitForwarding {

  private static final Logger LOG = Logger.getLogger(CommitForwarding.class.getName());

  /**
   * How much longer than the answer timeout a server counts as committing after its last commit.
   */
  private static final int LEASE_TIMEOUTS = 10;

  private final String room;
  private final RoomContext context;
  private final Executor mailbox;
  private final Consumer<List<Submission>> commitHere;
  private final String self;
  private final long timeoutNanos;
  private final Map<String, Long> lastCommitBy = new HashMap<>();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
  private ScheduledFuture<?> timer;
  private boolean stopped;

  private record Pending(Submission submission, String to, long deadline) {}

  /**
   * @param mailbox the room's mailbox, where overdue edits are handed back
   * @param commitHere what takes the overdue edits, on the mailbox
   */
  CommitForwarding(
      String room, RoomContext context, Executor mailbox, Consumer<List<Submission>> commitHere) {
    this.room = room;
    this.context = context;
    this.mailbox = mailbox;
    this.commitHere = commitHere;
    this.self = context.settings().serverId();
    this.timeoutNanos = context.settings().forwardTimeout().toNanos();
  }

  /** A server, this one or another, committed an operation of the room. */
  void committedBy(String server) {
    lastCommitBy.put(server, System.nanoTime());
  }

  /** A server refused to commit for the room: it no longer counts until seen committing again. */
  void notCommitting(String server) {
    lastCommitBy.remove(server);
  }

  /** The server to forward edits to, unless this server should commit them itself. */
  Optional<String> committerElsewhere() {
    if (timeoutNanos == 0 || stopped || !context.bus().isConnected()) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    lastCommitBy.values().removeIf(at -> now - at > LEASE_TIMEOUTS * timeoutNanos);
    return lastCommitBy.keySet().stream().min(String::compareTo).filter(s -> !s.equals(self));
  }

  /** Sends a client's edit to the committing server and waits for its answer. */
  void forward(Submission edit, String to) {
    context
        .bus()
        .publish(
            room, BusMessages.forwarded(edit.base(), edit.op(), edit.src(), edit.seq(), self, to));
    pending.put(
        key(edit.src(), edit.seq()), new Pending(edit, to, System.nanoTime() + timeoutNanos));
    context.metrics().editForwarded();
    scheduleCheck();
  }

  /** The forwarded edit of {@code src} numbered {@code seq}, now answered, if it was waiting. */
  Optional<Submission> settle(String src, long seq) {
    return Optional.ofNullable(pending.remove(key(src, seq))).map(Pending::submission);
  }

  /** Forwards nothing more and gives nothing back: the room is closing. */
  void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void scheduleCheck() {
    if (timer != null || stopped || pending.isEmpty()) {
      return;
    }
    long delay = Math.max(0, pending.values().iterator().next().deadline() - System.nanoTime());
    timer =
        context
            .scheduler()
            .schedule(() -> mailbox.execute(this::takeBackOverdue), delay, TimeUnit.NANOSECONDS);
  }

  /**
   * Hands back the forwarded edits whose answer is overdue: the server they went to no longer
   * counts as committing for the room until it is seen committing again.
   */
  private void takeBackOverdue() {
    timer = null;
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    List<Submission> overdue = new ArrayList<>();
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.deadline() - now > 0) {
        break;
      }
      it.remove();
      lastCommitBy.remove(p.to());
      overdue.add(p.submission());
    }
    if (!overdue.isEmpty()) {
      LOG.fine(() -> "room " + room + ": " + overdue.size() + " forwarded edits taken back");
      context.metrics().editsTakenBack(overdue.size());
      commitHere.accept(overdue);
    }
    scheduleCheck();
  }

  private static String key(String src, long seq) {
    return src + "\u0000" + seq;
  }
}
