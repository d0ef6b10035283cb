package dev.ensemble.bus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The bus over Redis pub/sub. Rooms hand messages to a publisher with a thread and a bounded queue
 * of its own, so that a slow or frozen Redis never holds them up; a subscriber, running as one
 * long-running task, keeps the channels of the rooms this server has open subscribed: on one
 * connection to a single Redis or to the master Sentinel names, or on one connection per shard of a
 * Redis Cluster (sharded pub/sub). It reconnects when Redis goes away, and a watchdog has it check
 * its connections, because a frozen Redis keeps its sockets open and would otherwise look alive.
 * After an outage the listener hears {@link BusListener#onGap()} so that rooms catch up from the
 * store. Every message is signed with a key the servers share; one without a valid signature is
 * dropped, and its room reads the store.
 */
public final class RedisOperationBus implements OperationBus, SubscriptionEvents {

  private static final Logger LOG = Logger.getLogger(RedisOperationBus.class.getName());

  private static final String PREFIX = "room:";
  private static final String SUFFIX = ":operations";
  private static final long SUBSCRIBE_WAIT_MILLIS = 2000;

  /**
   * What a publisher sends on a room's channel after it had to drop some of the room's messages.
   */
  static final String GAP = "gap";

  private final RedisEndpoint endpoint;
  private final BusSigner signer;
  private final RedisPublisher publisher;
  private final ChannelSubscriber subscriber;
  private final DropLog drops = new DropLog();
  private final ScheduledFuture<?> watchdog;

  /** How many subscribers each room has here; its channel is subscribed while any is left. */
  private final Map<String, Integer> rooms = new HashMap<>();

  private final ConcurrentMap<String, CompletableFuture<Void>> confirmations =
      new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;

  private volatile Runnable onReconnect = () -> {};
  private volatile BusListener listener =
      new BusListener() {
        @Override
        public void onMessage(String room, String message) {}

        @Override
        public void onGap() {}

        @Override
        public void onGap(String room) {}
      };
  private final Set<String> lateConfirmations = ConcurrentHashMap.newKeySet();

  private volatile boolean connected;
  private volatile boolean closed;
  private boolean everConnected;
  private boolean unreachableLogged;

  /**
   * @param loops runs the subscription and the publishing loops, a thread each for as long as the
   *     bus lives (a cluster's subscriber asks for one more per shard connection)
   * @param scheduler runs the watchdog
   */
  public RedisOperationBus(
      RedisBusSettings settings, Executor loops, ScheduledExecutorService scheduler) {
    this.endpoint = settings.endpoint();
    this.signer = new BusSigner(settings.key());
    this.publisher =
        new RedisPublisher(endpoint, signer, settings.maxQueuedBytes(), loops, this::publishFailed);
    this.subscriber = endpoint.subscriber(this, loops);
    long pingMillis = settings.ping().toMillis();
    this.scheduler = scheduler;
    this.watchdog =
        scheduler.scheduleWithFixedDelay(
            () -> {
              if (!closed) {
                subscriber.check(pingMillis);
              }
            },
            pingMillis,
            pingMillis,
            TimeUnit.MILLISECONDS);
    loops.execute(subscriber::run);
  }

  static String room(String channel) {
    return channel.substring(PREFIX.length(), channel.length() - SUFFIX.length());
  }

  @Override
  public void listen(BusListener listener) {
    this.listener = listener;
  }

  @Override
  public void onReconnect(Runnable action) {
    this.onReconnect = action;
  }

  @Override
  public CompletionStage<Void> subscribe(String room) {
    String channel = OperationBus.channel(room);
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    synchronized (rooms) {
      if (rooms.merge(room, 1, Integer::sum) > 1) {
        return CompletableFuture.completedFuture(null);
      }
      confirmations.put(channel, confirmed);
      boolean sent;
      try {
        // while the bus is down, the room polls the store and catches up when it is back
        sent = subscriber.add(channel);
      } catch (JedisException e) {
        LOG.log(Level.FINE, "subscription to " + channel + " failed", e);
        sent = false;
      }
      if (!sent) {
        confirmations.remove(channel, confirmed);
        return CompletableFuture.completedFuture(null);
      }
    }
    scheduler.schedule(
        () -> {
          if (confirmations.remove(channel, confirmed)) {
            LOG.fine(() -> "subscription to " + channel + " not confirmed in time");
            confirmed.complete(null);
            lateConfirmations.add(channel);
          }
        },
        SUBSCRIBE_WAIT_MILLIS,
        TimeUnit.MILLISECONDS);
    return confirmed;
  }

  @Override
  public void unsubscribe(String room) {
    synchronized (rooms) {
      Integer left = rooms.computeIfPresent(room, (r, count) -> count > 1 ? count - 1 : null);
      if (left == null) {
        try {
          subscriber.remove(OperationBus.channel(room));
        } catch (JedisException e) {
          LOG.log(Level.FINE, "unsubscribe from " + room + " failed", e);
        }
      }
    }
  }

  @Override
  public void publish(String room, String message) {
    if (!closed) {
      signer.sign(message).ifPresent(signed -> publisher.publish(room, signed));
    }
  }

  @Override
  public boolean isConnected() {
    return connected && !closed;
  }

  @Override
  public Optional<String> master() {
    return endpoint.electedMaster().map(HostAndPort::toString);
  }

  @Override
  public Optional<String> shards() {
    return connected ? subscriber.shards() : Optional.empty();
  }

  @Override
  public List<String> channels() {
    synchronized (rooms) {
      return rooms.keySet().stream().map(OperationBus::channel).toList();
    }
  }

  @Override
  public void subscribed(String channel, boolean missedSome) {
    CompletableFuture<Void> waiting = confirmations.remove(channel);
    if (waiting != null) {
      waiting.complete(null);
    } else if (lateConfirmations.remove(channel) || missedSome) {
      // the room loaded without waiting for this subscription: what came meanwhile is missed
      listener.onGap(room(channel));
    }
  }

  @Override
  public synchronized void up(String at) {
    if (connected) {
      return;
    }
    connected = true;
    if (everConnected) {
      LOG.info(() -> "Redis at " + at + " is back; catching up the open rooms");
      onReconnect.run();
      listener.onGap();
    } else {
      LOG.info(() -> "connected to Redis at " + at);
      everConnected = true;
    }
  }

  private void publishFailed(Exception cause) {
    down(subscriber.where(), cause);
  }

  @Override
  public synchronized void down(String at, Exception cause) {
    if (closed || (!connected && (everConnected || unreachableLogged))) {
      return;
    }
    unreachableLogged = true;
    connected = false;
    LOG.warning(
        () ->
            "lost Redis"
                + (at == null ? "" : " at " + at)
                + " ("
                + cause.getMessage()
                + "); committing on, polling the store for other servers' operations");
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    watchdog.cancel(false);
    subscriber.close();
    publisher.close();
    endpoint.close();
  }

  /** Hands a received message on, unless its signature is wrong. */
  @Override
  public void received(String channel, String signed) {
    if (closed || !channel.startsWith(PREFIX) || !channel.endsWith(SUFFIX)) {
      return;
    }
    String room = room(channel);
    Optional<String> message = signer.open(signed);
    if (message.isEmpty()) {
      drops.dropped(room);
      listener.onGap(room);
    } else if (GAP.equals(message.get())) {
      listener.onGap(room);
    } else {
      listener.onMessage(room, message.get());
    }
  }
}
