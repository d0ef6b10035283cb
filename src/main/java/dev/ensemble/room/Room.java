package dev.ensemble.room;

import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.HistoryGapException;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.BusMessage;
import dev.ensemble.wire.ClientMessage;
import dev.ensemble.wire.ErrorCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One room on this server: its local sessions, its log and everyone's presence. All of it is
 * touched only by tasks of the room's mailbox, one at a time, which serialises submissions and
 * keeps every session's stream in version order.
 */
final class Room {

  private static final Logger LOG = Logger.getLogger(Room.class.getName());

  /** Refusals that say more about the server that refused than about the edit. */
  private static final Set<String> SERVER_TROUBLE =
      Set.of(ErrorCodes.SERVER_STOPPING, ErrorCodes.STORE_DIVERGED, ErrorCodes.ROOM_BROKEN);

  /** Subscribing first, loading second: no operation committed in between is missed. */
  private enum State {
    SUBSCRIBING,
    OPEN,
    CLOSED
  }

  final String id;
  private final RoomContext context;
  private final SerialExecutor mailbox;
  private final Queue<Submission> submissions = new ConcurrentLinkedQueue<>();
  private final RoomSessions sessions = new RoomSessions();
  private final RoomLog log;
  private final RoomPresence presence;
  private final Announcer announcer;
  private final CommitForwarding forwarding;

  // mailbox state
  private State state = State.SUBSCRIBING;
  private boolean loaded;
  private final List<Peer> waiting = new ArrayList<>();
  private RoomTrouble announcedTrouble;
  private ScheduledFuture<?> idleTimer;
  private long lastForwardedHere = System.nanoTime() - Long.MAX_VALUE / 2;
  private boolean writingClaimed;
  private volatile RoomView view;

  Room(String id, RoomContext context) {
    this.id = id;
    this.context = context;
    this.mailbox = new SerialExecutor(context.executor());
    this.log = new RoomLog(id, context.store(), context.settings(), context.metrics());
    this.presence = new RoomPresence(id, context, sessions, log);
    this.forwarding = new CommitForwarding(id, context, mailbox, this::commitHere);
    this.announcer = new Announcer(id, context, sessions, presence, log, forwarding);
    this.view = new RoomView(id, null, 0, "", 0, false, null);
  }

  // ---- entry points, callable from any thread ----

  /** Subscribes to the room's channel, and loads the room once the subscription is confirmed. */
  void open() {
    context.bus().subscribe(id).whenComplete((ok, failure) -> mailbox.execute(this::subscribed));
  }

  void join(Peer peer) {
    mailbox.execute(() -> onJoin(peer));
  }

  void leave(Peer peer) {
    mailbox.execute(() -> onLeave(peer));
  }

  void submit(Peer peer, ClientMessage.Submit message) {
    enqueue(Submission.edit(peer, message));
  }

  void changeLanguage(Peer peer, ClientMessage.LanguageChange message) {
    enqueue(Submission.languageChange(peer, message.language()));
  }

  private void enqueue(Submission submission) {
    submissions.add(submission);
    mailbox.execute(this::commitQueued);
  }

  void catchup(Peer peer, ClientMessage.Catchup message) {
    mailbox.execute(() -> onCatchup(peer, message.v()));
  }

  void presence(Peer peer, ClientMessage.PresenceUpdate message) {
    mailbox.execute(
        () -> {
          if (isServing() && sessions.contains(peer)) {
            presence.update(peer, message);
          }
        });
  }

  void fromBus(BusMessage message) {
    if (message instanceof BusMessage.Forwarded f) {
      RemoteAuthor author = new RemoteAuthor(id, context, f.origin(), f.src());
      enqueue(Submission.forwarded(author, f));
      return;
    }
    mailbox.execute(
        () -> {
          if (!isServing()) {
            return;
          }
          if (message instanceof BusMessage.Committed c) {
            if (!c.origin().isEmpty()) {
              forwarding.committedBy(c.origin());
            }
            announce(
                log.receive(
                    new CommittedOp(
                        id, c.v(), c.op(), c.src(), c.seq(), c.timestamp(), c.language())));
          } else if (message instanceof BusMessage.ForwardAcked a) {
            onForwardAcked(a);
          } else if (message instanceof BusMessage.ForwardRefused r) {
            onForwardRefused(r);
          } else {
            presence.fromBus(message);
          }
        });
  }

  /** Reads operations other servers committed, for when the bus may have lost some. */
  void poll() {
    mailbox.execute(
        () -> {
          if (isServing()) {
            announce(log.catchUpIfReachable());
          }
        });
  }

  /** After a store outage: the store must still hold what this room acknowledged. */
  void verify() {
    mailbox.execute(
        () -> {
          if (!isServing()) {
            return;
          }
          try {
            announce(log.verify());
          } catch (StoreUnavailableException | HistoryGapException e) {
            LOG.log(Level.FINE, "room " + id + " not verified yet", e);
          }
        });
  }

  void refreshPresence(long maxAgeMillis) {
    mailbox.execute(
        () -> {
          if (isServing()) {
            presence.refresh(maxAgeMillis);
          }
        });
  }

  /** Finishes what is queued, saves the snapshot and closes every session with 1012. */
  void shutdown(CountDownLatch done) {
    mailbox.execute(
        () -> {
          try {
            cancelIdleTimer();
            forwarding.stop();
            refuseQueued(ErrorCodes.SERVER_STOPPING, "the server is stopping");
            if (loaded) {
              announcer.saveSnapshotNow();
            }
            sessions.closeAll(Disconnect.SERVER_STOPPING);
            waiting.forEach(p -> p.close(Disconnect.SERVER_STOPPING));
            waiting.clear();
            state = State.CLOSED;
            publishView();
          } finally {
            done.countDown();
          }
        });
  }

  // ---- mailbox tasks ----

  private void subscribed() {
    if (state != State.SUBSCRIBING) {
      return;
    }
    state = State.OPEN;
    load();
    List<Peer> joined = List.copyOf(waiting);
    waiting.clear();
    joined.forEach(this::onJoin);
    commitQueued();
  }

  private void load() {
    try {
      log.load();
      loaded = true;
    } catch (StoreUnavailableException e) {
      LOG.log(Level.WARNING, "cannot load room " + id + ": " + e.getMessage());
      loaded = false;
    }
    publishView();
  }

  private boolean isServing() {
    return state == State.OPEN && loaded;
  }

  private void onJoin(Peer peer) {
    if (state == State.CLOSED) {
      context.rooms().join(id, peer);
      return;
    }
    if (state == State.SUBSCRIBING) {
      waiting.add(peer);
      return;
    }
    if (!loaded) {
      load();
    }
    if (!loaded) {
      peer.send(
          ServerMessage.Error.of(ErrorCodes.STORE_UNAVAILABLE, "the store is unreachable", true));
      peer.close(Disconnect.STORE_UNAVAILABLE);
      scheduleIdleCheck();
      return;
    }
    cancelIdleTimer();
    sessions.add(peer);
    peer.send(announcer.snapshotFor(peer));
    log.trouble().ifPresent(t -> peer.send(troubleMessage(t)));
    publishView();
  }

  private void onLeave(Peer peer) {
    waiting.remove(peer);
    if (!sessions.remove(peer)) {
      return;
    }
    presence.left(peer);
    if (sessions.isEmpty()) {
      scheduleIdleCheck();
    }
    publishView();
  }

  private void commitQueued() {
    if (submissions.isEmpty() || state == State.SUBSCRIBING || writingClaimed) {
      return;
    }
    if (state == State.CLOSED) {
      refuseQueued(ErrorCodes.SERVER_STOPPING, "the room is closing");
      return;
    }
    if (!loaded) {
      load();
    }
    if (!loaded) {
      refuseQueued(ErrorCodes.STORE_UNAVAILABLE, "the store is unreachable");
      return;
    }
    List<Submission> batch = new ArrayList<>();
    Submission next;
    while (batch.size() < context.settings().batchLimit() && (next = submissions.poll()) != null) {
      // a client that left resends on its new connection, or carried its edit over under a new
      // seq: committing what its old connection left behind could apply the edit twice
      if (next.isForwarded()) {
        lastForwardedHere = System.nanoTime();
        batch.add(next);
      } else if (sessions.contains(next.peer())) {
        batch.add(next);
      }
    }
    batch = forwardIfCommittedElsewhere(batch);
    if (!batch.isEmpty()) {
      List<LogEvent> events = log.submit(batch);
      if (events.stream().anyMatch(e -> e instanceof LogEvent.Committed)) {
        forwarding.committedBy(context.settings().serverId());
      }
      announce(events);
      writeClaimedDocuments();
    }
    if (!submissions.isEmpty()) {
      mailbox.execute(this::commitQueued);
    }
  }

  /**
   * Acknowledged once claimed, the operations get their documents after the announcement, together
   * with other rooms' that come at the same time; the room appends again once they are written,
   * since its next claim goes on the last of them.
   */
  private void writeClaimedDocuments() {
    List<CommittedOp> claimed = log.takeUnwritten();
    if (claimed.isEmpty()) {
      return;
    }
    writingClaimed = true;
    context
        .claimedDocuments()
        .write(
            claimed,
            () ->
                mailbox.execute(
                    () -> {
                      writingClaimed = false;
                      commitQueued();
                    }));
  }

  /**
   * Sends this server's edits to the server committing for the room, if another one is; edits other
   * servers forwarded here, and language changes, are committed here.
   */
  private List<Submission> forwardIfCommittedElsewhere(List<Submission> batch) {
    Optional<String> committer = forwarding.committerElsewhere();
    if (committer.isEmpty()) {
      return batch;
    }
    List<Submission> here = new ArrayList<>();
    for (Submission s : batch) {
      if (s.isEdit() && !s.isForwarded()) {
        forwarding.forward(s, committer.get());
      } else {
        here.add(s);
      }
    }
    return here;
  }

  /**
   * A forwarded edit the committing server found in the log already: acknowledged once this server
   * has the versions up to it, so that its author never hears of a version before the ones below.
   */
  private void onForwardAcked(BusMessage.ForwardAcked a) {
    if (log.version() < a.v()) {
      announce(log.catchUpIfReachable());
    }
    if (log.version() >= a.v()) {
      forwarding.settle(a.src(), a.seq()).ifPresent(s -> announcer.acknowledge(s, a.v()));
    }
  }

  /**
   * A forwarded edit the committing server refused. When the refusal is about that server rather
   * than the edit (it is stopping, or its copy of the room is in trouble), the edit is committed
   * here and that server no longer counts as committing; otherwise its author hears why.
   */
  private void onForwardRefused(BusMessage.ForwardRefused r) {
    forwarding
        .settle(r.src(), r.seq())
        .ifPresent(
            s -> {
              if (SERVER_TROUBLE.contains(r.code())) {
                forwarding.notCommitting(r.origin());
                commitHere(List.of(s));
              } else {
                s.peer().send(s.refusal(r.code(), r.message(), r.retryable()));
              }
            });
  }

  /** Commits here the forwarded edits the committing server did not answer in time. */
  private void commitHere(List<Submission> overdue) {
    submissions.addAll(overdue);
    commitQueued();
  }

  private void refuseQueued(String code, String message) {
    Submission s;
    while ((s = submissions.poll()) != null) {
      s.peer().send(s.refusal(code, message, true));
    }
  }

  /**
   * Sends the operations after version {@code v}, up to the head: those the client missed while it
   * was away, or one it found missing on this connection. Some may reach it twice; clients keep
   * each version once.
   */
  private void onCatchup(Peer peer, long v) {
    if (!sessions.contains(peer) || !isServing()) {
      return;
    }
    if (v > log.version()) {
      // the client saw versions this server has not applied yet
      announce(log.catchUpIfReachable());
      if (v > log.version()) {
        peer.send(
            ServerMessage.Error.of(
                ErrorCodes.FUTURE_VERSION,
                "version " + v + " is after the head " + log.version(),
                false));
      }
      return;
    }
    try {
      Optional<List<CommittedOp>> missed = log.missedBy(v, log.version());
      if (missed.isEmpty()) {
        resendDocument(peer);
        return;
      }
      for (CommittedOp op : missed.get()) {
        peer.send(new ServerMessage.Op(op.v(), op.op(), op.src(), op.seq(), op.language()));
      }
    } catch (StoreUnavailableException e) {
      peer.send(ServerMessage.Error.of(ErrorCodes.STORE_UNAVAILABLE, e.getMessage(), true));
    } catch (HistoryGapException e) {
      resendDocument(peer);
    }
  }

  /** The client is too far behind to be sent the operations it lacks: it gets the document. */
  private void resendDocument(Peer peer) {
    peer.send(announcer.snapshotFor(peer));
  }

  private void announce(List<LogEvent> events) {
    announcer.announce(events);
    RoomTrouble trouble = log.trouble().orElse(null);
    if (trouble != announcedTrouble) {
      announcedTrouble = trouble;
      if (trouble != null) {
        sessions.broadcast(troubleMessage(trouble));
      }
    }
    publishView();
  }

  private static ServerMessage.Error troubleMessage(RoomTrouble trouble) {
    return ServerMessage.Error.of(trouble.code(), trouble.getMessage(), false);
  }

  // ---- unloading ----

  private void scheduleIdleCheck() {
    cancelIdleTimer();
    idleTimer =
        context
            .scheduler()
            .schedule(
                () -> mailbox.execute(this::unloadIfIdle),
                context.settings().idleGrace().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  private void cancelIdleTimer() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  /**
   * Drops a room nobody uses, unless the store lost operations it acknowledged: those stay in
   * memory, so that they can still be written back.
   */
  private void unloadIfIdle() {
    if (System.nanoTime() - lastForwardedHere < context.settings().idleGrace().toNanos()) {
      // other servers' clients still edit through this server
      scheduleIdleCheck();
      return;
    }
    boolean diverged =
        log.trouble().map(t -> t.code().equals(ErrorCodes.STORE_DIVERGED)).orElse(false);
    if (state == State.CLOSED
        || !sessions.isEmpty()
        || !waiting.isEmpty()
        || !submissions.isEmpty()
        || diverged) {
      return;
    }
    if (loaded) {
      announcer.saveSnapshotNow();
    }
    forwarding.stop();
    state = State.CLOSED;
    publishView();
    context.rooms().remove(this);
  }

  /** The room as it was after its last change, readable from any thread. */
  RoomView view() {
    return view;
  }

  private void publishView() {
    if (!loaded) {
      view = new RoomView(id, null, 0, "", sessions.size(), false, null);
      return;
    }
    view =
        new RoomView(
            id,
            log.language(),
            log.version(),
            log.document(),
            sessions.size(),
            state == State.OPEN,
            log.trouble().map(RoomTrouble::code).orElse(null));
  }
}
