package dev.ensemble.ws;

import dev.ensemble.room.Peer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A WebSocket session as a room sees it. Messages leave one at a time through the async remote, in
 * order, so that a slow client never blocks a room; a client that falls more than {@code
 * queueLimit} messages behind is disconnected and catches up when it reconnects.
 */
final class SessionPeer implements Peer {

  private static final Logger LOG = Logger.getLogger(SessionPeer.class.getName());
  static final int CLOSE_POLICY = 1008;

  private final Session session;
  private final String clientId = UUID.randomUUID().toString().substring(0, 8);
  private final int queueLimit;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean sending = new AtomicBoolean();
  private volatile CloseReason closing;

  SessionPeer(Session session, int queueLimit) {
    this.session = session;
    this.queueLimit = queueLimit;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public void send(String message) {
    if (closing != null) {
      return;
    }
    if (queued.incrementAndGet() > queueLimit) {
      close(CLOSE_POLICY, "too far behind; reconnect and catch up");
      return;
    }
    queue.add(message);
    sendNext();
  }

  /** Closes once the messages queued so far are sent, so that a last error still arrives. */
  @Override
  public void close(int code, String reason) {
    if (closing == null) {
      closing = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
      sendNext();
    }
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
    queued.decrementAndGet();
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
