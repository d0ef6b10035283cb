package dev.ensemble.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One connection per master of a Redis Cluster, each subscribed with {@code SSUBSCRIBE} to the
 * channels of the open rooms whose slots that master serves. A loop of its own keeps one connection
 * per master: it asks the cluster which master serves which slot when a connection ends, when Redis
 * drops a channel ({@code sunsubscribe}: its slot moved to another shard), and once a minute, and
 * then connects to new masters, drops connections to nodes that are no longer masters (a failover)
 * and subscribes each moved channel on its new master, whose room then catches up from the store.
 *
 * <p>The bus counts as connected while every master's connection is subscribed: a shard that fails
 * makes every room read the store until its replica has taken over (the rooms of the other shards
 * too, which keeps "connected" one flag and costs only polling for the seconds of a failover), and
 * its return makes every room catch up, as after the loss of a single Redis.
 *
 * <p>Each connection keeps a control channel of its own subscribed, one whose slot its master
 * serves ({@code ensemble:control:{N}}, the hash tag chosen for that), so that it stays in pub/sub
 * mode with no room open on that shard. Nothing is published on it: nothing here is server-wide
 * (every message belongs to a room), so no channel has to reach every shard. Subscribing it again
 * is the connection's ping, since Jedis's sharded pub/sub cannot send {@code PING}: Redis confirms
 * a repeated {@code SSUBSCRIBE} and changes nothing. The first repeat, sent right after the
 * connection's rooms, is a barrier too: Redis answers in order, so once it is confirmed every room
 * before it is subscribed, and only then does the shard count as connected.
 */
final class ShardedSubscriptions implements ChannelSubscriber {

  private static final Logger LOG = Logger.getLogger(RedisOperationBus.class.getName());

  private static final String CONTROL_PREFIX = "ensemble:control:";
  private static final long MAX_BACKOFF_MILLIS = 250;
  private static final long RECHECK_MINUTES = 1;

  /** Tags tried for a control channel; a master that serves any slot is found in far fewer. */
  private static final int MAX_TAGS = 1 << 20;

  private final ClusterRedis cluster;
  private final SubscriptionEvents events;
  private final Executor loops;
  private final DefaultJedisClientConfig subscriptionConfig;

  /** One connection per master, as the slot cache last said; guarded by this. */
  private final Map<HostAndPort, Shard> shards = new HashMap<>();

  /** The masters the last look at the cluster found; guarded by this. */
  private Set<HostAndPort> masters = Set.of();

  /**
   * Channels whose next confirmation should send their room to the store: Redis dropped them when
   * their slot moved, or the room opened while its shard had no connection.
   */
  private final Set<String> moved = ConcurrentHashMap.newKeySet();

  private final Semaphore wake = new Semaphore(0);
  private volatile boolean closed;

  ShardedSubscriptions(ClusterRedis cluster, SubscriptionEvents events, Executor loops) {
    this.cluster = cluster;
    this.events = events;
    this.loops = loops;
    this.subscriptionConfig =
        DefaultJedisClientConfig.builder()
            .from(cluster.config())
            .blockingSocketTimeoutMillis(0) // no timeout while it waits for messages
            .build();
  }

  @Override
  public void run() {
    long backoff = 50;
    while (!closed) {
      boolean settled;
      try {
        settled = reconcile();
      } catch (JedisException | IllegalStateException e) {
        events.down(where(), e);
        settled = false;
      }
      try {
        if (settled) {
          backoff = 50;
          wake.tryAcquire(RECHECK_MINUTES, TimeUnit.MINUTES);
          wake.drainPermits();
        } else {
          // a master that refuses connections must not be retried in a tight loop
          TimeUnit.MILLISECONDS.sleep(backoff);
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
      }
    }
    dropAll();
  }

  /**
   * Brings the connections in line with the cluster's masters, and each room's channel onto the
   * master that serves its slot now.
   *
   * @return false if it had to start a connection, so that the next look waits a back-off
   */
  private boolean reconcile() {
    cluster.refresh();
    Set<HostAndPort> now = cluster.masters();
    if (now.isEmpty()) {
      throw new IllegalStateException("the cluster serves no slot");
    }
    List<String> wanted = events.channels(); // before this lock: the bus's is taken first
    List<Shard> started = new ArrayList<>();
    List<Shard> gone = new ArrayList<>();
    synchronized (this) {
      noteMasters(now);
      shards.values().removeIf(s -> !now.contains(s.node) && gone.add(s));
      for (HostAndPort master : now) {
        shards.computeIfAbsent(
            master,
            m -> {
              Shard shard = new Shard(m, controlChannel(m));
              started.add(shard);
              return shard;
            });
      }
    }
    gone.forEach(Shard::drop);
    started.forEach(loops::execute);
    moved.retainAll(wanted);
    for (String channel : wanted) {
      HostAndPort owner = cluster.owner(channel);
      for (Shard shard : shardList()) {
        if (shard.node.equals(owner) && !shard.has(channel)) {
          moved.add(channel);
          shard.add(channel); // or, on a connection still being made, with the others
        } else if (!shard.node.equals(owner)) {
          shard.remove(channel); // a slot cache that was stale when the room opened
        }
      }
    }
    updateState();
    return started.isEmpty();
  }

  private void noteMasters(Set<HostAndPort> now) {
    if (!masters.isEmpty() && !masters.equals(now)) {
      String before = join(masters);
      LOG.info(() -> "the Redis cluster's masters are now " + join(now) + " (were " + before + ")");
    }
    masters = Set.copyOf(now);
  }

  /** A channel whose slot {@code master} serves, found by trying hash tags in turn. */
  private String controlChannel(HostAndPort master) {
    for (int tag = 0; tag < MAX_TAGS; tag++) {
      String channel = CONTROL_PREFIX + "{" + tag + "}";
      if (master.equals(cluster.owner(channel))) {
        return channel;
      }
    }
    throw new IllegalStateException(master + " serves no slot");
  }

  private synchronized List<Shard> shardList() {
    return List.copyOf(shards.values());
  }

  private static String join(Set<HostAndPort> nodes) {
    return nodes.stream().map(HostAndPort::toString).sorted().collect(Collectors.joining(","));
  }

  /** Tells the bus it is connected once every master's connection is subscribed. */
  private void updateState() {
    String all;
    synchronized (this) {
      boolean up =
          !masters.isEmpty()
              && shards.keySet().equals(masters)
              && shards.values().stream().allMatch(s -> s.up);
      all = up ? join(masters) : null;
    }
    if (all != null) {
      events.up(all);
    }
  }

  @Override
  public boolean add(String channel) {
    HostAndPort owner = cluster.owner(channel);
    Shard shard;
    synchronized (this) {
      shard = owner == null ? null : shards.get(owner);
    }
    if (shard == null) {
      moved.add(channel); // a master the loop has not seen yet: it subscribes the channel there
      wake.release();
      return false;
    }
    return shard.add(channel);
  }

  @Override
  public void remove(String channel) {
    shardList().forEach(s -> s.remove(channel));
  }

  @Override
  public void check(long pingMillis) {
    for (Shard shard : shardList()) {
      // a connection being made has longer: on a busy machine its thread may start late
      if (shard.silentFor() > (shard.up ? 3 : 10) * pingMillis) {
        events.down(
            shard.node.toString(),
            new TimeoutException("no answer for " + shard.silentFor() + " ms"));
        shard.drop();
      } else if (shard.up) {
        shard.ping();
      }
    }
  }

  @Override
  public synchronized String where() {
    return masters.isEmpty() ? null : join(masters);
  }

  @Override
  public Optional<String> shards() {
    return Optional.ofNullable(where());
  }

  @Override
  public void close() {
    closed = true;
    wake.release();
    dropAll();
  }

  private void dropAll() {
    shardList().forEach(Shard::drop);
  }

  /** A connection that ended: the loop looks at the cluster again and makes a new one. */
  private void ended(Shard shard, Exception cause) {
    synchronized (this) {
      shards.remove(shard.node, shard);
    }
    if (!closed) {
      events.down(shard.node.toString(), cause);
      wake.release();
    }
  }

  /** The connection to one master; writes to it are serialised, reading is its own thread's. */
  private final class Shard extends JedisShardedPubSub implements Runnable {
    final HostAndPort node;
    private final String control;

    /** Room channels this connection asked for; guarded by this. */
    private final Set<String> channels = new HashSet<>();

    /** Channels it asked to leave: Redis's confirmation of those is no slot move. */
    private final Map<String, Integer> leaving = new HashMap<>();

    private Jedis jedis;
    private int controlConfirmations;
    private boolean dropped;
    volatile boolean up;
    private volatile long lastHeard = System.currentTimeMillis();

    Shard(HostAndPort node, String control) {
      this.node = node;
      this.control = control;
    }

    @Override
    public void run() {
      Exception failure = null;
      try (Jedis connection = new Jedis(node, subscriptionConfig)) {
        synchronized (this) {
          if (dropped || closed) {
            failure = new JedisException("dropped before it connected");
            return;
          }
          jedis = connection;
        }
        proceed(connection.getConnection(), control);
        failure = new JedisException("Redis at " + node + " dropped every channel");
      } catch (JedisException e) {
        failure = e;
      } finally {
        up = false;
        if (failure != null) {
          ended(this, failure);
        }
      }
    }

    synchronized boolean has(String channel) {
      return channels.contains(channel);
    }

    /** Subscribes the channel, unless the connection is still being made. */
    synchronized boolean add(String channel) {
      if (controlConfirmations == 0 || dropped) {
        return false; // subscribed with the others once the connection is made
      }
      if (channels.add(channel)) {
        ssubscribe(channel);
      }
      return true;
    }

    synchronized void remove(String channel) {
      if (channels.remove(channel) && controlConfirmations > 0 && !dropped) {
        leaving.merge(channel, 1, Integer::sum);
        sunsubscribe(channel);
      }
    }

    synchronized void ping() {
      if (!dropped) {
        ssubscribe(control);
      }
    }

    long silentFor() {
      return System.currentTimeMillis() - lastHeard;
    }

    void drop() {
      Jedis connection;
      synchronized (this) {
        dropped = true;
        connection = jedis;
      }
      if (connection != null) {
        try {
          connection.disconnect();
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "closing the subscription to " + node + " failed", e);
        }
      }
    }

    @Override
    public void onSSubscribe(String channel, int subscribedChannels) {
      lastHeard = System.currentTimeMillis();
      if (closed || events.isClosed()) {
        drop();
      } else if (!channel.equals(control)) {
        events.subscribed(channel, moved.remove(channel));
      } else if (controlConfirmation() == 1) {
        subscribeRooms();
      } else if (!up && controlConfirmationsSoFar() >= 2) {
        up = true;
        updateState();
      }
    }

    private synchronized int controlConfirmation() {
      return ++controlConfirmations;
    }

    private synchronized int controlConfirmationsSoFar() {
      return controlConfirmations;
    }

    /**
     * Subscribes the rooms this master serves, then the control channel again as a barrier. Rooms
     * that open from now on are subscribed by {@link #add}; the list is read outside this lock,
     * since the bus holds its own while it calls {@link #add}.
     */
    private void subscribeRooms() {
      List<String> mine = new ArrayList<>();
      for (String channel : events.channels()) {
        if (node.equals(cluster.owner(channel))) {
          mine.add(channel);
        }
      }
      synchronized (this) {
        for (String channel : mine) {
          if (channels.add(channel)) {
            ssubscribe(channel);
          }
        }
        ssubscribe(control);
      }
    }

    @Override
    public void onSUnsubscribe(String channel, int subscribedChannels) {
      lastHeard = System.currentTimeMillis();
      if (closed) {
        return;
      }
      synchronized (this) {
        Integer asked = leaving.remove(channel);
        if (asked != null) {
          if (asked > 1) {
            leaving.put(channel, asked - 1);
          }
          return; // the confirmation of a room that closed
        }
        channels.remove(channel);
      }
      if (channel.equals(control)) {
        drop(); // its slot moved: a new connection gets a control channel on this master
      } else {
        moved.add(channel); // its slot moved to another master, or this one stepped down
        wake.release();
      }
    }

    @Override
    public void onSMessage(String channel, String message) {
      lastHeard = System.currentTimeMillis();
      if (!closed && !channel.equals(control)) {
        events.received(channel, message);
      }
    }
  }
}
