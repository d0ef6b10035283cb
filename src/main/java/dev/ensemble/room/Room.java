package dev.ensemble.room;

import dev.ensemble.ot.InvalidOperationException;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.BusMessage;
import dev.ensemble.wire.ClientMessage;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Names;
import dev.ensemble.wire.Presence;
import dev.ensemble.wire.ServerMessages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One room on this server: its document at the head version, the recent operations, the local
 * sessions and everyone's presence. All of it is touched only by tasks of the room's mailbox, one
 * at a time, which serialises submissions and keeps every session's stream in version order.
 */
final class Room {

  private static final Logger LOG = Logger.getLogger(Room.class.getName());
  static final int CLOSE_SERVICE_RESTART = 1012;
  static final int CLOSE_TRY_AGAIN_LATER = 1013;

  final String id;
  final RoomContext context;
  private final SerialExecutor mailbox;
  private final Queue<Submission> submissions = new ConcurrentLinkedQueue<>();

  // mailbox state
  private boolean loaded;
  private boolean closed;
  private boolean stale;
  private String language;
  private String doc;
  private long head;
  private long snapshotVersion;
  private final OpWindow window;
  private final Map<Peer, Long> peers = new LinkedHashMap<>();
  private final PresenceBook presence = new PresenceBook();
  private ScheduledFuture<?> idleTimer;
  private volatile RoomView view;

  /** A client's operation waiting for its turn. */
  record Submission(Peer peer, ClientMessage.Submit message) {}

  Room(String id, RoomContext context) {
    this.id = id;
    this.context = context;
    this.mailbox = new SerialExecutor(context.executor());
    this.window = new OpWindow(context.settings().windowSize());
    publishView();
  }

  // ---- entry points, callable from any thread ----

  /** Subscribes to the room's channel, then loads it, so that no operation falls in between. */
  void open() {
    mailbox.execute(this::load);
    context.bus().subscribe(id);
  }

  void join(Peer peer) {
    mailbox.execute(() -> onJoin(peer));
  }

  void leave(Peer peer) {
    mailbox.execute(() -> onLeave(peer));
  }

  void submit(Peer peer, ClientMessage.Submit message) {
    submissions.add(new Submission(peer, message));
    mailbox.execute(this::commitQueued);
  }

  void catchup(Peer peer, ClientMessage.Catchup message) {
    mailbox.execute(() -> onCatchup(peer, message.v()));
  }

  void presence(Peer peer, ClientMessage.PresenceUpdate message) {
    mailbox.execute(() -> onPresence(peer, message));
  }

  void changeLanguage(Peer peer, ClientMessage.LanguageChange message) {
    mailbox.execute(() -> onLanguage(peer, message.language()));
  }

  void fromBus(BusMessage message) {
    mailbox.execute(() -> onBus(message));
  }

  /** Reads operations other servers committed, for when the bus may have lost some. */
  void poll() {
    mailbox.execute(
        () -> {
          if (usable()) {
            catchUpQuietly();
          }
        });
  }

  /**
   * Repeats the presence of this server's clients to the others, and forgets the presence that
   * other servers stopped repeating: their server is gone.
   */
  void refreshPresence(long maxAgeMillis) {
    mailbox.execute(
        () -> {
          if (!usable()) {
            return;
          }
          long now = System.currentTimeMillis();
          for (Presence mine : presence.of(serverId())) {
            context.bus().publish(id, ServerMessages.presence(mine, serverId()));
          }
          for (String gone : presence.expire(serverId(), now - maxAgeMillis)) {
            String left = ServerMessages.presenceLeft(gone);
            peers.keySet().forEach(p -> p.send(left));
          }
        });
  }

  /** Finishes what is queued, saves the snapshot and closes every session with 1012. */
  void shutdown(CountDownLatch done) {
    mailbox.execute(
        () -> {
          try {
            cancelIdleTimer();
            failQueued(ErrorCodes.SERVER_STOPPING, "the server is stopping", true);
            saveSnapshot();
            for (Peer peer : List.copyOf(peers.keySet())) {
              peer.close(CLOSE_SERVICE_RESTART, "server stopping");
            }
            peers.clear();
            closed = true;
            publishView();
          } finally {
            done.countDown();
          }
        });
  }

  // ---- mailbox tasks ----

  private void load() {
    try {
      DocumentSnapshot snapshot = context.store().openDocument(id, Names.DEFAULT_LANGUAGE);
      language = snapshot.language();
      doc = snapshot.content();
      head = snapshot.v();
      snapshotVersion = snapshot.v();
      loaded = true;
      catchUpFromStore();
      publishView();
    } catch (StoreUnavailableException e) {
      LOG.log(Level.WARNING, "cannot load room " + id, e);
      loaded = false;
    }
  }

  private boolean usable() {
    return loaded && !closed;
  }

  private void onJoin(Peer peer) {
    if (closed) {
      context.rooms().join(id, peer);
      return;
    }
    if (!loaded) {
      load();
      if (!loaded) {
        peer.send(
            ServerMessages.error(ErrorCodes.STORE_UNAVAILABLE, "the store is unreachable", true));
        peer.close(CLOSE_TRY_AGAIN_LATER, "store unavailable");
        scheduleIdleCheck();
        return;
      }
    }
    cancelIdleTimer();
    peers.put(peer, head);
    peer.send(ServerMessages.snapshot(head, doc, language, peer.clientId(), presence.all()));
    publishView();
  }

  private void onLeave(Peer peer) {
    if (peers.remove(peer) == null) {
      return;
    }
    if (presence.remove(peer.clientId())) {
      String left = ServerMessages.presenceLeft(peer.clientId());
      peers.keySet().forEach(p -> p.send(left));
      context.bus().publish(id, ServerMessages.presenceLeft(peer.clientId(), serverId()));
    }
    if (peers.isEmpty()) {
      scheduleIdleCheck();
    }
    publishView();
  }

  private void commitQueued() {
    if (submissions.isEmpty()) {
      return;
    }
    if (closed) {
      failQueued(ErrorCodes.SERVER_STOPPING, "the room is closing", true);
      return;
    }
    if (!loaded) {
      load();
    }
    if (!loaded) {
      failQueued(ErrorCodes.STORE_UNAVAILABLE, "the store is unreachable", true);
      return;
    }
    if (stale && !catchUpQuietly()) {
      failQueued(ErrorCodes.STORE_UNAVAILABLE, "the store is unreachable", true);
      return;
    }
    List<Submission> batch = new ArrayList<>();
    Submission next;
    while (batch.size() < context.settings().batchLimit() && (next = submissions.poll()) != null) {
      batch.add(next);
    }
    new SubmitBatch(this, batch).run();
    if (!submissions.isEmpty()) {
      mailbox.execute(this::commitQueued);
    }
  }

  private void failQueued(String code, String message, boolean retryable) {
    Submission s;
    while ((s = submissions.poll()) != null) {
      s.peer().send(ServerMessages.error(code, message, retryable, s.message().seq()));
    }
  }

  private void onCatchup(Peer peer, long v) {
    Long sent = peers.get(peer);
    if (sent == null) {
      return;
    }
    if (v > sent) {
      // the client may have seen versions this server has not applied yet
      catchUpQuietly();
      if (v > head) {
        peer.send(
            ServerMessages.error(
                ErrorCodes.FUTURE_VERSION, "version " + v + " is after the head " + head, false));
      }
      return;
    }
    try {
      for (CommittedOp op : committedBetween(v, sent)) {
        peer.send(ServerMessages.op(op.v(), op.op(), op.src(), op.seq()));
      }
    } catch (StoreUnavailableException e) {
      peer.send(ServerMessages.error(ErrorCodes.STORE_UNAVAILABLE, e.getMessage(), true));
    }
  }

  private void onPresence(Peer peer, ClientMessage.PresenceUpdate update) {
    if (!peers.containsKey(peer)) {
      return;
    }
    Presence stamped =
        new Presence(
            peer.clientId(), update.name(), update.color(), update.v(), update.selections());
    Presence current = toHead(stamped);
    presence.put(current, serverId(), System.currentTimeMillis());
    String message = ServerMessages.presence(current);
    for (Peer other : peers.keySet()) {
      if (other != peer) {
        other.send(message);
      }
    }
    context.bus().publish(id, ServerMessages.presence(current, serverId()));
  }

  private void onLanguage(Peer peer, String newLanguage) {
    if (!usable() || !peers.containsKey(peer)) {
      return;
    }
    try {
      context.store().saveLanguage(id, newLanguage);
    } catch (StoreUnavailableException e) {
      peer.send(ServerMessages.error(ErrorCodes.STORE_UNAVAILABLE, e.getMessage(), true));
      return;
    }
    language = newLanguage;
    publishView();
    String message = ServerMessages.language(newLanguage);
    peers.keySet().forEach(p -> p.send(message));
    context.bus().publish(id, ServerMessages.language(newLanguage, serverId()));
  }

  private void onBus(BusMessage message) {
    if (!usable()) {
      return;
    }
    if (message instanceof BusMessage.Committed c) {
      if (c.v() == head + 1) {
        applyRemote(new CommittedOp(id, c.v(), c.op(), c.src(), c.seq(), 0));
      } else if (c.v() > head + 1) {
        catchUpQuietly();
      }
    } else if (message instanceof BusMessage.PresenceChanged p && !serverId().equals(p.origin())) {
      Presence current = toHead(p.presence());
      presence.put(current, p.origin(), System.currentTimeMillis());
      String relayed = ServerMessages.presence(current);
      peers.keySet().forEach(peer -> peer.send(relayed));
    } else if (message instanceof BusMessage.PresenceLeft p && !serverId().equals(p.origin())) {
      if (presence.remove(p.clientId())) {
        String relayed = ServerMessages.presenceLeft(p.clientId());
        peers.keySet().forEach(peer -> peer.send(relayed));
      }
    } else if (message instanceof BusMessage.LanguageChanged l && !serverId().equals(l.origin())) {
      language = l.language();
      publishView();
      String relayed = ServerMessages.language(language);
      peers.keySet().forEach(peer -> peer.send(relayed));
    }
  }

  private void applyRemote(CommittedOp op) {
    String next;
    try {
      next = op.op().apply(doc);
    } catch (InvalidOperationException e) {
      LOG.log(Level.SEVERE, "operation " + op.v() + " of room " + id + " does not apply", e);
      resync();
      return;
    }
    advance(op, next, null);
  }

  /** Reloads the room from the store and gives every session a fresh snapshot. */
  private void resync() {
    window.clear();
    load();
    if (loaded) {
      for (Map.Entry<Peer, Long> entry : peers.entrySet()) {
        entry.setValue(head);
        Peer peer = entry.getKey();
        peer.send(ServerMessages.snapshot(head, doc, language, peer.clientId(), presence.all()));
      }
    }
  }

  // ---- state changes shared with SubmitBatch ----

  long head() {
    return head;
  }

  String document() {
    return doc;
  }

  String serverId() {
    return context.settings().serverId();
  }

  /** The committed operations with {@code from < v <= to}, from memory when possible. */
  List<CommittedOp> committedBetween(long from, long to) {
    return window.between(from, to).orElseGet(() -> context.store().findOps(id, from, to));
  }

  /**
   * Applies the operations other servers committed after the head, telling local sessions.
   *
   * @return the operations applied
   */
  List<CommittedOp> catchUpFromStore() {
    List<CommittedOp> missed = context.store().findOpsAfter(id, head);
    for (CommittedOp op : missed) {
      applyRemote(op);
    }
    stale = false;
    return missed;
  }

  private boolean catchUpQuietly() {
    try {
      catchUpFromStore();
      return true;
    } catch (StoreUnavailableException e) {
      stale = true;
      return false;
    }
  }

  /** Remembers that the store may hold operations this room has not seen. */
  void markStale() {
    stale = true;
  }

  /**
   * Makes {@code op} the new head and sends it to every local session but its author, which the
   * caller has acknowledged already.
   */
  void advance(CommittedOp op, String next, Peer author) {
    head = op.v();
    doc = next;
    window.add(op);
    publishView();
    presence.transform(op.op(), head);
    String message = ServerMessages.op(op.v(), op.op(), op.src(), op.seq());
    if (author != null) {
      // other servers first: queueing the op for hundreds of local sessions takes milliseconds
      context.bus().publish(id, message);
    }
    for (Peer peer : peers.keySet()) {
      if (peer != author) {
        peer.send(message);
      }
    }
    if (author != null) {
      keepMilestone(op.v(), next);
    }
    if (head - snapshotVersion >= context.settings().snapshotInterval()) {
      saveSnapshot();
    }
  }

  private void keepMilestone(long v, String content) {
    if (v % context.settings().milestoneInterval() == 0) {
      try {
        context.store().saveMilestone(id, v, content);
      } catch (StoreUnavailableException e) {
        LOG.log(Level.WARNING, "milestone " + v + " of room " + id + " not saved", e);
      }
    }
  }

  private void saveSnapshot() {
    if (!loaded || head == snapshotVersion) {
      return;
    }
    try {
      context.store().saveSnapshot(id, head, doc);
      snapshotVersion = head;
    } catch (StoreUnavailableException e) {
      LOG.log(Level.WARNING, "snapshot of room " + id + " not saved", e);
    }
  }

  private Presence toHead(Presence p) {
    if (p.v() >= head) {
      return p;
    }
    Presence moved = p;
    for (CommittedOp op : window.between(p.v(), head).orElse(List.of())) {
      moved = PresenceBook.moved(moved, op.op(), op.v());
    }
    return moved.v() == head ? moved : clampTo(p);
  }

  private Presence clampTo(Presence p) {
    return new Presence(
        p.clientId(),
        p.name(),
        p.color(),
        head,
        p.selections().stream().map(s -> PresenceBook.clamp(s, doc.length())).toList());
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

  private void unloadIfIdle() {
    if (closed || !peers.isEmpty() || !submissions.isEmpty()) {
      return;
    }
    saveSnapshot();
    closed = true;
    publishView();
    context.rooms().remove(this);
  }

  /** The room as it was after its last change, readable from any thread. */
  RoomView view() {
    return view;
  }

  private void publishView() {
    view = new RoomView(id, language, head, doc, peers.size(), loaded && !closed);
  }
}
