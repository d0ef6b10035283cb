package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.Durability;
import dev.ensemble.store.HistoryRetention;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.MongoOperationStore;
import dev.ensemble.store.OperationStore;
import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what in a room, on two servers in {@code links} mode sharing Redis and a store: every
 * key against every entry point, over REST and over the WebSocket, and changes of access reaching
 * the sessions of every server.
 */
class AccessIT {

  private static Cluster cluster;
  private static URL one;
  private static URL two;

  @BeforeAll
  static void start() {
    cluster = Cluster.start("access", 2, Map.of("ENSEMBLE_ACCESS", "links"));
    one = cluster.servers.get(0).url();
    two = cluster.servers.get(1).url();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A room created over REST: its owner key and its first links. */
  private record Keys(String room, String owner, String edit, String editId, String view) {

    static Keys create(URL server) {
      Http.Response created =
          Http.post(Urls.api(server, "rooms"), "{\"language\":\"java\",\"content\":\"\"}");
      assertThat(created.status()).isEqualTo(201);
      JsonObject body = created.json().asJsonObject();
      Map<String, JsonObject> links =
          body.getJsonArray("links").getValuesAs(JsonObject.class).stream()
              .collect(Collectors.toMap(l -> l.getString("role"), l -> l));
      return new Keys(
          body.getString("id"),
          body.getString("ownerKey"),
          links.get("editor").getString("secret"),
          links.get("editor").getString("id"),
          links.get("viewer").getString("secret"));
    }
  }

  private static Http.Response call(String method, URL server, String path, String key) {
    return call(method, server, path, key, null);
  }

  private static Http.Response call(
      String method, URL server, String path, String key, String json) {
    return Http.call(method, Urls.api(server, path), key, json);
  }

  /** A link the owner creates and then revokes. */
  private static String revokedLink(Keys keys) {
    JsonObject link =
        call("POST", one, "rooms/" + keys.room() + "/links", keys.owner(), "{\"role\":\"editor\"}")
            .json()
            .asJsonObject();
    assertThat(
            call(
                    "DELETE",
                    one,
                    "rooms/" + keys.room() + "/links/" + link.getString("id"),
                    keys.owner())
                .status())
        .isEqualTo(204);
    return link.getString("secret");
  }

  /** Who calls: each kind of key a caller may hold, or none. */
  private static Map<String, String> callers(Keys keys) {
    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("owner", keys.owner());
    callers.put("editor", keys.edit());
    callers.put("viewer", keys.view());
    callers.put("revoked", revokedLink(keys));
    callers.put("stranger", Keys.create(one).owner());
    callers.put("guess", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
    callers.put("nobody", null);
    return callers;
  }

  @Test
  void creatingARoomGivesAnOwnerKeyAndAnEditAndAViewLinkWithSecretsOfAtLeast128Bits() {
    Http.Response created =
        Http.post(Urls.api(one, "rooms"), "{\"language\":\"go\",\"content\":\"package x\"}");
    JsonObject body = created.json().asJsonObject();
    List<String> secrets = new ArrayList<>(List.of(body.getString("ownerKey")));
    body.getJsonArray("links")
        .getValuesAs(JsonObject.class)
        .forEach(l -> secrets.add(l.getString("secret")));
    assertThat(body.getJsonArray("links").getValuesAs(JsonObject.class))
        .extracting(l -> l.getString("role"))
        .containsExactlyInAnyOrder("editor", "viewer");
    assertThat(secrets)
        .hasSize(3)
        .doesNotHaveDuplicates()
        .allSatisfy(
            s -> assertThat(Base64.getUrlDecoder().decode(s).length).isGreaterThanOrEqualTo(16));
    assertThat(body.getString("content")).isEqualTo("package x");
  }

  @Test
  void everyRestEntryPointAnswersEachKeyByItsRole() {
    Keys keys = Keys.create(one);
    String room = "rooms/" + keys.room();
    Map<String, Function<String, Integer>> actions = new LinkedHashMap<>();
    actions.put("read", k -> call("GET", two, room, k).status());
    actions.put("history", k -> call("GET", two, room + "/ops?from=0", k).status());
    actions.put("time travel", k -> call("GET", two, room + "/snapshot?v=0", k).status());
    actions.put("see access", k -> call("GET", two, room + "/access", k).status());
    actions.put(
        "create link",
        k -> call("POST", two, room + "/links", k, "{\"role\":\"viewer\"}").status());
    actions.put(
        "change link",
        k ->
            call("PATCH", two, room + "/links/" + keys.editId(), k, "{\"role\":\"editor\"}")
                .status());

    Map<String, Integer> canRead = Map.of("owner", 200, "editor", 200, "viewer", 200);
    Map<String, Integer> canManage = Map.of("owner", 200);
    Map<String, String> expected = new LinkedHashMap<>();
    Map<String, String> actual = new LinkedHashMap<>();
    callers(keys)
        .forEach(
            (caller, key) ->
                actions.forEach(
                    (action, call) -> {
                      Map<String, Integer> allowed =
                          action.startsWith("read")
                                  || action.equals("history")
                                  || action.equals("time travel")
                              ? canRead
                              : canManage;
                      int granted = action.equals("create link") ? 201 : 200;
                      int refused = key == null ? 401 : 403;
                      expected.put(
                          caller + " " + action,
                          String.valueOf(allowed.containsKey(caller) ? granted : refused));
                      actual.put(caller + " " + action, String.valueOf(call.apply(key)));
                    }));
    assertThat(actual).isEqualTo(expected);
  }

  /** What one session with {@code key} manages to do: join, edit, change the language. */
  private static Map<String, String> tryEverything(Keys keys, String caller, String key) {
    Map<String, String> outcome = new LinkedHashMap<>();
    try (WsClient client = WsClient.connectWithSecret(Urls.room(two, keys.room()), key)) {
      JsonObject first = client.awaitEither("error", e -> true, "snapshot", m -> true);
      if (first.getString("type").equals("error")) {
        outcome.put(caller + " join", first.getString("code") + " " + client.awaitClose());
        outcome.put(caller + " edit", "-");
        outcome.put(caller + " language", "-");
        return outcome;
      }
      outcome.put(caller + " join", "snapshot as " + client.await("access").getString("role"));
      long v = first.getJsonNumber("v").longValue();
      int length = first.getString("content").length();
      client.send(
          "{\"type\":\"op\",\"v\":"
              + v
              + ",\"op\":[\""
              + caller
              + ";\""
              + (length > 0 ? "," + length : "")
              + "],\"seq\":1}");
      JsonObject answer =
          client.awaitEither(
              "error", e -> e.getInt("seq", 0) == 1, "ack", a -> a.getInt("seq") == 1);
      outcome.put(
          caller + " edit",
          answer.getString("type").equals("ack") ? "ack" : answer.getString("code"));
      client.send("{\"type\":\"language\",\"language\":\"" + caller.charAt(0) + "x\"}");
      JsonObject changed =
          client.awaitEither(
              "error", e -> !e.containsKey("seq"), "op", o -> o.containsKey("language"));
      outcome.put(
          caller + " language",
          changed.getString("type").equals("op") ? "changed" : changed.getString("code"));
    }
    return outcome;
  }

  @Test
  void everyWebSocketMessageIsCheckedAgainstTheSessionsRoleAndNothingRefusedIsCommitted() {
    Keys keys = Keys.create(one);
    Map<String, String> actual = new LinkedHashMap<>();
    callers(keys).forEach((caller, key) -> actual.putAll(tryEverything(keys, caller, key)));

    Map<String, String> expected = new LinkedHashMap<>();
    for (String caller :
        List.of("owner", "editor", "viewer", "revoked", "stranger", "guess", "nobody")) {
      switch (caller) {
        case "owner", "editor" -> {
          expected.put(caller + " join", "snapshot as " + caller);
          expected.put(caller + " edit", "ack");
          expected.put(caller + " language", "changed");
        }
        case "viewer" -> {
          expected.put(caller + " join", "snapshot as viewer");
          expected.put(caller + " edit", "forbidden");
          expected.put(caller + " language", "forbidden");
        }
        case "nobody" -> {
          expected.put(caller + " join", "unauthorized 4401");
          expected.put(caller + " edit", "-");
          expected.put(caller + " language", "-");
        }
        default -> {
          expected.put(caller + " join", "forbidden 4403");
          expected.put(caller + " edit", "-");
          expected.put(caller + " language", "-");
        }
      }
    }
    assertThat(actual).isEqualTo(expected);

    JsonObject document =
        call("GET", one, "rooms/" + keys.room(), keys.owner()).json().asJsonObject();
    assertThat(document.getString("content"))
        .contains("owner;", "editor;")
        .doesNotContain("viewer");
    assertThat(document.getString("language")).isEqualTo("ex");
    assertThat(document.getJsonNumber("v").longValue()).isEqualTo(4);
  }

  @Test
  void connectingToARoomThatDoesNotExistNeverCreatesIt() {
    String room = Urls.freshRoom("nowhere");
    String key = Keys.create(one).owner();
    try (WsClient client = WsClient.connectWithSecret(Urls.room(one, room), key)) {
      assertThat(client.await("error").getString("code")).isEqualTo("room-not-found");
      assertThat(client.awaitClose()).isEqualTo(4404);
    }
    assertThat(call("GET", two, "rooms/" + room, key).status()).isEqualTo(404);
    assertThat(call("GET", two, "rooms/" + room, null).status()).isEqualTo(401);
  }

  @Test
  void aRevokedLinkLosesItsSessionsOnEveryServerWithinASecondAndOthersStay() {
    Keys keys = Keys.create(one);
    try (WsClient editorOnTwo =
            WsClient.connectWithSecret(Urls.room(two, keys.room()), keys.edit());
        WsClient viewerOnTwo =
            WsClient.connectWithSecret(Urls.room(two, keys.room()), keys.view());
        WsClient editorOnOne =
            WsClient.connectWithSecret(Urls.room(one, keys.room()), keys.edit())) {
      for (WsClient client : List.of(editorOnTwo, viewerOnTwo, editorOnOne)) {
        client.await("snapshot");
      }
      assertThat(
              call("DELETE", one, "rooms/" + keys.room() + "/links/" + keys.editId(), keys.owner())
                  .status())
          .isEqualTo(204);
      long revoked = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> editorOnTwo.isClosed() && editorOnOne.isClosed());
      long took = (System.nanoTime() - revoked) / 1_000_000;
      assertThat(editorOnTwo.awaitClose()).isEqualTo(4403);
      assertThat(editorOnOne.awaitClose()).isEqualTo(4403);
      assertThat(editorOnTwo.await("error").getString("code")).isEqualTo("forbidden");
      assertThat(viewerOnTwo.isClosed()).isFalse();
      assertThat(took).isLessThan(1000);
    }
    try (WsClient again = WsClient.connectWithSecret(Urls.room(two, keys.room()), keys.edit())) {
      assertThat(again.awaitClose()).isEqualTo(4403);
    }
  }

  @Test
  void aLinkTurnedIntoAViewLinkMakesItsSessionsViewersOnEveryServer() {
    Keys keys = Keys.create(one);
    try (WsClient editor = WsClient.connectWithSecret(Urls.room(two, keys.room()), keys.edit())) {
      long v = editor.await("snapshot").getJsonNumber("v").longValue();
      assertThat(editor.await("access").getString("role")).isEqualTo("editor");
      Http.Response changed =
          call(
              "PATCH",
              one,
              "rooms/" + keys.room() + "/links/" + keys.editId(),
              keys.owner(),
              "{\"role\":\"viewer\"}");
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.json().asJsonObject().getString("role")).isEqualTo("viewer");
      editor.await("access", a -> a.getString("role").equals("viewer"));
      editor.send("{\"type\":\"op\",\"v\":" + v + ",\"op\":[\"late\"],\"seq\":1}");
      JsonObject refused = editor.await("error", e -> e.getInt("seq", 0) == 1);
      assertThat(refused.getString("code")).isEqualTo("forbidden");
      assertThat(refused.getBoolean("retryable")).isFalse();
      assertThat(editor.isClosed()).isFalse();
    }
    assertThat(
            call("GET", one, "rooms/" + keys.room(), keys.owner())
                .json()
                .asJsonObject()
                .getString("content"))
        .isEmpty();
  }

  @Test
  void aLinkThatExpiresClosesItsSessionsAndOpensNothingAfterwards() {
    Keys keys = Keys.create(one);
    JsonObject link =
        call(
                "POST",
                one,
                "rooms/" + keys.room() + "/links",
                keys.owner(),
                "{\"role\":\"editor\",\"expiresInSeconds\":2}")
            .json()
            .asJsonObject();
    assertThat(
            link.getJsonNumber("expiresAt").longValue()
                - link.getJsonNumber("createdAt").longValue())
        .isEqualTo(2000);
    try (WsClient client =
        WsClient.connectWithSecret(Urls.room(two, keys.room()), link.getString("secret"))) {
      client.await("snapshot");
      assertThat(client.awaitClose()).isEqualTo(4403);
    }
    assertThat(call("GET", two, "rooms/" + keys.room(), link.getString("secret")).status())
        .isEqualTo(403);
  }

  @Test
  void theOwnerDeletesARoomItsSessionsCloseOnEveryServerAndItsDataLeavesTheStore() {
    Keys keys = Keys.create(one);
    String room = "rooms/" + keys.room();
    try (MongoClient client = MongoClients.create(cluster.store.uri());
        WsClient editor = WsClient.connectWithSecret(Urls.room(two, keys.room()), keys.edit())) {
      MongoDatabase store = client.getDatabase("ensemble");
      long v = editor.await("snapshot").getJsonNumber("v").longValue();
      editor.send("{\"type\":\"op\",\"v\":" + v + ",\"op\":[\"x\"],\"seq\":1}");
      editor.await("ack");
      assertThat(storedData(store, keys.room())).isGreaterThan(1);

      assertThat(call("DELETE", one, room, keys.edit()).status()).isEqualTo(403);
      assertThat(call("DELETE", one, room, keys.view()).status()).isEqualTo(403);
      assertThat(call("DELETE", one, room, null).status()).isEqualTo(401);
      assertThat(editor.isClosed()).isFalse();

      assertThat(call("DELETE", one, room, keys.owner()).status()).isEqualTo(204);
      assertThat(editor.awaitClose()).isEqualTo(4404);
      assertThat(editor.await("error").getString("code")).isEqualTo("room-not-found");
      assertThat(call("GET", two, room, keys.owner()).status()).isEqualTo(404);
      assertThat(call("DELETE", one, room, keys.owner()).status()).isEqualTo(404);
      await().atMost(Duration.ofSeconds(30)).until(() -> storedData(store, keys.room()) == 0);
    }
  }

  @Test
  void anArchivedRoomRefusesEditsOnEveryServerTellsItsSessionsAndStaysReadable() {
    Keys keys = Keys.create(one);
    String room = "rooms/" + keys.room();
    String archive = room + "/archived";
    try (WsClient editorOnTwo =
            WsClient.connectWithSecret(Urls.room(two, keys.room()), keys.edit());
        WsClient ownerOnOne =
            WsClient.connectWithSecret(Urls.room(one, keys.room()), keys.owner())) {
      long v = editorOnTwo.await("snapshot").getJsonNumber("v").longValue();
      assertThat(editorOnTwo.await("access").getBoolean("archived")).isFalse();
      ownerOnOne.await("snapshot");
      editorOnTwo.send("{\"type\":\"op\",\"v\":" + v + ",\"op\":[\"kept \"],\"seq\":1}");
      editorOnTwo.await("ack", a -> a.getInt("seq") == 1);

      Http.Response archived = call("PUT", one, archive, keys.owner(), "{\"archived\":true}");
      assertThat(archived.status()).isEqualTo(200);
      assertThat(archived.json().asJsonObject().getBoolean("archived")).isTrue();
      editorOnTwo.await("access", a -> a.getBoolean("archived"));
      ownerOnOne.await("access", a -> a.getBoolean("archived"));

      editorOnTwo.send("{\"type\":\"op\",\"v\":" + (v + 1) + ",\"op\":[\"late\",5],\"seq\":2}");
      JsonObject refused = editorOnTwo.await("error", e -> e.getInt("seq", 0) == 2);
      assertThat(refused.getString("code")).isEqualTo("room-archived");
      assertThat(refused.getBoolean("retryable")).isFalse();
      ownerOnOne.send("{\"type\":\"language\",\"language\":\"go\"}");
      assertThat(ownerOnOne.await("error", e -> !e.containsKey("seq")).getString("code"))
          .isEqualTo("room-archived");
      assertThat(editorOnTwo.isClosed()).isFalse();

      // a viewer still joins and hears that the room is archived; every read still answers
      try (WsClient viewer = WsClient.connectWithSecret(Urls.room(two, keys.room()), keys.view())) {
        assertThat(viewer.await("snapshot").getString("content")).isEqualTo("kept ");
        JsonObject access = viewer.await("access");
        assertThat(access.getString("role")).isEqualTo("viewer");
        assertThat(access.getBoolean("archived")).isTrue();
      }
      for (String read : List.of(room, room + "/ops?from=0", room + "/snapshot?v=1")) {
        assertThat(call("GET", two, read, keys.view()).status()).as(read).isEqualTo(200);
      }

      Http.Response again = call("PUT", two, archive, keys.owner(), "{\"archived\":false}");
      assertThat(again.status()).isEqualTo(200);
      editorOnTwo.await("access", a -> !a.getBoolean("archived"));
      editorOnTwo.send("{\"type\":\"op\",\"v\":" + (v + 1) + ",\"op\":[5,\"again\"],\"seq\":3}");
      editorOnTwo.await("ack", a -> a.getInt("seq") == 3);
    }
    assertThat(call("GET", one, room, keys.owner()).json().asJsonObject().getString("content"))
        .isEqualTo("kept again");
  }

  @Test
  void archivingNeedsTheOwnerAndABodyThatSaysTrueOrFalse() {
    Keys keys = Keys.create(one);
    String archive = "rooms/" + keys.room() + "/archived";
    Map<String, String> actual = new LinkedHashMap<>();
    Function<String, String> put = json -> code(call("PUT", one, archive, keys.owner(), json));
    actual.put("editor", code(call("PUT", one, archive, keys.edit(), "{\"archived\":true}")));
    actual.put("viewer", code(call("PUT", one, archive, keys.view(), "{\"archived\":true}")));
    actual.put("nobody", code(call("PUT", one, archive, null, "{\"archived\":true}")));
    actual.put(
        "unknown room",
        code(
            call(
                "PUT",
                one,
                "rooms/" + Urls.freshRoom("nowhere") + "/archived",
                keys.owner(),
                "{\"archived\":true}")));
    actual.put("bad room id", code(call("PUT", one, "rooms/a%20b/archived", keys.owner(), "{}")));
    actual.put("not JSON", put.apply("{archived"));
    actual.put("not an object", put.apply("[true]"));
    actual.put("no field", put.apply("{}"));
    actual.put("a string", put.apply("{\"archived\":\"yes\"}"));
    actual.put("a number", put.apply("{\"archived\":1}"));
    assertThat(actual)
        .isEqualTo(
            Map.of(
                "editor", "403 forbidden",
                "viewer", "403 forbidden",
                "nobody", "401 unauthorized",
                "unknown room", "404 room-not-found",
                "bad room id", "400 bad-room-id",
                "not JSON", "400 bad-json",
                "not an object", "400 bad-json",
                "no field", "400 bad-parameter",
                "a string", "400 bad-parameter",
                "a number", "400 bad-parameter"));
    for (int i = 0; i < 2; i++) {
      Http.Response twice = call("PUT", one, archive, keys.owner(), "{\"archived\":true}");
      assertThat(twice.status()).isEqualTo(200);
      assertThat(twice.json().asJsonObject().getString("id")).isEqualTo(keys.room());
      assertThat(twice.json().asJsonObject().getBoolean("archived")).isTrue();
    }
  }

  @Test
  void aVersionRetentionFoldedIsHistoryFoldedOverRestWhileTheTimelineAndTheRoomCarryOn() {
    Keys keys = Keys.create(one);
    String room = "rooms/" + keys.room();
    int milestone = 1000; // the servers' ENSEMBLE_MILESTONE_INTERVAL
    try (MongoClient client = MongoClients.create(cluster.store.uri())) {
      // a history written as the servers write it, two months old up to the milestone
      OperationStore store =
          new MongoOperationStore(
              client.getDatabase("ensemble"), Durability.BY_WRITE_CONCERN, milestone);
      long old = System.currentTimeMillis() - Duration.ofDays(60).toMillis();
      LogHead head = LogHead.origin(keys.room());
      String text = "";
      for (int v = 1; v <= milestone + 5; v++) {
        long ts = v <= milestone ? old + v : System.currentTimeMillis();
        CommittedOp op =
            new CommittedOp(
                keys.room(),
                v,
                TextOperation.builder().retain(text.length()).insert("x").build(),
                "writer",
                v,
                ts);
        assertThat(store.append(head, List.of(op))).isEqualTo(AppendResult.APPENDED);
        text = op.op().apply(text);
        head = op.head();
        if (v == milestone) {
          store.saveMilestone(keys.room(), v, text, "java");
        }
      }
      store.saveSnapshot(new DocumentSnapshot(keys.room(), "java", text, milestone + 5));
      String timeline = call("GET", two, room + "/history", keys.view()).body();

      assertThat(new HistoryRetention(store, Duration.ofDays(30), Clock.systemUTC()).run())
          .isEqualTo(1);

      Map<String, String> actual = new LinkedHashMap<>();
      for (String read :
          List.of(
              "/snapshot?v=5",
              "/ops?from=0&to=10",
              "/history/blame?v=999",
              "/snapshot?v=1000",
              "/ops?from=1000",
              "/history/blame?v=1003",
              "")) {
        Http.Response answer = call("GET", two, room + read, keys.view());
        actual.put(read, answer.status() == 200 ? "200" : code(answer));
      }
      assertThat(actual)
          .containsExactly(
              Map.entry("/snapshot?v=5", "410 history-folded"),
              Map.entry("/ops?from=0&to=10", "410 history-folded"),
              Map.entry("/history/blame?v=999", "410 history-folded"),
              Map.entry("/snapshot?v=1000", "200"),
              Map.entry("/ops?from=1000", "200"),
              Map.entry("/history/blame?v=1003", "200"),
              Map.entry("", "200"));
      assertThat(call("GET", two, room + "/history", keys.view()).body()).isEqualTo(timeline);
      try (WsClient editor = WsClient.connectWithSecret(Urls.room(one, keys.room()), keys.edit())) {
        JsonObject snapshot = editor.await("snapshot");
        assertThat(snapshot.getJsonNumber("v").longValue()).isEqualTo(milestone + 5);
        // a client whose version was folded is sent the document, as after a gap
        editor.send("{\"type\":\"catchup\",\"v\":10}");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    editor.received().stream()
                            .filter(m -> WsClient.parse(m).getString("type").equals("snapshot"))
                            .count()
                        == 2);
      }
    }
  }

  /** The room's documents in the store: its operations and its document. */
  private static long storedData(MongoDatabase store, String room) {
    return store.getCollection("operations").countDocuments(new Document("room", room))
        + store.getCollection("documents").countDocuments(new Document("_id", room));
  }

  @Test
  void badRequestsAboutAccessGetStableCodes() {
    Keys keys = Keys.create(one);
    String links = "rooms/" + keys.room() + "/links";
    Map<String, String> actual = new LinkedHashMap<>();
    Function<String, String> create = json -> code(call("POST", one, links, keys.owner(), json));
    actual.put("owner role", create.apply("{\"role\":\"owner\"}"));
    actual.put("no role", create.apply("{}"));
    actual.put("negative lifetime", create.apply("{\"role\":\"viewer\",\"expiresInSeconds\":-5}"));
    actual.put(
        "lifetime of years", create.apply("{\"role\":\"viewer\",\"expiresInSeconds\":99999999}"));
    actual.put("not JSON", create.apply("{role"));
    actual.put("unknown link", code(call("DELETE", one, links + "/nolink", keys.owner())));
    actual.put("bad room id", code(call("GET", one, "rooms/a%20b/access", keys.owner())));
    actual.put("basic auth", code(Http.get(Urls.api(one, "rooms/" + keys.room()), "Basic YTpi")));
    assertThat(actual)
        .isEqualTo(
            Map.of(
                "owner role", "400 bad-parameter",
                "no role", "400 bad-parameter",
                "negative lifetime", "400 bad-parameter",
                "lifetime of years", "400 bad-parameter",
                "not JSON", "400 bad-json",
                "unknown link", "404 link-not-found",
                "bad room id", "400 bad-room-id",
                "basic auth", "401 unauthorized"));
  }

  private static String code(Http.Response response) {
    return response.status() + " " + response.json().asJsonObject().getString("code");
  }

  @Test
  void theRoomListShowsOnlyTheRoomTheCallersKeyOpens() {
    Keys keys = Keys.create(one);
    Keys.create(one);
    JsonArray seen = call("GET", two, "rooms", keys.view()).json().asJsonArray();
    assertThat(seen.getValuesAs(JsonObject.class))
        .extracting(r -> r.getString("id"))
        .containsExactly(keys.room());
    assertThat(call("GET", two, "rooms", null).json().asJsonArray()).isEmpty();
    assertThat(call("GET", two, "rooms", UUID.randomUUID().toString()).json().asJsonArray())
        .isEmpty();
  }

  @Test
  void auditRecordsNameEventRoomWhoAndServerAndNeverASecret() throws Exception {
    Keys keys = Keys.create(one);
    try (WsClient client = WsClient.connectWithSecret(Urls.room(one, keys.room()), keys.view())) {
      client.await("snapshot");
    }
    call("DELETE", one, "rooms/" + keys.room() + "/links/" + keys.editId(), keys.owner());
    ServerProcess server = cluster.servers.get(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> audit(server, keys.room()).contains("left"));
    assertThat(audit(server, keys.room()))
        .contains("room-created", "link-created", "joined", "left", "link-revoked");
    String log = Files.readString(server.messagesLog());
    assertThat(log).contains("\"server\":\"" + server.name() + "\"");
    assertThat(log).doesNotContain(keys.owner(), keys.edit(), keys.view());
    String health =
        Http.get(Urls.health(one, "ready")).body() + Http.get(Urls.health(one, "live")).body();
    assertThat(health).doesNotContain(keys.room());
  }

  /** The audit events logged about {@code room}, in order. */
  private static List<String> audit(ServerProcess server, String room) throws Exception {
    return Files.readAllLines(server.messagesLog()).stream()
        .filter(l -> l.contains("{\"audit\":") && l.contains("\"room\":\"" + room + "\""))
        .map(l -> l.replaceFirst(".*\\{\"audit\":\"([a-z-]+)\".*", "$1"))
        .toList();
  }
}
