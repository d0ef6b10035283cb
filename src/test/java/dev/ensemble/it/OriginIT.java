package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page of another site cannot open a room through a visitor's browser: the handshake names the
 * page's origin, and only the server's own and the listed ones are let through.
 */
class OriginIT {

  private static final String LISTED = "https://ide.example.com";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ServerProcess server;

  @BeforeAll
  static void start() {
    server = ServerProcess.create("origins", Map.of("ENSEMBLE_ALLOWED_ORIGINS", LISTED)).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static URI room() {
    return Urls.room(server.url(), Urls.freshRoom("origin"));
  }

  /** The handshake's status: 101 when the socket opened. */
  private static int handshake(String origin) {
    try {
      WebSocket socket =
          HTTP.newWebSocketBuilder()
              .header("Origin", origin)
              .buildAsync(room(), new WebSocket.Listener() {})
              .join();
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
      return 101;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }

  @Test
  void aPageOfAnotherSiteIsRefusedWith403() throws Exception {
    assertThat(handshake("http://evil.example")).isEqualTo(403);
    assertThat(handshake("null")).isEqualTo(403);
    assertThat(handshake("http://localhost:" + (server.port() + 1))).isEqualTo(403);

    HttpResponse<String> refusal =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.base() + "ws/rooms/any"))
                .header("Origin", "http://evil.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refusal.statusCode()).isEqualTo(403);
    JsonObject body = Json.createReader(new StringReader(refusal.body())).readObject();
    assertThat(body.getString("code")).isEqualTo("forbidden-origin");
    assertThat(body.getString("message")).contains("ENSEMBLE_ALLOWED_ORIGINS");
  }

  @Test
  void aPageOfTheServerItselfAndListedOriginsOpenRooms() {
    assertThat(handshake("http://localhost:" + server.port())).isEqualTo(101);
    assertThat(handshake(LISTED)).isEqualTo(101);
  }

  @Test
  void aProgramWithoutOriginStillJoins() {
    try (WsClient client = WsClient.connect(room())) {
      assertThat(client.await("snapshot").getInt("v")).isZero();
    }
  }
}
