package dev.ensemble.room;

import dev.ensemble.wire.BusMessages;

/**
 * The author of an edit another server forwarded: what the room tells it goes back to that server
 * through the bus. The commit itself needs no answer, since the committed operation, published to
 * every server, tells the author's server; a resend's acknowledgement and a refusal do.
 */
final class RemoteAuthor implements Peer {

  /** Longest refusal message sent back; the bus refuses longer ones. */
  private static final int MAX_MESSAGE = 1024;

  private final String room;
  private final RoomContext context;
  private final String server;
  private final String src;

  RemoteAuthor(String room, RoomContext context, String server, String src) {
    this.room = room;
    this.context = context;
    this.server = server;
    this.src = src;
  }

  @Override
  public String clientId() {
    return "";
  }

  @Override
  public String src() {
    return src;
  }

  @Override
  public void send(ServerMessage message) {
    String self = context.settings().serverId();
    if (message instanceof ServerMessage.Ack ack) {
      context.bus().publish(room, BusMessages.forwardAcked(src, ack.seq(), ack.v(), self, server));
    } else if (message instanceof ServerMessage.Error error && error.seq() != null) {
      String text = error.message();
      context
          .bus()
          .publish(
              room,
              BusMessages.forwardRefused(
                  src,
                  error.seq(),
                  error.code(),
                  text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text,
                  error.retryable(),
                  self,
                  server));
    }
  }

  @Override
  public void close(Disconnect reason) {
    // the author's connection is on the other server, which closes it itself
  }
}
