package dev.ensemble.bus;

/** Receives what other servers publish on the rooms this server subscribed to. */
public interface BusListener {

  /** A message published on {@code room}'s channel; must only hand it on, not block. */
  void onMessage(String room, String message);

  /**
   * The bus lost messages, or may have (a reconnect after an outage): every subscribed room should
   * catch up from the store.
   */
  void onGap();

  /** The bus may have lost messages of {@code room}: it should catch up from the store. */
  void onGap(String room);
}
