package dev.ensemble.bus;

import java.util.List;

/** What a {@link ChannelSubscriber} tells the bus, and asks it. */
interface SubscriptionEvents {

  /** The channels of the rooms open now, to subscribe on a new connection. */
  List<String> channels();

  /**
   * Redis confirmed a room's channel.
   *
   * @param missedSome the channel was subscribed elsewhere before (its slot moved) or later than
   *     its room asked: its room should read the store for what came meanwhile
   */
  void subscribed(String channel, boolean missedSome);

  /** A message on a room's channel. */
  void received(String channel, String message);

  /** Messages flow again, or for the first time, from {@code at}. */
  void up(String at);

  /** Messages no longer flow, for {@code cause}; the rooms poll the store meanwhile. */
  void down(String at, Exception cause);

  boolean isClosed();
}
