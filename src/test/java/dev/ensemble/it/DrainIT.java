package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Taking a server out of service as an operator does on any Jakarta EE server: {@code POST
 * /admin/drain} with the admin token closes every session with 1012, its frames sent, before it
 * answers, and leaves the server running but not ready. SIGTERM drains only where the server's
 * configuration opts in.
 */
class DrainIT {

  private static final String TOKEN = "drain-token-for-the-tests-0123456789";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theDrainClosesEverySessionWith1012BeforeItAnswersAndTheServerStaysUp() throws Exception {
    String room = Urls.freshRoom("drain");
    try (ServerProcess server =
            ServerProcess.create("drain", Map.of("ENSEMBLE_ADMIN_TOKEN", TOKEN)).start();
        LiveClient ada = new LiveClient("ada");
        LiveClient bob = new LiveClient("bob")) {
      for (LiveClient client : List.of(ada, bob)) {
        client.connect(Urls.room(server.url(), room));
      }
      Random random = new Random(11);
      await().until(() -> ada.version() >= 0 && bob.version() >= 0);
      for (int i = 0; i < 100; i++) {
        (i % 2 == 0 ? ada : bob).edit(random);
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ada.isSynchronized() && bob.isSynchronized());
      String typed = ada.document();

      assertThat(drain(server, null).statusCode()).isEqualTo(401);
      HttpResponse<String> wrong = drain(server, TOKEN + "x");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(json(wrong).getString("code")).isEqualTo("unauthorized");
      assertThat(ada.isConnected() && bob.isConnected()).isTrue();

      HttpResponse<String> drained = drain(server, TOKEN);
      assertThat(drained.statusCode()).isEqualTo(200);
      assertThat(json(drained).getInt("sessionsClosed")).isEqualTo(2);
      assertThat(json(drained).getInt("sessionsLeft")).isZero();
      // the close frames left before the answer; the clients only need to read them
      await().atMost(Duration.ofSeconds(2)).until(() -> ada.serverClosed() && bob.serverClosed());
      assertThat(List.of(ada.closeCodeSeen(), bob.closeCodeSeen())).containsOnly(1012);

      assertThat(server.isAlive()).isTrue();
      assertThat(server.isReady()).isFalse();
      try (LiveClient late = new LiveClient("late")) {
        late.connect(Urls.room(server.url(), room));
        await().atMost(Duration.ofSeconds(5)).until(late::serverClosed);
        assertThat(late.closeCodeSeen()).isEqualTo(1012);
      }
      assertThat(StoredRoom.read(server.url(), room).assertConsistent().content).isEqualTo(typed);
    }
  }

  @Test
  void theWarLeavesSigtermToTheJvmOfAServerThatRunsItWithoutTheLauncher() throws IOException {
    try (ServerProcess server =
        ServerProcess.create("bare-server", Map.of()).withoutDrainOnTerm().start()) {
      // the exit status of a JVM ended by SIGTERM through its own handler: nobody took it over
      assertThat(server.terminate()).isEqualTo(143);
      assertThat(Files.readString(server.messagesLog())).doesNotContain("drained:");
    }
  }

  @Test
  void theLauncherDrainsOnSigtermThenStopsTheServer() throws Exception {
    try (ServerProcess server = ServerProcess.create("launched", Map.of()).start();
        LiveClient ada = new LiveClient("ada")) {
      ada.connect(Urls.room(server.url(), Urls.freshRoom("launched")));
      await().until(() -> ada.version() >= 0);

      assertThat(server.terminate()).isZero();
      await().atMost(Duration.ofSeconds(2)).until(ada::serverClosed);
      assertThat(ada.closeCodeSeen()).isEqualTo(1012);
      assertThat(Files.readString(server.consoleLog()))
          .contains("drain-on-term: draining before the server stops");
    }
  }

  private static HttpResponse<String> drain(ServerProcess server, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.base() + "admin/drain"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }
}
