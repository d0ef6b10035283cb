package dev.ensemble.bus;

import java.util.HashMap;
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
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The bus over Redis pub/sub. Rooms hand messages to a publisher with a thread and a bounded queue
 * of its own, so that a slow or frozen Redis never holds them up; one long-running task keeps a
 * dedicated connection subscribed to the channels of the rooms this server has open, and reconnects
 * when Redis goes away, to wherever the endpoint says the master is now (Sentinel moves it on a
 * failover). A watchdog pings that connection, because a frozen Redis keeps its sockets open and
 * would otherwise look alive. After an outage the listener hears {@link BusListener#onGap()} so
 * that rooms catch up from the store. Every message is signed with a key the servers share; one
 * without a valid signature is dropped, and its room reads the store.
 */
public final class RedisOperationBus implements OperationBus {

  private static final Logger LOG = Logger.getLogger(RedisOperationBus.class.getName());

  /** Always subscribed, so that the connection stays in pub/sub mode with no room open. */
  static final String CONTROL_CHANNEL = "ensemble:control";

  private static final String PREFIX = "room:";
  private static final String SUFFIX = ":operations";
  private static final long SUBSCRIBE_WAIT_MILLIS = 2000;
  private static final long MAX_BACKOFF_MILLIS = 1000;

  /** How often a waiting subscription loop looks whether Sentinel moved the master. */
  private static final long MASTER_CHECK_MILLIS = 20;

  /**
   * What a publisher sends on a room's channel after it had to drop some of the room's messages.
   */
  static final String GAP = "gap";

  private final RedisEndpoint endpoint;
  private final BusSigner signer;
  private final RedisPublisher publisher;
  private final DropLog drops = new DropLog();
  private final long pingMillis;
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
  private volatile Subscription subscription;

  /** The Redis the subscription last connected to, for the log; only the loop writes it. */
  private volatile HostAndPort lastMaster;

  private volatile boolean connected;
  private volatile boolean closed;
  private boolean everConnected;
  private boolean unreachableLogged;

  /**
   * @param loops runs the subscription and the publishing loops, a thread each for as long as the
   *     bus lives
   * @param scheduler runs the watchdog
   */
  public RedisOperationBus(
      RedisBusSettings settings, Executor loops, ScheduledExecutorService scheduler) {
    this.endpoint = settings.endpoint();
    this.signer = new BusSigner(settings.key());
    this.publisher =
        new RedisPublisher(
            endpoint::client, signer, settings.maxQueuedBytes(), loops, this::markDown);
    this.pingMillis = settings.ping().toMillis();
    this.scheduler = scheduler;
    this.watchdog =
        scheduler.scheduleWithFixedDelay(
            this::checkAlive, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
    loops.execute(this::subscribeLoop);
  }

  /** The subscription's own connection: no timeout while it waits for messages. */
  private JedisClientConfig subscriptionConfig() {
    return DefaultJedisClientConfig.builder()
        .from(endpoint.config())
        .blockingSocketTimeoutMillis(0)
        .build();
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
      Subscription current = subscription;
      if (current == null || !connected) {
        // the loop subscribes every room when it connects, and then the room catches up
        return CompletableFuture.completedFuture(null);
      }
      confirmations.put(channel, confirmed);
      try {
        current.send(() -> current.subscribe(channel));
      } catch (JedisException e) {
        LOG.log(Level.FINE, "subscription to " + channel + " failed", e);
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
      Subscription current = subscription;
      if (left == null && current != null && connected) {
        try {
          current.send(() -> current.unsubscribe(OperationBus.channel(room)));
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

  private void subscribeLoop() {
    long backoff = 50;
    while (!closed) {
      try {
        HostAndPort at = endpoint.master();
        noteMaster(at);
        try (Jedis jedis = new Jedis(at, subscriptionConfig())) {
          Subscription s = new Subscription(jedis, at);
          subscription = s;
          if (closed) {
            break; // close() may have looked before there was a subscription to end
          }
          jedis.subscribe(s, channels());
          backoff = 50;
        }
      } catch (JedisException | IllegalStateException e) {
        markDown(e);
      } finally {
        subscription = null;
      }
      if (!closed) {
        pauseUnlessMasterMoves(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  /** The control channel and every open room's. */
  private String[] channels() {
    synchronized (rooms) {
      return Stream.concat(
              Stream.of(CONTROL_CHANNEL), rooms.keySet().stream().map(OperationBus::channel))
          .toArray(String[]::new);
    }
  }

  /** Logs once that Sentinel moved the master, the one transition a single Redis never has. */
  private void noteMaster(HostAndPort at) {
    HostAndPort before = lastMaster;
    if (before != null && !before.equals(at)) {
      LOG.info(() -> "the Redis master moved from " + before + " to " + at);
    }
    lastMaster = at;
  }

  /**
   * Waits before the next try, but only until the endpoint names another master: after a failover
   * the back-off has grown to its most, and would otherwise add up to that much to the gap.
   */
  private void pauseUnlessMasterMoves(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long left = millis;
    while (!closed && left > 0 && !masterMoved()) {
      pause(Math.min(left, MASTER_CHECK_MILLIS));
      left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
  }

  private boolean masterMoved() {
    HostAndPort last = lastMaster;
    return endpoint.electedMaster().filter(m -> !m.equals(last)).isPresent();
  }

  private void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private synchronized void markUp(HostAndPort at) {
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

  private synchronized void markDown(Exception cause) {
    if (closed || (!connected && (everConnected || unreachableLogged))) {
      return;
    }
    unreachableLogged = true;
    connected = false;
    LOG.warning(
        () ->
            "lost Redis"
                + (lastMaster == null ? "" : " at " + lastMaster)
                + " ("
                + cause.getMessage()
                + "); committing on, polling the store for other servers' operations");
  }

  /** Pings the subscription; one that stays silent is dropped so that the loop reconnects. */
  private void checkAlive() {
    Subscription s = subscription;
    if (s == null || closed) {
      return;
    }
    if (s.silentFor() > 3 * pingMillis) {
      markDown(new TimeoutException("no answer to ping for " + s.silentFor() + " ms"));
      s.drop();
      return;
    }
    try {
      s.send(s::ping);
    } catch (JedisException e) {
      s.drop();
    }
  }

  @Override
  public void close() {
    closed = true;
    watchdog.cancel(false);
    Subscription s = subscription;
    if (s != null) {
      try {
        s.send(s::unsubscribe);
      } catch (JedisException e) {
        s.drop();
      }
    }
    publisher.close();
    endpoint.close();
  }

  /** Hands a received message on, unless its signature is wrong. */
  private void received(String channel, String signed) {
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

  /** The subscribed connection; writes to it are serialised, reading is the loop's. */
  private final class Subscription extends JedisPubSub {
    private final Jedis jedis;
    private final HostAndPort at;
    private volatile long lastHeard = System.currentTimeMillis();

    Subscription(Jedis jedis, HostAndPort at) {
      this.jedis = jedis;
      this.at = at;
    }

    synchronized void send(Runnable command) {
      command.run();
    }

    long silentFor() {
      return System.currentTimeMillis() - lastHeard;
    }

    void drop() {
      try {
        jedis.disconnect();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "closing the subscription failed", e);
      }
    }

    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
      if (closed) {
        send(this::unsubscribe); // the bus closed while this subscription was being made
        return;
      }
      lastHeard = System.currentTimeMillis();
      if (CONTROL_CHANNEL.equals(channel)) {
        markUp(at);
      }
      CompletableFuture<Void> waiting = confirmations.remove(channel);
      if (waiting != null) {
        waiting.complete(null);
      } else if (lateConfirmations.remove(channel)) {
        // the room loaded without waiting for this subscription: what came meanwhile is missed
        listener.onGap(room(channel));
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      if (closed) {
        return;
      }
      lastHeard = System.currentTimeMillis();
      if (channel.startsWith(PREFIX) && channel.endsWith(SUFFIX)) {
        received(channel, message);
      }
    }

    @Override
    public void onPong(String pattern) {
      lastHeard = System.currentTimeMillis();
    }
  }
}
