package dev.ensemble.room;

import dev.ensemble.ot.InvalidOperationException;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.ServerMessages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Commits a room's queued submissions in one store write, the way ShareDB's submit request does for
 * one: refuse a version from the future, transform each operation past the ones committed since its
 * version while recognising a resend, apply, append with the next versions, and when another server
 * took a version first, catch up and try again a bounded number of times. Acknowledgements and
 * broadcasts go out only after the store made the operations durable.
 */
final class SubmitBatch {

  /** One submission on its way: its operation, rebased to {@code base}. */
  private static final class Entry {
    final Room.Submission submission;
    TextOperation op;
    long base;

    /** A resend of an earlier entry of this batch: acknowledged with its version. */
    final List<Entry> resends = new ArrayList<>();

    Entry(Room.Submission submission) {
      this.submission = submission;
      this.op = submission.message().op();
      this.base = submission.message().v();
    }

    String key() {
      return submission.message().src() + "\u0000" + submission.message().seq();
    }
  }

  private static final Logger LOG = Logger.getLogger(SubmitBatch.class.getName());

  private final Room room;
  private final List<Entry> entries = new ArrayList<>();

  SubmitBatch(Room room, List<Room.Submission> submissions) {
    this.room = room;
    submissions.forEach(s -> entries.add(new Entry(s)));
  }

  void run() {
    List<Entry> open = entries;
    try {
      catchUpIfAhead(open);
      for (int attempt = 0; attempt < room.context.settings().commitRetries(); attempt++) {
        open = rebase(open);
        if (open.isEmpty()) {
          return;
        }
        open = commit(open);
        if (open.isEmpty()) {
          return;
        }
        room.catchUpFromStore();
      }
      fail(open, ErrorCodes.COMMIT_CONFLICT, "other servers kept taking the next version", true);
    } catch (StoreUnavailableException e) {
      room.markStale();
      fail(open, ErrorCodes.STORE_UNAVAILABLE, "the store is unreachable; resend later", true);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "commit in room " + room.id + " failed", e);
      room.markStale();
      fail(open, ErrorCodes.INTERNAL_ERROR, "the server failed to commit; resend later", true);
    }
  }

  /** A client may have seen versions this server has not applied yet: read them first. */
  private void catchUpIfAhead(List<Entry> open) {
    if (open.stream().anyMatch(e -> e.base > room.head())) {
      room.catchUpFromStore();
    }
  }

  /**
   * Transforms each entry past the operations committed after its base. Entries whose operation is
   * already in the log are acknowledged; those that cannot be rebased get an error.
   *
   * @return the entries still to commit
   */
  private List<Entry> rebase(List<Entry> open) {
    List<Entry> remaining = new ArrayList<>();
    for (Entry e : open) {
      if (e.base > room.head()) {
        reject(
            e,
            ErrorCodes.FUTURE_VERSION,
            "version " + e.base + " is after the head " + room.head());
        continue;
      }
      CommittedOp original = transformPastCommitted(e);
      if (original != null) {
        room.context.metrics().resend();
        acknowledge(e, original.v());
      } else if (e.op != null) {
        remaining.add(e);
      }
    }
    return remaining;
  }

  /**
   * @return the committed op if {@code e} is a resend of it, else null
   */
  private CommittedOp transformPastCommitted(Entry e) {
    String src = e.submission.message().src();
    long seq = e.submission.message().seq();
    for (CommittedOp c : room.committedBetween(e.base, room.head())) {
      if (c.seq() == seq && c.src().equals(src)) {
        return c;
      }
      try {
        e.op = TextOperation.transform(c.op(), e.op).bPrime();
      } catch (InvalidOperationException ex) {
        reject(e, ErrorCodes.BAD_OP, ex.getMessage());
        e.op = null;
        return null;
      }
    }
    e.base = room.head();
    return null;
  }

  /**
   * Applies the entries one after the other to the head document and appends them with the next
   * versions.
   *
   * @return the entries that were not committed because another server took their version
   */
  private List<Entry> commit(List<Entry> open) {
    String doc = room.document();
    long v = room.head();
    long now = System.currentTimeMillis();
    List<CommittedOp> ops = new ArrayList<>();
    List<String> docs = new ArrayList<>();
    List<Entry> committing = new ArrayList<>();
    Map<String, Entry> byKey = new HashMap<>();
    for (Entry e : open) {
      Entry first = byKey.putIfAbsent(e.key(), e);
      if (first != null) {
        first.resends.add(e);
        continue;
      }
      TextOperation op = e.op;
      String next;
      try {
        for (CommittedOp earlier : ops) {
          op = TextOperation.transform(earlier.op(), op).bPrime();
        }
        next = op.apply(doc);
      } catch (InvalidOperationException ex) {
        byKey.remove(e.key());
        reject(e, ErrorCodes.BAD_OP, ex.getMessage());
        continue;
      }
      if (next.length() > room.context.settings().maxDocumentChars()) {
        byKey.remove(e.key());
        reject(
            e,
            ErrorCodes.DOCUMENT_TOO_LARGE,
            "the document would exceed " + room.context.settings().maxDocumentChars() + " units");
        continue;
      }
      ops.add(
          new CommittedOp(
              room.id, ++v, op, e.submission.message().src(), e.submission.message().seq(), now));
      docs.add(next);
      committing.add(e);
      doc = next;
    }
    if (ops.isEmpty()) {
      return List.of();
    }
    int appended = room.context.store().append(ops);
    if (appended > 0) {
      room.context.metrics().committed(appended);
    }
    if (appended < ops.size()) {
      room.context.metrics().versionConflict();
    }
    for (int i = 0; i < appended; i++) {
      Entry e = committing.get(i);
      // the author first: it has every earlier op, and the broadcast to the others takes a while
      acknowledge(e, ops.get(i).v());
      room.advance(ops.get(i), docs.get(i), e.submission.peer());
    }
    List<Entry> retry = new ArrayList<>();
    for (Entry e : committing.subList(appended, committing.size())) {
      retry.add(e);
      retry.addAll(e.resends);
      e.resends.clear();
    }
    return retry;
  }

  private void acknowledge(Entry e, long v) {
    String ack = ServerMessages.ack(v, e.submission.message().seq());
    e.submission.peer().send(ack);
    for (Entry resend : e.resends) {
      room.context.metrics().resend();
      resend.submission.peer().send(ack);
    }
  }

  private void reject(Entry e, String code, String message) {
    long seq = e.submission.message().seq();
    e.submission.peer().send(ServerMessages.error(code, message, false, seq));
  }

  private void fail(List<Entry> open, String code, String message, boolean retryable) {
    for (Entry e : open) {
      String error = ServerMessages.error(code, message, retryable, e.submission.message().seq());
      e.submission.peer().send(error);
      e.resends.forEach(r -> r.submission.peer().send(error));
    }
  }
}
