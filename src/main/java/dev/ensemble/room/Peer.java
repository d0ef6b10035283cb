package dev.ensemble.room;

/** One connected client of a room, as the room sees it. */
public interface Peer {

  /** The id the server gave this connection, used for presence. */
  String clientId();

  /** The operation source the server bound to this connection. */
  String src();

  /** Queues a message for the client without blocking; messages arrive in the order sent. */
  void send(ServerMessage message);

  /** Closes the connection once the messages queued so far are sent. */
  void close(Disconnect reason);
}
