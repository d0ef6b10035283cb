package dev.ensemble.bus;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The bus over Redis pub/sub. Publishing goes through a pooled client; one long-running task keeps
 * a dedicated connection subscribed to the channels of the rooms this server has open, and
 * reconnects when Redis goes away. A watchdog pings that connection, because a frozen Redis keeps
 * its sockets open and would otherwise look alive. After an outage the listener hears {@link
 * BusListener#onGap()} so that rooms catch up from the store.
 */
public final class RedisOperationBus implements OperationBus {

  private static final Logger LOG = Logger.getLogger(RedisOperationBus.class.getName());

  /** Always subscribed, so that the connection stays in pub/sub mode with no room open. */
  static final String CONTROL_CHANNEL = "ensemble:control";

  private static final String PREFIX = "room:";
  private static final String SUFFIX = ":operations";
  private static final long SUBSCRIBE_WAIT_MILLIS = 2000;
  private static final long MAX_BACKOFF_MILLIS = 1000;

  private final HostAndPort address;
  private final JedisClientConfig config;
  private final RedisClient publisher;
  private final long pingMillis;
  private final ScheduledFuture<?> watchdog;
  private final Set<String> rooms = ConcurrentHashMap.newKeySet();
  private final ConcurrentMap<String, CompletableFuture<Void>> confirmations =
      new ConcurrentHashMap<>();

  private volatile BusListener listener =
      new BusListener() {
        @Override
        public void onMessage(String room, String message) {}

        @Override
        public void onGap() {}
      };
  private volatile Subscription subscription;
  private volatile boolean connected;
  private volatile boolean closed;
  private boolean everConnected;
  private boolean unreachableLogged;

  /**
   * @param uri {@code redis://host:port}, optionally with user and password
   * @param executor runs the subscription loop, a thread for as long as the bus lives
   * @param scheduler runs the watchdog
   * @param ping how often the watchdog checks the subscription connection
   */
  public RedisOperationBus(
      URI uri, Executor executor, ScheduledExecutorService scheduler, java.time.Duration ping) {
    this.address = new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
    this.config =
        DefaultJedisClientConfig.builder(uri)
            .connectionTimeoutMillis(2000)
            .socketTimeoutMillis(2000)
            .blockingSocketTimeoutMillis(0)
            .autoNegotiateProtocol(false)
            .build();
    this.publisher = RedisClient.create(uri);
    this.pingMillis = ping.toMillis();
    this.watchdog =
        scheduler.scheduleWithFixedDelay(
            this::checkAlive, pingMillis, pingMillis, TimeUnit.MILLISECONDS);
    executor.execute(this::subscribeLoop);
  }

  static String room(String channel) {
    return channel.substring(PREFIX.length(), channel.length() - SUFFIX.length());
  }

  @Override
  public void listen(BusListener listener) {
    this.listener = listener;
  }

  @Override
  public void subscribe(String room) {
    rooms.add(room);
    Subscription current = subscription;
    if (current == null || !connected) {
      return; // the loop subscribes every room when it connects
    }
    String channel = OperationBus.channel(room);
    CompletableFuture<Void> confirmed =
        confirmations.computeIfAbsent(channel, c -> new CompletableFuture<>());
    try {
      current.send(() -> current.subscribe(channel));
      confirmed.get(SUBSCRIBE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | JedisException e) {
      LOG.log(Level.FINE, "subscription to " + channel + " not confirmed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.log(Level.FINE, "subscription to " + channel + " failed", e);
    } finally {
      confirmations.remove(channel, confirmed);
    }
  }

  @Override
  public void unsubscribe(String room) {
    rooms.remove(room);
    Subscription current = subscription;
    if (current != null && connected) {
      try {
        current.send(() -> current.unsubscribe(OperationBus.channel(room)));
      } catch (JedisException e) {
        LOG.log(Level.FINE, "unsubscribe from " + room + " failed", e);
      }
    }
  }

  @Override
  public void publish(String room, String message) {
    if (closed) {
      return;
    }
    String channel = OperationBus.channel(room);
    try {
      publisher.publish(channel, message);
    } catch (JedisException first) {
      // the first publish after an outage fails on a stale pooled connection
      try {
        publisher.publish(channel, message);
      } catch (JedisException again) {
        markDown(again);
      }
    }
  }

  @Override
  public boolean isConnected() {
    return connected && !closed;
  }

  private void subscribeLoop() {
    long backoff = 50;
    while (!closed) {
      try (Jedis jedis = new Jedis(address, config)) {
        Subscription s = new Subscription(jedis);
        subscription = s;
        if (closed) {
          break; // close() may have looked before there was a subscription to end
        }
        String[] channels =
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(CONTROL_CHANNEL),
                    rooms.stream().map(OperationBus::channel))
                .toArray(String[]::new);
        jedis.subscribe(s, channels);
        backoff = 50;
      } catch (JedisException | IllegalStateException e) {
        markDown(e);
      } finally {
        subscription = null;
      }
      if (!closed) {
        pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  private void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private synchronized void markUp() {
    if (connected) {
      return;
    }
    connected = true;
    if (everConnected) {
      LOG.info(() -> "Redis at " + address + " is back; catching up the open rooms");
      listener.onGap();
    } else {
      LOG.info(() -> "connected to Redis at " + address);
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
            "lost Redis at "
                + address
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
  }

  /** The subscribed connection; writes to it are serialised, reading is the loop's. */
  private final class Subscription extends JedisPubSub {
    private final Jedis jedis;
    private volatile long lastHeard = System.currentTimeMillis();

    Subscription(Jedis jedis) {
      this.jedis = jedis;
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
        markUp();
      }
      CompletableFuture<Void> waiting = confirmations.get(channel);
      if (waiting != null) {
        waiting.complete(null);
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      if (closed) {
        return;
      }
      lastHeard = System.currentTimeMillis();
      if (channel.startsWith(PREFIX) && channel.endsWith(SUFFIX)) {
        listener.onMessage(room(channel), message);
      }
    }

    @Override
    public void onPong(String pattern) {
      lastHeard = System.currentTimeMillis();
    }
  }
}
