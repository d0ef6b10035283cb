package dev.ensemble.bus;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One dedicated connection subscribed to the control channel and every open room's channel, on a
 * single Redis or the master Sentinel names; it reconnects when Redis goes away, to wherever the
 * endpoint says the master is now, and is pinged because a frozen Redis keeps its sockets open.
 */
final class ChannelSubscription implements ChannelSubscriber {

  private static final Logger LOG = Logger.getLogger(RedisOperationBus.class.getName());

  /** Always subscribed, so that the connection stays in pub/sub mode with no room open. */
  static final String CONTROL_CHANNEL = "ensemble:control";

  private static final long MAX_BACKOFF_MILLIS = 1000;

  /** How often a waiting subscription loop looks whether Sentinel moved the master. */
  private static final long MASTER_CHECK_MILLIS = 20;

  private final RedisEndpoint endpoint;
  private final SubscriptionEvents events;
  private volatile Subscription subscription;

  /** The Redis the subscription last connected to, for the log; only the loop writes it. */
  private volatile HostAndPort lastMaster;

  private volatile boolean closed;

  ChannelSubscription(RedisEndpoint endpoint, SubscriptionEvents events) {
    this.endpoint = endpoint;
    this.events = events;
  }

  @Override
  public void run() {
    long backoff = 50;
    while (!closed) {
      try {
        HostAndPort at = endpoint.master();
        noteMaster(at);
        try (Jedis jedis =
            new Jedis(
                at,
                // no timeout while it waits for messages
                DefaultJedisClientConfig.builder()
                    .from(endpoint.config())
                    .blockingSocketTimeoutMillis(0)
                    .build())) {
          Subscription s = new Subscription(jedis, at);
          subscription = s;
          if (closed) {
            break; // close() may have looked before there was a subscription to end
          }
          jedis.subscribe(s, channels());
          backoff = 50;
        }
      } catch (JedisException | IllegalStateException e) {
        events.down(where(), e);
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
    return Stream.concat(Stream.of(CONTROL_CHANNEL), events.channels().stream())
        .toArray(String[]::new);
  }

  @Override
  public boolean add(String channel) {
    Subscription current = subscription;
    if (current == null || !current.up) {
      return false; // the loop subscribes every room when it connects
    }
    current.send(() -> current.subscribe(channel));
    return true;
  }

  @Override
  public void remove(String channel) {
    Subscription current = subscription;
    if (current != null && current.up) {
      current.send(() -> current.unsubscribe(channel));
    }
  }

  @Override
  public String where() {
    HostAndPort at = lastMaster;
    return at == null ? null : at.toString();
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

  /** Pings the subscription; one that stays silent is dropped so that the loop reconnects. */
  @Override
  public void check(long pingMillis) {
    Subscription s = subscription;
    if (s == null || closed) {
      return;
    }
    if (s.silentFor() > 3 * pingMillis) {
      events.down(where(), new TimeoutException("no answer to ping for " + s.silentFor() + " ms"));
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
    Subscription s = subscription;
    if (s != null) {
      try {
        s.send(s::unsubscribe);
      } catch (JedisException e) {
        s.drop();
      }
    }
  }

  /** The subscribed connection; writes to it are serialised, reading is the loop's. */
  private final class Subscription extends JedisPubSub {
    private final Jedis jedis;
    private final HostAndPort at;
    private volatile long lastHeard = System.currentTimeMillis();
    private volatile boolean up;

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
      if (closed || events.isClosed()) {
        send(this::unsubscribe); // the bus closed while this subscription was being made
        return;
      }
      lastHeard = System.currentTimeMillis();
      if (CONTROL_CHANNEL.equals(channel)) {
        up = true;
        events.up(at.toString());
      } else {
        events.subscribed(channel, false);
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      if (closed) {
        return;
      }
      lastHeard = System.currentTimeMillis();
      events.received(channel, message);
    }

    @Override
    public void onPong(String pattern) {
      lastHeard = System.currentTimeMillis();
    }
  }
}
