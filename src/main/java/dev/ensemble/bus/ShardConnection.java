package dev.ensemble.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The connection of {@link ShardedSubscriptions} to one master of a Redis Cluster: it subscribes
 * its control channel, then the open rooms that master serves, then the control channel again as a
 * barrier, and counts as up once that is confirmed. It is used once: a connection that ends is
 * replaced by a new one. Writes to it are serialised; reading is its own thread's.
 */
final class ShardConnection extends JedisShardedPubSub implements Runnable {

  private static final Logger LOG = Logger.getLogger(RedisOperationBus.class.getName());

  private final ShardedSubscriptions owner;
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

  ShardConnection(ShardedSubscriptions owner, HostAndPort node, String control) {
    this.owner = owner;
    this.node = node;
    this.control = control;
  }

  @Override
  public void run() {
    Exception failure = null;
    try (Jedis connection = new Jedis(node, owner.subscriptionConfig())) {
      synchronized (this) {
        if (dropped || owner.isClosed()) {
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
        owner.ended(this, failure);
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
    if (owner.isClosed()) {
      drop();
    } else if (!channel.equals(control)) {
      owner.events().subscribed(channel, owner.takeMoved(channel));
    } else if (controlConfirmation() == 1) {
      subscribeRooms();
    } else if (!up && controlConfirmationsSoFar() >= 2) {
      up = true;
      owner.updateState();
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
   * that open from now on are subscribed by {@link #add}; the list is read outside this lock, since
   * the bus holds its own while it calls {@link #add}.
   */
  private void subscribeRooms() {
    List<String> mine = new ArrayList<>();
    for (String channel : owner.events().channels()) {
      if (node.equals(owner.cluster().owner(channel))) {
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
    if (owner.isClosed()) {
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
      owner.moved(channel); // its slot moved to another master, or this one stepped down
    }
  }

  @Override
  public void onSMessage(String channel, String message) {
    lastHeard = System.currentTimeMillis();
    if (!owner.isClosed() && !channel.equals(control)) {
      owner.events().received(channel, message);
    }
  }
}
