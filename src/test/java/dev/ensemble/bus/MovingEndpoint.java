package dev.ensemble.bus;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;

/**
 * A master that moves as Sentinel moves it, at a moment the test knows: the subscription's first
 * tries go to an address where nothing listens, and while it makes try number {@code moveAt}, the
 * master moves to a real Redis.
 */
final class MovingEndpoint implements RedisEndpoint {

  private final HostAndPort dead;
  private final DirectRedis live;
  private final int moveAt;
  private final AtomicInteger tries = new AtomicInteger();
  private volatile HostAndPort elected;
  private volatile long movedNanos;

  MovingEndpoint(HostAndPort dead, DirectRedis live, int moveAt) {
    this.dead = dead;
    this.live = live;
    this.moveAt = moveAt;
    this.elected = dead;
  }

  /** When the master moved, in {@link System#nanoTime()}; 0 before. */
  long movedNanos() {
    return movedNanos;
  }

  @Override
  public UnifiedJedis client() {
    return live.client();
  }

  @Override
  public HostAndPort master() {
    HostAndPort now = elected;
    if (tries.incrementAndGet() == moveAt) {
      elected = live.master();
      movedNanos = System.nanoTime();
      return dead; // this try still goes to the old master, as one does while Sentinel switches
    }
    return now;
  }

  @Override
  public JedisClientConfig config() {
    return live.config();
  }

  @Override
  public Optional<HostAndPort> electedMaster() {
    return Optional.of(elected);
  }

  @Override
  public void close() {
    live.close();
  }
}
