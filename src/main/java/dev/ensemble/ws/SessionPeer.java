package dev.ensemble.ws;

import dev.ensemble.access.Credential;
import dev.ensemble.access.Grant;
import dev.ensemble.room.Disconnect;
import dev.ensemble.room.Peer;
import dev.ensemble.room.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A WebSocket session as a room sees it. Messages leave one at a time through the async remote, in
 * order, so that a slow client never blocks a room; a client that lets more than {@code
 * queueLimitBytes} of messages pile up is disconnected and catches up when it reconnects. Also
 * keeps what the endpoint needs to police the session: the source bound to it, when it was last
 * heard from, and how many of its submissions wait for an answer.
 */
final class SessionPeer implements Peer {

  private static final Logger LOG = Logger.getLogger(SessionPeer.class.getName());

  private final Session session;
  private final String clientId = UUID.randomUUID().toString().substring(0, 8);
  private final long queueLimitBytes;
  private final SessionObserver observer;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicInteger unanswered = new AtomicInteger();
  private volatile CloseReason closing;
  private volatile String src;
  private volatile Grant grant;
  private volatile Credential credential;
  private volatile boolean archived;
  private volatile long lastHeard = System.nanoTime();
  private volatile long lastPinged = System.nanoTime();
  private volatile long lastSent = System.nanoTime();

  SessionPeer(Session session, long queueLimitBytes, SessionObserver observer) {
    this.session = session;
    this.queueLimitBytes = queueLimitBytes;
    this.observer = observer;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public String src() {
    return src;
  }

  void bind(String boundSrc) {
    this.src = boundSrc;
  }

  boolean isBound() {
    return src != null;
  }

  /** Lets the session in with what {@code presented} gives, checked again after every change. */
  void admit(Grant admitted, Credential presented) {
    this.credential = presented;
    this.grant = admitted;
  }

  /** What the session may do, or null before it was let in. */
  Grant grant() {
    return grant;
  }

  void regrant(Grant changed) {
    this.grant = changed;
  }

  Credential credential() {
    return credential;
  }

  /** Whether the room was archived when the session last heard of its access: read-only. */
  boolean archived() {
    return archived;
  }

  void archived(boolean now) {
    this.archived = now;
  }

  /** From the room: an acknowledgement or an error about a submission answers it. */
  @Override
  public void send(ServerMessage message) {
    if (message instanceof ServerMessage.Ack
        || (message instanceof ServerMessage.Error e && e.seq() != null)) {
      unanswered.decrementAndGet();
    }
    reply(message);
  }

  /** From the endpoint itself, about a message it did not hand to the room. */
  void reply(ServerMessage message) {
    if (message instanceof ServerMessage.Error e) {
      observer.error(e.code());
    }
    sendText(MessageEncoder.encode(message));
  }

  /** A submission went to the room; it counts until its acknowledgement or error is sent. */
  int submitted() {
    return unanswered.incrementAndGet();
  }

  void sendText(String text) {
    if (closing != null) {
      return;
    }
    // a Java string takes up to two bytes per unit on the heap
    long size = 2L * text.length();
    long queued = queuedBytes.addAndGet(size);
    if (queued > queueLimitBytes && queued > size) {
      queuedBytes.addAndGet(-size);
      observer.queueOverflowed();
      close(Disconnect.TOO_FAR_BEHIND);
      return;
    }
    queue.add(text);
    lastSent = System.nanoTime();
    sendNext();
  }

  void heard() {
    lastHeard = System.nanoTime();
  }

  /** Nanoseconds since anything arrived from the client. */
  long silentNanos() {
    return System.nanoTime() - lastHeard;
  }

  /** Nanoseconds since a message was last queued for the client. */
  long quietNanos() {
    return System.nanoTime() - lastSent;
  }

  /** Nanoseconds since the last ping, or since the session began. */
  long sincePingNanos() {
    return System.nanoTime() - lastPinged;
  }

  void pinged() {
    lastPinged = System.nanoTime();
  }

  boolean isClosing() {
    return closing != null;
  }

  /** Closes once the messages queued so far are sent, so that a last error still arrives. */
  @Override
  public void close(Disconnect reason) {
    close(closeCode(reason), describe(reason));
  }

  void close(int code, String reason) {
    if (closing == null) {
      closing = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
      sendNext();
    }
  }

  /** Drops the connection without waiting for anything queued: the client no longer answers. */
  void abort(Disconnect reason) {
    queue.clear();
    queuedBytes.set(0);
    closing = new CloseReason(CloseReason.CloseCodes.getCloseCode(closeCode(reason)), "stalled");
    closeNow();
  }

  static int closeCode(Disconnect reason) {
    return switch (reason) {
      case SERVER_STOPPING -> 1012;
      case STORE_UNAVAILABLE -> 1013;
      case TOO_FAR_BEHIND, POLICY_VIOLATION -> 1008;
      case STALLED -> 1001;
    };
  }

  private static String describe(Disconnect reason) {
    return switch (reason) {
      case SERVER_STOPPING -> "server stopping";
      case STORE_UNAVAILABLE -> "store unavailable";
      case TOO_FAR_BEHIND -> "too far behind; reconnect and catch up";
      case POLICY_VIOLATION -> "too many refused messages";
      case STALLED -> "no heartbeat";
    };
  }

  private void sendNext() {
    if (!sending.compareAndSet(false, true)) {
      return;
    }
    String next = queue.poll();
    if (next == null) {
      sending.set(false);
      if (!queue.isEmpty()) {
        sendNext();
      } else if (closing != null) {
        closeNow();
      }
      return;
    }
    queuedBytes.addAndGet(-2L * next.length());
    try {
      session.getAsyncRemote().sendText(next, this::sent);
    } catch (RuntimeException e) {
      sent(new SendResult(e));
    }
  }

  private void sent(SendResult result) {
    sending.set(false);
    if (!result.isOK()) {
      LOG.log(Level.FINE, "send to " + clientId + " failed", result.getException());
      queue.clear();
      queuedBytes.set(0);
      closing = new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed");
      return;
    }
    sendNext();
  }

  private void closeNow() {
    try {
      if (session.isOpen()) {
        session.close(closing);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "closing " + clientId + " failed", e);
    }
  }
}
