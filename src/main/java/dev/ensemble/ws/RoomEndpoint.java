package dev.ensemble.ws;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.room.RoomManager;
import dev.ensemble.wire.ClientMessages;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Names;
import dev.ensemble.wire.ServerMessages;
import dev.ensemble.wire.WireException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket of one client in one room: decodes what the client sends, hands it to the room
 * manager, and reports bad input as an {@code error} message without closing the session.
 */
@ServerEndpoint("/ws/rooms/{roomId}")
@Dependent
public class RoomEndpoint {

  private static final Logger LOG = Logger.getLogger(RoomEndpoint.class.getName());

  /**
   * Frames above this size are refused by the container, which closes the session with 1009; frames
   * between the configured limit and this one get a {@code frame-too-large} error instead.
   */
  static final int CONTAINER_FRAME_LIMIT = 16 * 1024 * 1024;

  @Inject RoomManager rooms;
  @Inject EnsembleConfig config;

  private String roomId;
  private SessionPeer peer;

  @OnOpen
  public void open(Session session, @PathParam("roomId") String roomId) {
    peer = new SessionPeer(session, config.sendQueueLimit());
    try {
      this.roomId = Names.requireRoomId(roomId);
    } catch (WireException e) {
      peer.send(ServerMessages.error(e.code(), e.getMessage(), false));
      peer.close(SessionPeer.CLOSE_POLICY, "invalid room id");
      return;
    }
    rooms.join(this.roomId, peer);
  }

  @OnMessage(maxMessageSize = CONTAINER_FRAME_LIMIT)
  public void message(String text) {
    if (roomId == null) {
      return;
    }
    if (isTooLarge(text)) {
      peer.send(
          ServerMessages.error(
              ErrorCodes.FRAME_TOO_LARGE,
              "frames are limited to " + config.maxFrameBytes() + " bytes",
              false));
      return;
    }
    try {
      rooms.handle(roomId, peer, ClientMessages.decode(text));
    } catch (WireException e) {
      peer.send(ServerMessages.error(e.code(), e.getMessage(), false));
    }
  }

  private boolean isTooLarge(String text) {
    int limit = config.maxFrameBytes();
    // a UTF-16 unit takes at most 3 bytes in UTF-8, so short texts need no encoding
    return text.length() > limit / 3 && text.getBytes(StandardCharsets.UTF_8).length > limit;
  }

  @OnClose
  public void close(CloseReason reason) {
    if (roomId != null) {
      rooms.leave(roomId, peer);
    }
  }

  @OnError
  public void error(Throwable failure) {
    LOG.log(Level.FINE, "WebSocket error in room " + roomId, failure);
  }
}
