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
 * tries again. Instead, one of the servers seen committing for the room lately ({@link
 * CommitterChoice}) commits for all, and the others forward their clients' edits to it through the
 * bus. An edit it does not answer in time is taken back and committed here; the store's claims
 * still decide every version, so forwarding only spares races and never decides an order.
 *
 * <p>In time means within a timeout of the edit being sent or of the committing server's last
 * commit for the room, whichever is later: a server that keeps committing is busy, not gone, and
 * taking its edits back would only make them race with the ones it is committing, which loads it
 * further. A bound of a few timeouts still takes back an edit whose message the bus lost.
 *
 * <p>Only the room's mailbox calls it, and its timer hands overdue edits back through the mailbox.
 */
final class CommitForwarding {

  private static final Logger LOG = Logger.getLogger(CommitForwarding.class.getName());

  /**
   * How much longer than the answer timeout a server counts as committing after its last commit.
   */
  private static final int LEASE_TIMEOUTS = 10;

  /** How many timeouts a forwarded edit waits at most, however busy its committing server. */
  private static final int MAX_WAIT_TIMEOUTS = 5;

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

  private record Pending(Submission submission, String to, long sentAt) {}

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
    return CommitterChoice.among(room, lastCommitBy.keySet()).filter(s -> !s.equals(self));
  }

  /** Sends a client's edit to the committing server and waits for its answer. */
  void forward(Submission edit, String to) {
    context
        .bus()
        .publish(
            room, BusMessages.forwarded(edit.base(), edit.op(), edit.src(), edit.seq(), self, to));
    pending.put(key(edit.src(), edit.seq()), new Pending(edit, to, System.nanoTime()));
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
    long now = System.nanoTime();
    long delay = Long.MAX_VALUE;
    for (Pending p : pending.values()) {
      delay = Math.min(delay, Math.max(0, deadline(p) - now));
    }
    timer =
        context
            .scheduler()
            .schedule(() -> mailbox.execute(this::takeBackOverdue), delay, TimeUnit.NANOSECONDS);
  }

  /**
   * A timeout after the edit was sent or after its committing server last committed for the room,
   * whichever is later, but no more than {@link #MAX_WAIT_TIMEOUTS} after it was sent.
   */
  private long deadline(Pending p) {
    Long lastCommit = lastCommitBy.get(p.to());
    long heard = lastCommit != null && lastCommit - p.sentAt() > 0 ? lastCommit : p.sentAt();
    long latest = p.sentAt() + MAX_WAIT_TIMEOUTS * timeoutNanos;
    long deadline = heard + timeoutNanos;
    return deadline - latest > 0 ? latest : deadline;
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
    List<Pending> overdue = new ArrayList<>();
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (deadline(p) - now <= 0) {
        it.remove();
        overdue.add(p);
      }
    }
    overdue.forEach(p -> lastCommitBy.remove(p.to()));
    if (!overdue.isEmpty()) {
      LOG.fine(() -> "room " + room + ": " + overdue.size() + " forwarded edits taken back");
      context.metrics().editsTakenBack(overdue.size());
      commitHere.accept(overdue.stream().map(Pending::submission).toList());
    }
    scheduleCheck();
  }

  private static String key(String src, long seq) {
    return src + "\u0000" + seq;
  }
}
