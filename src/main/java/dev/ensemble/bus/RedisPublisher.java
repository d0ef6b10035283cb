package dev.ensemble.bus;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Publishes from a thread of its own, so that a slow or frozen Redis never holds up a room: rooms
 * only queue their messages. The queue is bounded by bytes; what does not fit is dropped, and once
 * Redis takes messages again each room that lost some gets a gap notice, so that the other servers
 * read the store for what they missed.
 */
final class RedisPublisher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RedisPublisher.class.getName());

  private record Message(String room, String text) {}

  private final RedisEndpoint redis;
  private final BusSigner signer;
  private final long maxQueuedBytes;
  private final Consumer<Exception> onFailure;
  private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Set<String> lostRooms = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param redis where to publish; asked for each message, since the master may not be known yet
   *     (Sentinel not reached) or change; the caller closes it
   * @param executor runs the publishing loop, a thread for as long as the publisher lives
   * @param onFailure told when Redis refused a message twice, for the bus to count as down
   */
  RedisPublisher(
      RedisEndpoint redis,
      BusSigner signer,
      long maxQueuedBytes,
      Executor executor,
      Consumer<Exception> onFailure) {
    this.redis = redis;
    this.signer = signer;
    this.maxQueuedBytes = maxQueuedBytes;
    this.onFailure = onFailure;
    executor.execute(this::loop);
  }

  /** Queues signed {@code text} for the room's channel; drops it if the queue is full. */
  void publish(String room, String text) {
    long size = 2L * text.length();
    if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
      queuedBytes.addAndGet(-size);
      if (lostRooms.add(room) && lostRooms.size() == 1) {
        LOG.warning("Redis does not keep up; dropping messages, other servers will read the store");
      }
      return;
    }
    queue.add(new Message(room, text));
  }

  /** Messages waiting to be published. */
  int queued() {
    return queue.size();
  }

  private void loop() {
    while (!closed) {
      Message next;
      try {
        next = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next == null) {
        continue;
      }
      queuedBytes.addAndGet(-2L * next.text().length());
      if (send(next.room(), next.text()) && !lostRooms.isEmpty()) {
        noticeGaps();
      }
    }
  }

  private void noticeGaps() {
    for (String room : Set.copyOf(lostRooms)) {
      if (signer.sign(RedisOperationBus.GAP).map(gap -> send(room, gap)).orElse(false)) {
        lostRooms.remove(room);
      }
    }
  }

  private boolean send(String room, String text) {
    String channel = OperationBus.channel(room);
    try {
      redis.publish(channel, text);
      return true;
    } catch (JedisException first) {
      // the first publish after an outage fails on a stale pooled connection
      try {
        redis.publish(channel, text);
        return true;
      } catch (JedisException again) {
        lostRooms.add(room);
        onFailure.accept(again);
        return false;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
