package dev.ensemble.bus;

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

  /** Starts receiving the room's messages; returns once the subscription is active or failed. */
  void subscribe(String room);

  void unsubscribe(String room);

  /** Publishes to every server subscribed to the room, best effort. */
  void publish(String room, String message);

  /** True while messages flow; false while the bus is unreachable. */
  boolean isConnected();

  @Override
  void close();
}
