package dev.ensemble.room;

/** One connected client of a room, as the room sees it. */
public interface Peer {

  /** The id the server gave this connection, used for presence. */
  String clientId();

  /** Queues a message for the client without blocking; messages arrive in the order sent. */
  void send(String message);

  /** Closes the connection with a WebSocket close code. */
  void close(int code, String reason);
}
