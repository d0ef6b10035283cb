package dev.ensemble.room;

import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.BusMessages;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells everyone what a room's log did, in the order it happened. For an operation committed here:
 * acknowledge the author, publish to the other servers, send to the local sessions, then keep the
 * milestone; after all events, save the snapshot when one is due. The author hears first because it
 * has every earlier operation already, and other servers before local sessions because queueing an
 * operation for hundreds of sessions takes milliseconds.
 */
final class Announcer {

  private static final Logger LOG = Logger.getLogger(Announcer.class.getName());

  private final String room;
  private final RoomContext context;
  private final RoomSessions sessions;
  private final RoomPresence presence;
  private final RoomLog log;
  private final CommitForwarding forwarding;

  Announcer(
      String room,
      RoomContext context,
      RoomSessions sessions,
      RoomPresence presence,
      RoomLog log,
      CommitForwarding forwarding) {
    this.room = room;
    this.context = context;
    this.sessions = sessions;
    this.presence = presence;
    this.log = log;
    this.forwarding = forwarding;
  }

  void announce(List<LogEvent> events) {
    for (LogEvent event : events) {
      if (event instanceof LogEvent.Committed c) {
        committed(c);
      } else if (event instanceof LogEvent.Applied a) {
        applied(a);
      } else if (event instanceof LogEvent.Resent r) {
        acknowledge(r.submission(), r.v());
      } else if (event instanceof LogEvent.Refused r) {
        r.submission().peer().send(r.submission().refusal(r.code(), r.message(), r.retryable()));
      } else if (event instanceof LogEvent.Reloaded) {
        resendDocument();
      }
    }
    if (!events.isEmpty()) {
      log.snapshotDue().ifPresent(this::saveSnapshot);
    }
  }

  private void committed(LogEvent.Committed c) {
    CommittedOp op = c.op();
    Submission author = c.author();
    Peer acknowledged = null;
    // the author of a forwarded edit hears of it from the operation published below
    if (author.isEdit() && !author.isForwarded()) {
      acknowledge(author, op.v());
      acknowledged = author.peer();
    }
    context
        .bus()
        .publish(
            room,
            BusMessages.committed(
                op.v(),
                op.op(),
                op.src(),
                op.seq(),
                op.timestamp(),
                op.language(),
                context.settings().serverId()));
    presence.moveThrough(op);
    sessions.broadcast(message(op), acknowledged);
    keepMilestone(op, c.document(), c.language());
  }

  /**
   * Another server committed {@code a.op()}: its author is acknowledged instead of sent it when the
   * edit was forwarded from here.
   */
  private void applied(LogEvent.Applied a) {
    CommittedOp op = a.op();
    Peer acknowledged = null;
    Optional<Submission> forwarded = forwarding.settle(op.src(), op.seq());
    if (forwarded.isPresent()) {
      acknowledge(forwarded.get(), op.v());
      acknowledged = forwarded.get().peer();
    }
    presence.moveThrough(op);
    sessions.broadcast(message(op), acknowledged);
  }

  void acknowledge(Submission s, long v) {
    s.peer().send(new ServerMessage.Ack(v, s.seq()));
    if (!s.isForwarded()) {
      context.metrics().acknowledged(s.receivedNanos());
    }
  }

  private static ServerMessage.Op message(CommittedOp op) {
    return new ServerMessage.Op(op.v(), op.op(), op.src(), op.seq(), op.language());
  }

  /** Every session gets the document again, after the log started over from the store. */
  private void resendDocument() {
    for (Peer peer : sessions.peers()) {
      peer.send(snapshotFor(peer));
    }
  }

  ServerMessage.Snapshot snapshotFor(Peer peer) {
    RoomSettings settings = context.settings();
    return new ServerMessage.Snapshot(
        log.version(),
        log.document(),
        log.language(),
        peer.clientId(),
        peer.src(),
        log.lastSeq(peer.src()),
        presence.all(),
        new ServerMessage.Limits(
            settings.maxFrameBytes(),
            settings.maxDocumentChars(),
            settings.heartbeat().toMillis()));
  }

  private void keepMilestone(CommittedOp op, String document, String language) {
    if (op.v() % context.settings().milestoneInterval() != 0) {
      return;
    }
    // a milestone sums up the interval's operations: handed over while they are in memory, and
    // digested off the room's thread
    List<CommittedOp> since =
        log.recentBetween(op.v() - context.settings().milestoneInterval(), op.v());
    context
        .executor()
        .execute(
            () -> {
              try {
                context.store().saveMilestone(room, op.v(), document, language, since);
              } catch (StoreUnavailableException e) {
                LOG.log(
                    Level.WARNING, "milestone " + op.v() + " of room " + room + " not saved", e);
              }
            });
  }

  /** Saves the newest document this server may save, if there is one. */
  void saveSnapshotNow() {
    log.unsavedSnapshot().ifPresent(this::saveSnapshot);
  }

  private void saveSnapshot(DocumentSnapshot snapshot) {
    try {
      context.store().saveSnapshot(snapshot);
      log.snapshotSaved(snapshot.v());
    } catch (StoreUnavailableException e) {
      LOG.log(Level.WARNING, "snapshot of room " + room + " not saved", e);
    }
  }
}
