package dev.ensemble.room;

import dev.ensemble.bus.BusListener;
import dev.ensemble.bus.OperationBus;
import dev.ensemble.ot.InvalidOperationException;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.OperationStore;
import dev.ensemble.store.RoomExistsException;
import dev.ensemble.wire.BusMessage;
import dev.ensemble.wire.BusMessages;
import dev.ensemble.wire.ClientMessage;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Names;
import dev.ensemble.wire.WireException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The rooms this server has in memory. A room is loaded when its first session joins and dropped a
 * grace period after its last one leaves. Endpoints hand every decoded message to {@link #handle};
 * the bus hands every message from other servers to {@link #onMessage}.
 */
public final class RoomManager implements BusListener {

  private static final Logger LOG = Logger.getLogger(RoomManager.class.getName());

  private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
  private final RoomContext context;
  private volatile boolean stopping;
  private volatile ScheduledFuture<?> poller;
  private volatile ScheduledFuture<?> presenceRefresher;
  private volatile Consumer<String> accessListener = room -> {};

  public RoomManager(
      OperationStore store,
      OperationBus bus,
      Executor executor,
      ScheduledExecutorService scheduler,
      RoomSettings settings) {
    this.context =
        new RoomContext(
            this,
            store,
            bus,
            executor,
            scheduler,
            settings,
            new RoomMetrics(),
            new ClaimedDocuments(store, executor));
    bus.listen(this);
  }

  public RoomSettings settings() {
    return context.settings();
  }

  /** True once the server began to stop: it takes no new sessions. */
  public boolean isStopping() {
    return stopping;
  }

  public RoomMetrics metrics() {
    return context.metrics();
  }

  /** Sets who hears what the rooms do, for metrics; nobody until this is called. */
  public void reportTo(RoomObserver observer) {
    context.metrics().reportTo(observer);
  }

  public void join(String roomId, Peer peer) {
    if (stopping) {
      peer.close(Disconnect.SERVER_STOPPING);
      return;
    }
    room(roomId).join(peer);
  }

  public void leave(String roomId, Peer peer) {
    Room room = rooms.get(roomId);
    if (room != null) {
      room.leave(peer);
    }
  }

  /** Routes a client's message to its room. */
  public void handle(String roomId, Peer peer, ClientMessage message) {
    Room room = rooms.get(roomId);
    if (room == null) {
      return;
    }
    if (message instanceof ClientMessage.Submit submit) {
      room.submit(peer, submit);
    } else if (message instanceof ClientMessage.Catchup catchup) {
      room.catchup(peer, catchup);
    } else if (message instanceof ClientMessage.PresenceUpdate presence) {
      room.presence(peer, presence);
    } else if (message instanceof ClientMessage.LanguageChange language) {
      room.changeLanguage(peer, language);
    }
  }

  /**
   * Creates a room with a language and initial content; without an id it gets a random readable
   * one.
   *
   * @throws WireException for a bad id, language or content, or an id that is taken
   */
  public DocumentSnapshot create(String roomId, String language, String content) {
    String id = roomId == null ? RoomIds.random() : Names.requireRoomId(roomId);
    Names.requireLanguage(language);
    String text = content == null ? "" : content;
    if (text.length() > context.settings().maxDocumentChars()) {
      throw new WireException(
          ErrorCodes.DOCUMENT_TOO_LARGE,
          "content exceeds " + context.settings().maxDocumentChars() + " UTF-16 units");
    }
    try {
      TextOperation.builder().insert(text);
    } catch (InvalidOperationException e) {
      throw new WireException(ErrorCodes.BAD_PARAMETER, "content: " + e.getMessage());
    }
    try {
      return context.store().createDocument(id, language, text);
    } catch (RoomExistsException e) {
      throw new WireException(ErrorCodes.ROOM_EXISTS, "room " + id + " exists already");
    }
  }

  private Room room(String roomId) {
    while (true) {
      Room existing = rooms.get(roomId);
      if (existing != null) {
        return existing;
      }
      Room created = new Room(roomId, context);
      if (rooms.putIfAbsent(roomId, created) == null) {
        created.open();
        return created;
      }
    }
  }

  /** Called by a room that unloaded itself. */
  void remove(Room room) {
    if (rooms.remove(room.id, room)) {
      context.bus().unsubscribe(room.id);
    }
  }

  public Collection<RoomView> activeRooms() {
    return rooms.values().stream().map(Room::view).filter(v -> v.loaded()).toList();
  }

  public Optional<RoomView> activeRoom(String roomId) {
    return Optional.ofNullable(rooms.get(roomId)).map(Room::view).filter(RoomView::loaded);
  }

  @Override
  public void onMessage(String roomId, String message) {
    Room room = rooms.get(roomId);
    if (room == null) {
      return;
    }
    BusMessage decoded;
    try {
      decoded = BusMessage.decode(message);
    } catch (WireException e) {
      LOG.warning(
          () ->
              "dropped a malformed bus message on room "
                  + roomId
                  + " ("
                  + e.getMessage()
                  + "); reading the store instead");
      room.poll();
      return;
    }
    if (decoded instanceof BusMessage.Addressed addressed
        && !addressed.to().equals(context.settings().serverId())) {
      return;
    }
    if (decoded instanceof BusMessage.AccessChanged changed) {
      if (!changed.origin().equals(context.settings().serverId())) {
        accessListener.accept(roomId);
      }
      return;
    }
    room.fromBus(decoded);
  }

  /**
   * Sets who hears that a room's access changed: told for the rooms this server has loaded, by
   * {@link #announceAccessChange} here and on the other servers, and on every poll while the bus is
   * down. It must only hand the news on, not block.
   */
  public void onAccessChange(Consumer<String> listener) {
    this.accessListener = listener;
  }

  /** Tells this server and, through the bus, every other one that the access of a room changed. */
  public void announceAccessChange(String roomId) {
    context.bus().publish(roomId, BusMessages.accessChanged(context.settings().serverId()));
    if (rooms.containsKey(roomId)) {
      accessListener.accept(roomId);
    }
  }

  @Override
  public void onGap() {
    pollActiveRooms();
  }

  @Override
  public void onGap(String roomId) {
    Room room = rooms.get(roomId);
    if (room != null) {
      room.poll();
    }
  }

  /** After the store was unreachable, every room checks that it still holds what they have. */
  public void verifyActiveRooms() {
    rooms.values().forEach(Room::verify);
  }

  /** The rooms that refuse edits, each with the error code it gives, for readiness data. */
  public java.util.Map<String, String> troubledRooms() {
    java.util.Map<String, String> troubled = new java.util.TreeMap<>();
    rooms.values().stream()
        .map(Room::view)
        .filter(v -> v.trouble() != null)
        .forEach(v -> troubled.put(v.id(), v.trouble()));
    return troubled;
  }

  /** Has every active room read what other servers committed; for when the bus is down. */
  public void pollActiveRooms() {
    rooms.values().forEach(Room::poll);
  }

  /**
   * While the bus is down, reads the operations other servers committed every {@code interval}, so
   * that clients on different servers still converge, only more slowly.
   */
  public void pollWhileBusIsDown(Duration interval) {
    poller =
        context
            .scheduler()
            .scheduleWithFixedDelay(
                () -> {
                  if (!context.bus().isConnected()) {
                    pollActiveRooms();
                    rooms.keySet().forEach(accessListener);
                  }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
  }

  /**
   * Every {@code interval}, has each room repeat its clients' presence to the other servers and
   * forget the presence not repeated for three intervals.
   */
  public void refreshPresenceEvery(Duration interval) {
    long millis = interval.toMillis();
    presenceRefresher =
        context
            .scheduler()
            .scheduleWithFixedDelay(
                () -> rooms.values().forEach(r -> r.refreshPresence(3 * millis)),
                millis,
                millis,
                TimeUnit.MILLISECONDS);
  }

  /** True while the bus carries messages between servers. */
  public boolean isBusConnected() {
    return context.bus().isConnected();
  }

  /** The Redis master the bus uses now, where Sentinel chooses it. */
  public Optional<String> busMaster() {
    return context.bus().master();
  }

  /** The masters of the Redis Cluster shards the bus uses now, where there is a cluster. */
  public Optional<String> busShards() {
    return context.bus().shards();
  }

  /**
   * Lets every room finish the commits in progress, saves the snapshots and closes all sessions
   * with 1012, so that clients reconnect to another server.
   */
  public void shutdown(Duration timeout) {
    stopping = true;
    for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {poller, presenceRefresher}) {
      if (task != null) {
        task.cancel(false);
      }
    }
    List<Room> open = List.copyOf(rooms.values());
    CountDownLatch done = new CountDownLatch(open.size());
    open.forEach(room -> room.shutdown(done));
    try {
      if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warning(() -> done.getCount() + " rooms did not stop within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info(() -> "room manager stopped; " + open.size() + " rooms closed");
  }
}
