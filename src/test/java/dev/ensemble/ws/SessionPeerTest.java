package dev.ensemble.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.room.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session's send queue, over a session whose client reads only when the test says so. */
class SessionPeerTest {

  /** Sends wait until {@link #deliverOne} completes them, as over a slow network. */
  private static final class SlowSession {
    final List<String> sent = new ArrayList<>();
    final List<SendHandler> waiting = new ArrayList<>();
    CloseReason closed;

    Session session() {
      RemoteEndpoint.Async remote =
          (RemoteEndpoint.Async)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {RemoteEndpoint.Async.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                      sent.add((String) args[0]);
                      waiting.add((SendHandler) args[1]);
                    }
                    return null;
                  });
      return (Session)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Session.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "isOpen" -> closed == null;
                    case "close" -> {
                      closed = (CloseReason) args[0];
                      yield null;
                    }
                    default -> null;
                  });
    }

    void deliverOne() {
      waiting.remove(0).onResult(new SendResult());
    }
  }

  private static ServerMessage.Op op(String text) {
    return new ServerMessage.Op(
        1, dev.ensemble.ot.TextOperation.builder().insert(text).build(), "s", 1, null);
  }

  @Test
  void messagesLeaveOneAtATimeInOrder() {
    SlowSession slow = new SlowSession();
    SessionPeer peer = new SessionPeer(slow.session(), 1 << 20, SessionObserver.NONE);

    peer.send(op("one"));
    peer.send(op("two"));
    assertThat(slow.sent).hasSize(1);
    slow.deliverOne();

    assertThat(slow.sent).hasSize(2);
    assertThat(slow.sent.get(1)).contains("two");
  }

  @Test
  void aClientThatFallsBehindByTheQueuesBytesIsClosedWith1008() {
    SlowSession slow = new SlowSession();
    SessionPeer peer = new SessionPeer(slow.session(), 100_000, SessionObserver.NONE);

    // the first goes out at once; what waits behind it is counted in bytes, not messages
    for (int i = 0; i < 6 && !peer.isClosing(); i++) {
      peer.send(op("x".repeat(10_000)));
    }
    assertThat(peer.isClosing()).isTrue();
    slow.deliverOne();
    while (!slow.waiting.isEmpty()) {
      slow.deliverOne();
    }

    assertThat(slow.closed.getCloseCode().getCode()).isEqualTo(1008);
  }

  @Test
  void errorsAreCountedByCodeAndAnOverflowOnce() {
    List<String> heard = new ArrayList<>();
    SessionObserver observer =
        new SessionObserver() {
          @Override
          public void error(String code) {
            heard.add("error " + code);
          }

          @Override
          public void rateLimited(String limit) {
            heard.add("limited " + limit);
          }

          @Override
          public void queueOverflowed() {
            heard.add("overflow");
          }
        };
    SlowSession slow = new SlowSession();
    SessionPeer peer = new SessionPeer(slow.session(), 100_000, observer);

    peer.reply(ServerMessage.Error.of("bad-json", "not JSON", false));
    peer.send(ServerMessage.Error.about(3, "forbidden", "viewer", false));
    peer.send(op("fine"));
    for (int i = 0; i < 6; i++) {
      peer.send(op("x".repeat(10_000)));
    }

    assertThat(heard).containsExactly("error bad-json", "error forbidden", "overflow");
  }

  @Test
  void oneMessageLargerThanTheQueueStillGoesOutAlone() {
    SlowSession slow = new SlowSession();
    SessionPeer peer = new SessionPeer(slow.session(), 1000, SessionObserver.NONE);

    peer.send(op("x".repeat(5000)));

    assertThat(slow.sent).hasSize(1);
    assertThat(peer.isClosing()).isFalse();
  }
}
