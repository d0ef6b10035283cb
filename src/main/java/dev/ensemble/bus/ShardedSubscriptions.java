package dev.ensemble.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
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
  private final Map<HostAndPort, ShardConnection> shards = new HashMap<>();

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
    List<ShardConnection> started = new ArrayList<>();
    List<ShardConnection> gone = new ArrayList<>();
    synchronized (this) {
      noteMasters(now);
      shards.values().removeIf(s -> !now.contains(s.node) && gone.add(s));
      for (HostAndPort master : now) {
        shards.computeIfAbsent(
            master,
            m -> {
              ShardConnection shard = new ShardConnection(this, m, controlChannel(m));
              started.add(shard);
              return shard;
            });
      }
    }
    gone.forEach(ShardConnection::drop);
    started.forEach(loops::execute);
    moved.retainAll(wanted);
    for (String channel : wanted) {
      HostAndPort owner = cluster.owner(channel);
      for (ShardConnection shard : shardList()) {
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

  private synchronized List<ShardConnection> shardList() {
    return List.copyOf(shards.values());
  }

  private static String join(Set<HostAndPort> nodes) {
    return nodes.stream().map(HostAndPort::toString).sorted().collect(Collectors.joining(","));
  }

  /** Tells the bus it is connected once every master's connection is subscribed. */
  void updateState() {
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
    ShardConnection shard;
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
    for (ShardConnection shard : shardList()) {
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
    shardList().forEach(ShardConnection::drop);
  }

  boolean isClosed() {
    return closed || events.isClosed();
  }

  SubscriptionEvents events() {
    return events;
  }

  ClusterRedis cluster() {
    return cluster;
  }

  DefaultJedisClientConfig subscriptionConfig() {
    return subscriptionConfig;
  }

  /** Whether a confirmation of the channel should send its room to the store; forgets it. */
  boolean takeMoved(String channel) {
    return moved.remove(channel);
  }

  /** Redis dropped the channel: the loop subscribes it where its slot is now. */
  void moved(String channel) {
    moved.add(channel);
    wake.release();
  }

  /** A connection that ended: the loop looks at the cluster again and makes a new one. */
  void ended(ShardConnection shard, Exception cause) {
    synchronized (this) {
      shards.remove(shard.node, shard);
    }
    if (!closed) {
      events.down(shard.node.toString(), cause);
      wake.release();
    }
  }
}
