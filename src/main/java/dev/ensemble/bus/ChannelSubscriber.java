package dev.ensemble.bus;

import java.util.Optional;

/**
 * The connections on which the bus receives its rooms' channels: one to a single Redis or to the
 * master Sentinel names ({@link ChannelSubscription}), or one per shard of a Redis Cluster ({@link
 * ShardedSubscriptions}). The bus keeps which rooms are open and what to do with what arrives; a
 * subscriber keeps its connections subscribed and tells the bus through {@link SubscriptionEvents}.
 */
interface ChannelSubscriber {

  /** Receives, and reconnects after failures, until closed; runs on a thread of its own. */
  void run();

  /**
   * Subscribes a room's channel on the connection that serves it now.
   *
   * @return true if the confirmation will be told to {@link SubscriptionEvents#subscribed}; false
   *     if no connection can take it now: then the channel is subscribed once there is one, as the
   *     rest of {@link SubscriptionEvents#channels()}
   */
  boolean add(String channel);

  void remove(String channel);

  /** Run by the bus's watchdog every ping interval: drops a connection that stopped answering. */
  void check(long pingMillis);

  /** The Redis the subscriber last connected to, for the log; null before the first try. */
  String where();

  /** The masters of the shards subscribed now, for readiness data; empty for one Redis. */
  default Optional<String> shards() {
    return Optional.empty();
  }

  /** Ends the subscriptions; {@link #run()} returns. */
  void close();
}
