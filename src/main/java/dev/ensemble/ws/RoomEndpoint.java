package dev.ensemble.ws;

import dev.ensemble.access.AccessMode;
import dev.ensemble.access.Audit;
import dev.ensemble.access.Credential;
import dev.ensemble.access.Grant;
import dev.ensemble.access.KeysUnavailableException;
import dev.ensemble.access.PersonPrincipal;
import dev.ensemble.access.Role;
import dev.ensemble.access.RoomGate;
import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.room.Disconnect;
import dev.ensemble.room.RoomManager;
import dev.ensemble.room.ServerMessage;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.ClientMessage;
import dev.ensemble.wire.ClientMessages;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Names;
import dev.ensemble.wire.Sources;
import dev.ensemble.wire.WireException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket of one client in one room. It polices the session — the size of each message, the
 * rates, the source the session submits under — decodes what the client sends and hands it to the
 * room manager; bad input gets an {@code error} message and the session carries on.
 *
 * <p>A session starts with the client's {@code hello}, which binds its source and carries the key
 * that opens the room (signed in, the person the handshake's bearer token named); once let in, it
 * joins the room and gets the document. Every edit and change of language is checked against what
 * the session's key gives at that moment.
 */
@ServerEndpoint("/ws/rooms/{roomId}")
@Dependent
public class RoomEndpoint {

  private static final Logger LOG = Logger.getLogger(RoomEndpoint.class.getName());

  @Inject RoomManager rooms;
  @Inject EnsembleConfig config;
  @Inject SessionRegistry registry;
  @Inject RoomGate gate;
  @Inject Audit audit;
  @Inject SessionObserver observer;

  private String roomId;
  private SessionPeer peer;
  private FrameAssembler frames;
  private SessionLimits limits;
  private Credential.Person person;

  private static final int MAX_SHOWN_NAME = 64;

  @OnOpen
  public void open(Session session, @PathParam("roomId") String roomId) {
    peer = new SessionPeer(session, config.sendQueueBytes(), observer);
    if (session.getUserPrincipal() instanceof PersonPrincipal signedIn) {
      person = signedIn.person();
    }
    try {
      this.roomId = Names.requireRoomId(roomId);
    } catch (WireException e) {
      peer.reply(ServerMessage.Error.of(e.code(), e.getMessage(), false));
      peer.close(Disconnect.POLICY_VIOLATION);
      return;
    }
    frames = new FrameAssembler(config.maxFrameBytes());
    limits = new SessionLimits(config.rates());
    registry.add(peer, this.roomId);
  }

  @OnMessage
  public void message(String part, boolean last) {
    if (roomId == null) {
      return;
    }
    peer.heard();
    FrameAssembler.Result result = frames.add(part, last);
    if (result instanceof FrameAssembler.TooLarge tooLarge) {
      refuse(
          tooLarge.seq(),
          ErrorCodes.FRAME_TOO_LARGE,
          "this message has "
              + tooLarge.bytes()
              + " bytes; messages are limited to "
              + config.maxFrameBytes()
              + " bytes",
          null);
    } else if (result instanceof FrameAssembler.Complete complete) {
      try {
        handle(ClientMessages.decode(complete.text()), complete.text().length());
      } catch (WireException e) {
        refuse(null, e.code(), e.getMessage(), null);
      }
    }
  }

  private void handle(ClientMessage message, long size) {
    if (message instanceof ClientMessage.Pong) {
      return;
    }
    if (message instanceof ClientMessage.Hello hello) {
      hello(hello);
      return;
    }
    if (!peer.isBound()) {
      refuse(null, ErrorCodes.BAD_MESSAGE, "the first message must be a hello", null);
      return;
    }
    if (message instanceof ClientMessage.Submit submit) {
      if (mayEdit(submit.seq())) {
        submit(submit, size);
      }
    } else if (message instanceof ClientMessage.PresenceUpdate presence) {
      // a signed-in person is shown by the name the issuer gave, whatever the page says
      within(
          SessionLimits.Kind.PRESENCE,
          size,
          null,
          person == null ? presence : presence.withName(shown(person.name())));
    } else if (message instanceof ClientMessage.LanguageChange) {
      if (mayEdit(null)) {
        within(SessionLimits.Kind.LANGUAGE, size, null, message);
      }
    } else if (message instanceof ClientMessage.Catchup) {
      within(SessionLimits.Kind.CATCHUPS, size, null, message);
    }
  }

  private void hello(ClientMessage.Hello hello) {
    if (peer.isBound()) {
      refuse(null, ErrorCodes.BAD_MESSAGE, "this session said hello already", null);
      return;
    }
    RoomGate.Admission admission;
    try {
      admission = gate.enter(roomId, person, hello.secret());
    } catch (WireException e) {
      peer.reply(ServerMessage.Error.of(e.code(), e.getMessage(), false));
      peer.close(AccessMessages.closeCode(e.code()), e.code());
      return;
    } catch (StoreUnavailableException e) {
      peer.reply(
          ServerMessage.Error.of(
              ErrorCodes.STORE_UNAVAILABLE, "the store cannot be reached; try again", true));
      peer.close(Disconnect.STORE_UNAVAILABLE);
      return;
    } catch (KeysUnavailableException e) {
      peer.reply(ServerMessage.Error.of(ErrorCodes.ISSUER_UNAVAILABLE, e.getMessage(), true));
      peer.close(Disconnect.STORE_UNAVAILABLE);
      return;
    }
    Grant grant = admission.grant();
    peer.admit(grant, admission.credential());
    peer.archived(admission.archived());
    peer.bind(Sources.fromKey(hello.key()));
    if (gate.mode() != AccessMode.OPEN) {
      peer.sendText(AccessMessages.role(grant.role(), admission.archived()));
    }
    audit.joined(roomId, grant);
    rooms.join(roomId, peer);
  }

  /**
   * Only editors and owners change the document or its language, and nobody while the room is
   * archived; the grant and the archive may change anytime.
   */
  private boolean mayEdit(Long seq) {
    if (!peer.grant().role().includes(Role.EDITOR)) {
      refuse(seq, ErrorCodes.FORBIDDEN, "this session may only view the room", null);
      return false;
    }
    if (peer.archived()) {
      // not a strike: a client that had not heard of the archive yet is not misbehaving
      peer.reply(
          new ServerMessage.Error(
              ErrorCodes.ROOM_ARCHIVED,
              "the room is archived: it is read-only until its owner unarchives it",
              false,
              seq,
              null));
      return false;
    }
    return true;
  }

  private void submit(ClientMessage.Submit submit, long size) {
    if (submit.src() != null && !submit.src().equals(peer.src())) {
      refuse(
          submit.seq(),
          ErrorCodes.FORBIDDEN,
          "this session submits as " + peer.src() + ", not as " + submit.src(),
          null);
      return;
    }
    if (peer.submitted() > config.rates().maxQueuedSubmissions()) {
      observer.rateLimited("unanswered");
      peer.send(
          new ServerMessage.Error(
              ErrorCodes.RATE_LIMITED,
              "too many submissions wait for an answer; wait for them",
              true,
              submit.seq(),
              100L));
      strike();
      return;
    }
    long wait = limits.take(SessionLimits.Kind.OPS, size);
    if (wait > 0) {
      observer.rateLimited(SessionLimits.Kind.OPS.label());
      peer.send(
          new ServerMessage.Error(
              ErrorCodes.RATE_LIMITED, "too many operations", true, submit.seq(), wait));
      strike();
      return;
    }
    rooms.handle(roomId, peer, submit.withSource(peer.src()));
  }

  private void within(SessionLimits.Kind kind, long size, Long seq, ClientMessage message) {
    long wait = limits.take(kind, size);
    if (wait > 0) {
      observer.rateLimited(kind.label());
      refuse(seq, ErrorCodes.RATE_LIMITED, "too many messages", wait);
      return;
    }
    rooms.handle(roomId, peer, message);
  }

  private void refuse(Long seq, String code, String message, Long retryAfterMs) {
    peer.reply(new ServerMessage.Error(code, message, retryAfterMs != null, seq, retryAfterMs));
    strike();
  }

  /** A session that keeps being refused is closed: it is broken or hostile. */
  private void strike() {
    if (limits.strike()) {
      peer.close(Disconnect.POLICY_VIOLATION);
    }
  }

  @OnClose
  public void close() {
    if (roomId != null) {
      registry.remove(peer);
      rooms.leave(roomId, peer);
      if (peer.isBound()) {
        audit.left(roomId, peer.grant());
      }
    }
  }

  @OnError
  public void error(Throwable failure) {
    LOG.log(Level.FINE, "WebSocket error in room " + roomId, failure);
  }

  /** A name as presence carries it: at most 64 UTF-16 units, never half a surrogate pair. */
  static String shown(String name) {
    if (name.length() <= MAX_SHOWN_NAME) {
      return name;
    }
    int end = MAX_SHOWN_NAME;
    if (Character.isHighSurrogate(name.charAt(end - 1))) {
      end--;
    }
    return name.substring(0, end);
  }
}
