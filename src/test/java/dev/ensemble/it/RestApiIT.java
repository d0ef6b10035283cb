package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST API: creation, the current document, history, time travel, and errors for bad input. */
@ExtendWith(ArquillianExtension.class)
class RestApiIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.app();
  }

  @ArquillianResource URL base;

  private Http.Response get(String path) {
    return Http.get(Urls.api(base, path));
  }

  private static void assertError(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().asJsonObject().getString("code")).isEqualTo(code);
    assertThat(response.json().asJsonObject().getString("message")).isNotBlank();
  }

  @Test
  void createsARoomWithLanguageAndContent() {
    String room = Urls.freshRoom("rest");
    Http.Response created =
        Http.post(
            Urls.api(base, "rooms"),
            "{\"id\":\"" + room + "\",\"language\":\"java\",\"content\":\"class A {}\"}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().asJsonObject().getString("id")).isEqualTo(room);
    JsonObject fetched = get("rooms/" + room).json().asJsonObject();
    assertThat(fetched.getString("language")).isEqualTo("java");
    assertThat(fetched.getString("content")).isEqualTo("class A {}");
    assertThat(fetched.getJsonNumber("v").longValue()).isZero();

    try (WsClient alice = WsClient.connect(Urls.room(base, room))) {
      assertThat(alice.await("snapshot").getString("content")).isEqualTo("class A {}");
    }
  }

  @Test
  void theAdminEndpointsAreOffWithoutAnAdminToken() {
    Http.Response drain = Http.post(URI.create(base.toString()).resolve("admin/drain"), "");
    Http.Response servers = Http.get(URI.create(base.toString()).resolve("admin/servers"));

    assertError(drain, 404, "admin-disabled");
    assertError(servers, 404, "admin-disabled");
  }

  @Test
  void createsARoomWithAReadableRandomId() {
    Http.Response created = Http.post(Urls.api(base, "rooms"), "{\"language\":\"python\"}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().asJsonObject().getString("id")).matches("[a-z]+-[a-z]+-\\d{4}");
  }

  @Test
  void listsActiveRoomsWithTheirSessions() {
    String room = Urls.freshRoom("active");
    try (WsClient alice = WsClient.connect(Urls.room(base, room));
        WsClient bob = WsClient.connect(Urls.room(base, room))) {
      alice.await("snapshot");
      bob.await("snapshot");
      alice.send("{\"type\":\"op\",\"v\":0,\"op\":[\"hi\"],\"seq\":1}");
      alice.await("ack");

      org.awaitility.Awaitility.await()
          .until(
              () ->
                  get("rooms").json().asJsonArray().stream()
                      .map(JsonObject.class::cast)
                      .anyMatch(
                          r ->
                              r.getString("id").equals(room)
                                  && r.getInt("sessions") == 2
                                  && r.getJsonNumber("v").longValue() == 1
                                  && r.getString("language").equals("plaintext")));
    }
    org.awaitility.Awaitility.await()
        .until(
            () ->
                get("rooms").json().asJsonArray().stream()
                    .map(JsonObject.class::cast)
                    .noneMatch(r -> r.getString("id").equals(room)));
  }

  @Test
  void historyAndTimeTravel() {
    String room = Urls.freshRoom("history");
    String src;
    try (WsClient alice = WsClient.connect(Urls.room(base, room))) {
      src = alice.src();
      alice.await("snapshot");
      String[] words = {"one", " two", " three", " four"};
      int length = 0;
      for (int i = 0; i < words.length; i++) {
        String op =
            length == 0 ? "[\"" + words[i] + "\"]" : "[" + length + ",\"" + words[i] + "\"]";
        alice.send("{\"type\":\"op\",\"v\":" + i + ",\"op\":" + op + ",\"seq\":" + i + "}");
        int seq = i;
        alice.await("ack", a -> a.getJsonNumber("seq").longValue() == seq);
        length += words[i].length();
      }
    }

    JsonArray ops = get("rooms/" + room + "/ops?from=1&to=3").json().asJsonArray();
    assertThat(ops).hasSize(2);
    assertThat(ops.getJsonObject(0).getJsonNumber("v").longValue()).isEqualTo(2);
    assertThat(ops.getJsonObject(0).getJsonArray("op").toString()).isEqualTo("[3,\" two\"]");
    assertThat(ops.getJsonObject(1).getString("src")).isEqualTo(src);
    assertThat(get("rooms/" + room + "/ops").json().asJsonArray()).hasSize(4);

    assertThat(get("rooms/" + room + "/snapshot?v=0").json().asJsonObject().getString("content"))
        .isEmpty();
    assertThat(get("rooms/" + room + "/snapshot?v=2").json().asJsonObject().getString("content"))
        .isEqualTo("one two");
    assertThat(get("rooms/" + room + "/snapshot?v=4").json().asJsonObject().getString("content"))
        .isEqualTo("one two three four");
  }

  @Test
  void badParametersGetA4xxWithACode() {
    String room = Urls.freshRoom("params");
    Http.post(Urls.api(base, "rooms"), "{\"id\":\"" + room + "\",\"content\":\"abc\"}");

    assertError(get("rooms/no-such-room"), 404, "room-not-found");
    assertError(get("rooms/-bad-"), 400, "bad-room-id");
    assertError(get("rooms/" + room + "/ops?from=abc"), 400, "bad-parameter");
    assertError(get("rooms/" + room + "/ops?from=-1"), 400, "bad-parameter");
    assertError(get("rooms/" + room + "/ops?from=0&to=5"), 400, "future-version");
    assertError(get("rooms/" + room + "/snapshot"), 400, "bad-parameter");
    assertError(get("rooms/" + room + "/snapshot?v=1.5"), 400, "bad-parameter");
    assertError(get("rooms/" + room + "/snapshot?v=7"), 400, "future-version");
    assertError(get("rooms/no-such-room/snapshot?v=0"), 404, "room-not-found");

    assertError(Http.post(Urls.api(base, "rooms"), "{\"id\":"), 400, "bad-json");
    assertError(Http.post(Urls.api(base, "rooms"), "[]"), 400, "bad-json");
    assertError(
        Http.post(Urls.api(base, "rooms"), "{\"id\":\"" + room + "\"}"), 409, "room-exists");
    assertError(Http.post(Urls.api(base, "rooms"), "{\"id\":\"a b\"}"), 400, "bad-room-id");
    assertError(
        Http.post(Urls.api(base, "rooms"), "{\"language\":\"C Sharp\"}"), 400, "bad-language");
    assertError(Http.post(Urls.api(base, "rooms"), "{\"content\":42}"), 400, "bad-parameter");
    assertError(
        Http.post(Urls.api(base, "rooms"), "{\"content\":\"\\ud800\"}"), 400, "bad-parameter");
  }

  @Test
  void theApplicationAnswersUnderItsContextRootOnly() {
    assertThat(base.getPath()).isEqualTo(Deployments.CONTEXT_ROOT + "/");
    assertThat(get("access").status()).isEqualTo(200);
    assertThat(Http.get(URI.create(base.toString()).resolve("/api/access")).status())
        .isEqualTo(404);
  }

  @Test
  void healthReportsReadyAndLive() {
    Http.Response ready = Http.get(Urls.health(base, "ready"));
    Http.Response live = Http.get(Urls.health(base, "live"));

    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body()).contains("\"store\"").contains("reachable");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.body()).contains("\"commits\"");
  }
}
