package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The history calls over REST on a whole server in links mode: the timeline, blame and named
 * versions, who may call them, and what bad input gets.
 */
class HistoryApiIT {

  private static ServerProcess server;
  private String room;
  private String edit;
  private String view;

  @BeforeAll
  static void startServer() {
    server = ServerProcess.create("history-api", Map.of("ENSEMBLE_ACCESS", "links")).start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** A room of "one\ntwo\n" whose second line an editor changed in version 1. */
  @BeforeEach
  void roomWithOneEdit() {
    Http.Response created =
        Http.post(
            Urls.api(server.url(), "rooms"),
            "{\"language\":\"java\",\"content\":\"one\\ntwo\\n\"}");
    assertThat(created.status()).isEqualTo(201);
    JsonObject body = created.json().asJsonObject();
    Map<String, String> secrets =
        body.getJsonArray("links").getValuesAs(JsonObject.class).stream()
            .collect(Collectors.toMap(l -> l.getString("role"), l -> l.getString("secret")));
    room = body.getString("id");
    edit = secrets.get("editor");
    view = secrets.get("viewer");
  }

  private Http.Response call(String method, String path, String key, String json) {
    return Http.call(method, Urls.api(server.url(), "rooms/" + room + "/" + path), key, json);
  }

  private static String code(Http.Response response) {
    return response.json().asJsonObject().getString("code");
  }

  @Test
  void theTimelineAndBlameNameTheEditorsSourceAndTheNameItGaveItself() {
    String src;
    try (WsClient editor = WsClient.connectWithSecret(Urls.room(server.url(), room), edit)) {
      editor.await("snapshot");
      editor.send("{\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":[4,\"2\",4]}");
      editor.await("ack");
      editor.send(
          "{\"type\":\"presence\",\"name\":\"Edith\",\"color\":\"\",\"v\":1,\"selections\":[]}");
      src = editor.src();
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                call("GET", "history", view, null)
                    .json()
                    .asJsonObject()
                    .getJsonObject("names")
                    .containsKey(src));
    Http.Response timeline = call("GET", "history", view, null);
    Http.Response blame = call("GET", "history/blame?v=1", view, null);

    assertThat(timeline.status()).as(timeline.body()).isEqualTo(200);
    JsonObject change = timeline.json().asJsonObject().getJsonArray("changes").getJsonObject(0);
    assertThat(change.getInt("to")).isEqualTo(1);
    assertThat(change.getJsonArray("authors").getJsonObject(0).getString("src")).isEqualTo(src);
    assertThat(blame.status()).as(blame.body()).isEqualTo(200);
    var lines = blame.json().asJsonObject().getJsonArray("lines");
    assertThat(lines.getJsonObject(0).containsKey("src")).isFalse();
    assertThat(lines.getJsonObject(1).getString("src")).isEqualTo(src);
    assertThat(lines.getJsonObject(1).getInt("v")).isEqualTo(1);
    assertThat(timeline.json().asJsonObject().getJsonObject("names").getString(src))
        .isEqualTo("Edith");
    assertThat(blame.json().asJsonObject().getJsonObject("names").getString(src))
        .isEqualTo("Edith");
  }

  @Test
  void anEditorNamesTheCurrentVersionAndAViewerSeesItButMayNotName() {
    Http.Response named = call("POST", "history/versions", edit, "{\"name\":\"draft\"}");
    Http.Response byViewer = call("POST", "history/versions", view, "{\"name\":\"mine\"}");

    assertThat(named.status()).as(named.body()).isEqualTo(201);
    assertThat(byViewer.status()).isEqualTo(403);
    assertThat(code(byViewer)).isEqualTo("forbidden");
    Http.Response listed = call("GET", "history/versions", view, null);
    assertThat(listed.body()).contains("\"name\":\"draft\"").doesNotContain("mine");
    assertThat(call("GET", "history", null, null).status()).isEqualTo(401);
  }

  @Test
  void badNamesAndVersionsOutOfRangeGetStableCodes() {
    assertThat(code(call("POST", "history/versions", edit, "{\"name\":\"\"}")))
        .isEqualTo("bad-version-name");
    assertThat(
            code(call("POST", "history/versions", edit, "{\"name\":\"" + "x".repeat(101) + "\"}")))
        .isEqualTo("bad-version-name");
    assertThat(code(call("POST", "history/versions", edit, "{}"))).isEqualTo("bad-version-name");
    assertThat(code(call("POST", "history/versions", edit, "{\"name\":\"later\",\"v\":9}")))
        .isEqualTo("future-version");
    assertThat(code(call("GET", "history/blame?v=9", view, null))).isEqualTo("future-version");
    assertThat(code(call("GET", "history/blame", view, null))).isEqualTo("bad-parameter");
    assertThat(code(call("GET", "history?from=-1", view, null))).isEqualTo("bad-parameter");
    assertThat(code(call("GET", "history?to=9", view, null))).isEqualTo("future-version");
    assertThat(call("POST", "history/versions", edit, "{\"name\":\"\"}").status()).isEqualTo(400);
    assertThat(call("GET", "history/versions", view, null).body()).isEqualTo("[]");
  }

  /** OpenApiIT holds the whole document to the resources; this checks the history's part of it. */
  @Test
  void theOpenApiDocumentDescribesTheHistoryCallsAndTheirCode() {
    Http.Response document = Http.get(Urls.openApi(server.url()));

    assertThat(document.status()).as(document.body()).isEqualTo(200);
    JsonObject json = document.json().asJsonObject();
    assertThat(json.getJsonObject("paths").keySet())
        .contains(
            "/api/rooms/{id}/history",
            "/api/rooms/{id}/history/blame",
            "/api/rooms/{id}/history/versions");
    assertThat(
            json.getJsonObject("components")
                .getJsonObject("schemas")
                .getJsonObject("ApiError")
                .getJsonObject("properties")
                .getJsonObject("code")
                .getJsonArray("enum")
                .toString())
        .contains("\"bad-version-name\"");
    assertThat(
            json.getJsonObject("paths")
                .getJsonObject("/api/rooms/{id}/history/versions")
                .getJsonObject("post")
                .getJsonObject("responses")
                .keySet())
        .contains("201", "400", "401", "403", "404", "503");
  }
}
