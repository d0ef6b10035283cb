package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No client can stall a room or act as another: each session submits under the source bound to it,
 * keeps to its rates, and is dropped when it stops answering. A server of its own, with a short
 * heartbeat and a low operation rate so that the tests need not wait long.
 */
class SessionPolicyIT {

  private static final int HEARTBEAT_SECONDS = 2;
  private static ServerProcess server;

  @BeforeAll
  static void start() {
    server =
        ServerProcess.create(
                "policy",
                Map.of(
                    "ENSEMBLE_HEARTBEAT_SECONDS",
                    Integer.toString(HEARTBEAT_SECONDS),
                    "ENSEMBLE_RATE_OPS",
                    "20"))
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static URI room(String name) {
    return Urls.room(server.url(), name);
  }

  private static String op(long v, String insert, long seq) {
    String ops = v == 0 ? "[\"" + insert + "\"]" : "[\"" + insert + "\"," + v + "]";
    return "{\"type\":\"op\",\"seq\":" + seq + ",\"v\":" + v + ",\"op\":" + ops + "}";
  }

  @Test
  void aWebSocketConnectionLeavesNoHttpSessionBehind() throws Exception {
    URI room = room(Urls.freshRoom("no-session"));
    try (Socket socket = new Socket(room.getHost(), room.getPort())) {
      socket.setSoTimeout(10_000);
      String handshake =
          "GET "
              + room.getRawPath()
              + " HTTP/1.1\r\nHost: "
              + room.getHost()
              + ":"
              + room.getPort()
              + "\r\nOrigin: http://"
              + room.getHost()
              + ":"
              + room.getPort()
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
      socket.getOutputStream().write(handshake.getBytes(StandardCharsets.US_ASCII));
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      List<String> head = new ArrayList<>();
      for (String line = reader.readLine(); line != null && !line.isEmpty(); ) {
        head.add(line);
        line = reader.readLine();
      }

      assertThat(head.get(0)).contains(" 101 ");
      assertThat(head).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("set-cookie"));
    }
  }

  @Test
  void nobodyCanSubmitUnderAnotherSessionsSource() {
    URI room = room(Urls.freshRoom("forged-src"));
    try (WsClient alice = WsClient.connect(room);
        WsClient mallory = WsClient.connect(room)) {
      alice.await("snapshot");
      mallory.await("snapshot");

      // mallory takes alice's next submission, hoping hers would then be acknowledged and dropped
      mallory.send(
          "{\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":[\"evil\"],\"src\":\"" + alice.src() + "\"}");
      JsonObject refused = mallory.await("error", e -> e.getInt("seq", 0) == 1);
      assertThat(refused.getString("code")).isEqualTo("forbidden");
      alice.send(op(0, "mine", 1));

      assertThat(alice.await("ack").getInt("v")).isEqualTo(1);
    }
    try (WsClient check = WsClient.connect(room)) {
      assertThat(check.await("snapshot").getString("content")).isEqualTo("mine");
    }
  }

  @Test
  void aSessionOverItsRateIsToldWhenToRetryAndOneThatKeepsPushingIsClosed() {
    URI room = room(Urls.freshRoom("flood"));
    try (WsClient mallory = WsClient.connect(room)) {
      mallory.await("snapshot");
      sendUntilClosed(mallory, 200);

      JsonObject limited = mallory.await("error", e -> e.getString("code").equals("rate-limited"));
      assertThat(limited.getBoolean("retryable")).isTrue();
      assertThat(limited.getJsonNumber("retryAfterMs").longValue()).isPositive();
      assertThat(limited.containsKey("seq")).isTrue();
      assertThat(mallory.awaitClose()).isEqualTo(1008);
    }
  }

  /** Sends up to {@code count} edits as fast as it can, stopping when the server closes. */
  private static void sendUntilClosed(WsClient client, int count) {
    try {
      for (int seq = 1; seq <= count && !client.isClosed(); seq++) {
        client.send(op(0, "x", seq));
      }
    } catch (RuntimeException closedMeanwhile) {
      assertThat(client.awaitClose()).isPositive();
    }
  }

  @Test
  void aClientThatOnlyTalksStillHearsFromTheServerEveryHeartbeat() {
    URI room = room(Urls.freshRoom("talker"));
    try (WsClient talker = WsClient.connect(room)) {
      talker.await("snapshot");
      // moving its caret twice a heartbeat, in a room where nobody else does anything
      ScheduledExecutorService caret = Executors.newSingleThreadScheduledExecutor();
      try {
        caret.scheduleAtFixedRate(
            () ->
                talker.send(
                    "{\"type\":\"presence\",\"name\":\"T\",\"color\":\"#123456\",\"v\":0,"
                        + "\"selections\":[[0,0]]}"),
            0,
            HEARTBEAT_SECONDS * 500L,
            TimeUnit.MILLISECONDS);

        await()
            .atMost(Duration.ofSeconds(3L * HEARTBEAT_SECONDS))
            .until(() -> talker.received().contains("{\"type\":\"ping\"}"));
      } finally {
        caret.shutdownNow();
      }
    }
  }

  @Test
  void aClientThatStopsAnsweringIsDroppedAndLeavesTheRoom() {
    URI room = room(Urls.freshRoom("stalled"));
    try (WsClient stalled = WsClient.connectSilently(room);
        WsClient bob = WsClient.connect(room)) {
      // says hello but never answers a ping, as behind a network that stopped delivering
      stalled.send("{\"type\":\"hello\",\"key\":\"" + WsClient.newKey() + "\"}");
      String stalledId = stalled.await("snapshot").getString("clientId");
      stalled.send(
          "{\"type\":\"presence\",\"name\":\"Stalled\",\"color\":\"#123456\",\"v\":0,"
              + "\"selections\":[[0,0]]}");
      bob.await("presence", p -> p.getString("clientId").equals(stalledId));

      JsonObject left =
          bob.await(
              "presence",
              p -> p.getString("clientId").equals(stalledId) && p.getBoolean("left", false));
      assertThat(left).isNotNull();
      await().atMost(Duration.ofSeconds(3L * HEARTBEAT_SECONDS)).until(() -> stalled.isClosed());
      assertThat(stalled.received()).anyMatch(m -> m.equals("{\"type\":\"ping\"}"));
      assertThat(bob.isClosed()).isFalse();
    }
  }
}
