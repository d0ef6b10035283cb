package dev.ensemble.bus;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The fast path between servers: committed operations and presence of a room, published on the
 * room's channel {@code room:{roomId}:operations}. Delivery is best effort; the store is the truth.
 */
public interface OperationBus extends AutoCloseable {

  static String channel(String room) {
    return "room:" + room + ":operations";
  }

  /** Sets the one listener of this server, before any subscription. */
  void listen(BusListener listener);

  /**
   * Adds a subscriber to the room's channel. The stage completes once the room's messages reach
   * this server, or once that could not be confirmed in time (the bus is down: rooms then poll the
   * store, and hear {@link BusListener#onGap(String)} if the subscription succeeds later). Each
   * call is undone by one {@link #unsubscribe}; the channel stays subscribed while any is left.
   */
  CompletionStage<Void> subscribe(String room);

  void unsubscribe(String room);

  /** Publishes to every server subscribed to the room, best effort; never blocks. */
  void publish(String room, String message);

  /** True while messages flow; false while the bus is unreachable. */
  boolean isConnected();

  /**
   * The Redis master this bus uses now, {@code host:port}, where Sentinel chooses it; empty where
   * there is no choice (one Redis, or none).
   */
  default Optional<String> master() {
    return Optional.empty();
  }

  /**
   * The masters of the Redis Cluster shards this bus is subscribed to, {@code host:port,…}; empty
   * without a cluster, and while not connected.
   */
  default Optional<String> shards() {
    return Optional.empty();
  }

  /**
   * Sets what runs each time the bus is back after an outage, for metrics; it must not block. A bus
   * that cannot lose its connection never runs it.
   */
  default void onReconnect(Runnable action) {}

  @Override
  void close();
}
