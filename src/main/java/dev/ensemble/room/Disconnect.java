package dev.ensemble.room;

/** Why the server ends a client's connection; the WebSocket layer maps each to a close code. */
public enum Disconnect {
  /** The server stops: reconnect, through the balancer, to another one. */
  SERVER_STOPPING,
  /** The store cannot be reached: try again later. */
  STORE_UNAVAILABLE,
  /** The client fell too far behind what the server sends it: reconnect and catch up. */
  TOO_FAR_BEHIND,
  /** The client kept breaking its limits or the protocol. */
  POLICY_VIOLATION,
  /** Nothing was heard from the client for longer than the heartbeat allows. */
  STALLED
}
