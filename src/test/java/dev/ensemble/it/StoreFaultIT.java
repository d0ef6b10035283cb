package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.StoreProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server and the standalone store in processes of their own, and the store failing as stores do:
 * not there yet when the server starts, or hung (stopped with SIGSTOP: sockets open, no answer).
 */
class StoreFaultIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static ServerProcess server(String name, StoreProcess store) {
    return ServerProcess.create(
        name,
        Map.of(
            "MONGODB_URI", store.uri(),
            "ENSEMBLE_STORE_TIMEOUT_MS", "1000",
            "ENSEMBLE_STORE_CHECK_MS", "500"));
  }

  /** The readiness answer, which must come within a second whatever the store does. */
  private static HttpResponse<String> readiness(ServerProcess server) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(Urls.health(server.url(), "ready"))
            .timeout(Duration.ofSeconds(1))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String op(long v, String insert, long seq) {
    String ops = v == 0 ? "[\"" + insert + "\"]" : "[\"" + insert + "\"," + v + "]";
    return "{\"type\":\"op\",\"seq\":" + seq + ",\"v\":" + v + ",\"op\":" + ops + "}";
  }

  @Test
  void aServerStartedBeforeItsStoreBecomesReadyWhenTheStoreComes() throws Exception {
    try (StoreProcess store = new StoreProcess(Path.of("target/it-stores/late"));
        ServerProcess server = server("store-late", store).launch()) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> server.status("/health/ready") == 503 && readinessSays(server, "unreachable"));

      store.start();

      server.awaitReady();
      String room = Urls.freshRoom("late");
      try (WsClient alice = WsClient.connect(Urls.room(server.url(), room))) {
        alice.await("snapshot");
        alice.send(op(0, "here at last", 1));
        assertThat(alice.await("ack").getInt("v")).isEqualTo(1);
      }
    }
  }

  private static boolean readinessSays(ServerProcess server, String words) {
    Http.Response ready = Http.get(Urls.health(server.url(), "ready"));
    return ready.body().contains(words);
  }

  @Test
  void aHungStoreGivesStoreUnavailableAndReadinessStillAnswersAtOnce() throws Exception {
    try (StoreProcess store = new StoreProcess(Path.of("target/it-stores/hung")).start();
        ServerProcess server = server("store-hung", store).start()) {
      String room = Urls.freshRoom("hung");
      try (WsClient alice = WsClient.connect(Urls.room(server.url(), room))) {
        alice.await("snapshot");
        alice.send(op(0, "a", 1));
        alice.await("ack");

        store.freeze();
        try {
          alice.send(op(1, "b", 2));
          JsonObject error =
              alice.await("error", e -> e.getInt("seq", 0) == 2 && e.getBoolean("retryable"));
          assertThat(error.getString("code")).isEqualTo("store-unavailable");
          // submissions wait for the hung store: a session may have only so many waiting
          for (int seq = 3; seq <= 32; seq++) {
            alice.send(op(1, "c", seq));
          }
          JsonObject limited =
              alice.await("error", e -> e.getString("code").equals("rate-limited"));
          assertThat(limited.getString("message")).contains("wait");
          assertThat(limited.getJsonNumber("retryAfterMs").longValue()).isPositive();
          await().atMost(Duration.ofSeconds(10)).until(() -> readiness(server).statusCode() == 503);
          for (int i = 0; i < 3; i++) {
            HttpResponse<String> ready = readiness(server);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("unreachable");
          }
        } finally {
          store.thaw();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> readiness(server).statusCode() == 200);
        // a submission that waited for the store may have been committed when it thawed, which
        // gives up seq 2: the client carries the edit over under a new number, as the page does
        alice.send(op(1, "b", 33));
        assertThat(alice.await("ack", a -> a.getInt("seq") == 33).getInt("v")).isGreaterThan(1);
      }
    }
  }
}
