package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.URL;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signin mode for programs, on two servers sharing Redis and a store, with a real OpenID Connect
 * provider on a loopback port: bearer tokens on REST and on the WebSocket handshake, rooms owned by
 * the person who made them and shared with people, groups or everyone signed in, and changes of
 * sharing reaching the sessions of every server.
 */
class SigninIT {

  private static MockOAuth2Server issuer;
  private static Cluster cluster;
  private static URL one;
  private static URL two;

  @BeforeAll
  static void start() throws Exception {
    issuer = new MockOAuth2Server();
    issuer.start(InetAddress.getLoopbackAddress(), 0);
    cluster =
        Cluster.start(
            "signin",
            2,
            Map.of(
                "ENSEMBLE_ACCESS", "signin",
                "ENSEMBLE_OIDC_ISSUER", issuer.issuerUrl("default").toString(),
                "ENSEMBLE_OIDC_CLIENT_ID", "ensemble"));
    one = cluster.servers.get(0).url();
    two = cluster.servers.get(1).url();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (issuer != null) {
      issuer.shutdown();
    }
  }

  private static String token(String person, String... groups) {
    return token("default", "ensemble", 3600, person, groups);
  }

  private static String token(
      String issuerId, String audience, long expiresIn, String person, String... groups) {
    return issuer
        .issueToken(
            issuerId,
            "sub-" + person,
            audience,
            Map.of("preferred_username", person, "groups", List.of(groups)),
            expiresIn)
        .serialize();
  }

  private static Http.Response call(String method, URL server, String path, String token) {
    return call(method, server, path, token, null);
  }

  private static Http.Response call(
      String method, URL server, String path, String token, String json) {
    return Http.call(method, Urls.api(server, path), token, json);
  }

  /** A room alice made and shared with bob (editor) and the group readers (viewers). */
  private static String sharedRoom() {
    Http.Response created =
        call("POST", one, "rooms", token("alice"), "{\"language\":\"java\",\"content\":\"\"}");
    assertThat(created.status()).isEqualTo(201);
    String room = created.json().asJsonObject().getString("id");
    Http.Response shared =
        call(
            "PUT",
            one,
            "rooms/" + room + "/access",
            token("alice"),
            "{\"people\":{\"bob\":\"editor\"},\"groups\":{\"readers\":\"viewer\"}}");
    assertThat(shared.status()).isEqualTo(200);
    assertThat(shared.json().asJsonObject().getString("owner")).isEqualTo("alice");
    return room;
  }

  /** Who calls: people with each kind of access, and tokens of each kind of wrong. */
  private static Map<String, String> callers() {
    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("owner", token("alice"));
    callers.put("editor", token("bob"));
    callers.put("group viewer", token("carol", "readers"));
    callers.put("other person", token("dave", "others"));
    callers.put("nobody", null);
    callers.put("expired", token("default", "ensemble", -300, "bob"));
    callers.put("other issuer", token("other", "ensemble", 3600, "bob"));
    callers.put("other audience", token("default", "someone-else", 3600, "bob"));
    String good = token("bob");
    int at = good.lastIndexOf('.') + 10;
    callers.put(
        "bad signature",
        good.substring(0, at) + (good.charAt(at) == 'A' ? 'B' : 'A') + good.substring(at + 1));
    return callers;
  }

  @Test
  void everyRestCallAnswersEachCallerByTheirRoleAndEachBadTokenByItsCode() {
    String room = "rooms/" + sharedRoom();
    Map<String, Function<String, Http.Response>> actions = new LinkedHashMap<>();
    actions.put("read", t -> call("GET", two, room, t));
    actions.put("history", t -> call("GET", two, room + "/ops?from=0", t));
    actions.put("see access", t -> call("GET", two, room + "/access", t));
    actions.put(
        "share",
        t ->
            call(
                "PUT",
                two,
                room + "/access",
                t,
                "{\"people\":{\"bob\":\"editor\"},\"groups\":{\"readers\":\"viewer\"}}"));

    Map<String, String> actual = new LinkedHashMap<>();
    callers()
        .forEach(
            (caller, token) ->
                actions.forEach(
                    (action, call) ->
                        actual.put(caller + " " + action, outcome(call.apply(token)))));

    Map<String, String> expected = new LinkedHashMap<>();
    Map<String, String> refusals =
        Map.of(
            "other person", "403 forbidden",
            "nobody", "401 unauthorized",
            "expired", "401 token-expired",
            "other issuer", "401 token-issuer",
            "other audience", "401 token-audience",
            "bad signature", "401 token-signature");
    for (String caller : callers().keySet()) {
      for (String action : actions.keySet()) {
        boolean reads = action.equals("read") || action.equals("history");
        String allowed =
            caller.equals("owner") || (reads && !refusals.containsKey(caller)) ? "200" : null;
        String refused = refusals.getOrDefault(caller, "403 forbidden");
        expected.put(caller + " " + action, allowed != null ? allowed : refused);
      }
    }
    assertThat(actual).isEqualTo(expected);
  }

  private static String outcome(Http.Response response) {
    return response.status() < 300
        ? String.valueOf(response.status())
        : response.status() + " " + response.json().asJsonObject().getString("code");
  }

  @Test
  void theHandshakeTokenDecidesWhatASessionMayDo() {
    String room = sharedRoom();
    Map<String, String> actual = new LinkedHashMap<>();
    callers().forEach((caller, token) -> actual.put(caller, session(room, token)));
    assertThat(actual)
        .containsExactly(
            Map.entry("owner", "owner: ack"),
            Map.entry("editor", "editor: ack"),
            Map.entry("group viewer", "viewer: forbidden"),
            Map.entry("other person", "forbidden 4403"),
            Map.entry("nobody", "unauthorized 4401"),
            Map.entry("expired", "handshake 401"),
            Map.entry("other issuer", "handshake 401"),
            Map.entry("other audience", "handshake 401"),
            Map.entry("bad signature", "handshake 401"));
  }

  /** Joins with {@code token} on the handshake and tries an edit: what came of it. */
  private static String session(String room, String token) {
    WsClient client;
    try {
      client = WsClient.connectAs(Urls.room(two, room), token);
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return "handshake " + refused.getResponse().statusCode();
      }
      throw e;
    }
    try (client) {
      JsonObject first = client.awaitEither("error", e -> true, "snapshot", s -> true);
      if (first.getString("type").equals("error")) {
        return first.getString("code") + " " + client.awaitClose();
      }
      String role = client.await("access").getString("role");
      int length = first.getString("content").length();
      client.send(
          "{\"type\":\"op\",\"v\":"
              + first.getJsonNumber("v")
              + ",\"op\":[\"x\""
              + (length > 0 ? "," + length : "")
              + "],\"seq\":1}");
      JsonObject answer =
          client.awaitEither("error", e -> e.getInt("seq", 0) == 1, "ack", a -> true);
      return role
          + ": "
          + (answer.getString("type").equals("ack") ? "ack" : answer.getString("code"));
    }
  }

  @Test
  void sharingTakenAwayClosesSessionsOnEveryServerWithinASecondAndALowerRoleDowngradesThem() {
    String room = sharedRoom();
    try (WsClient bob = WsClient.connectAs(Urls.room(two, room), token("bob"));
        WsClient carol = WsClient.connectAs(Urls.room(one, room), token("carol", "readers"))) {
      bob.await("snapshot");
      carol.await("snapshot");
      Http.Response changed =
          call(
              "PUT",
              one,
              "rooms/" + room + "/access",
              token("alice"),
              "{\"people\":{\"bob\":\"viewer\"}}");
      assertThat(changed.status()).isEqualTo(200);
      long sent = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(10))
          .until(carol::isClosed);
      assertThat((System.nanoTime() - sent) / 1_000_000).isLessThan(1000);
      assertThat(carol.awaitClose()).isEqualTo(4403);
      bob.await("access", a -> a.getString("role").equals("viewer"));
      assertThat(bob.isClosed()).isFalse();
    }
  }

  @Test
  void eachPersonListsTheRoomsTheyOwnOrThatAreSharedWithThemAPageAtATime() {
    String shared = sharedRoom();
    String own =
        call("POST", one, "rooms", token("erin"), "{\"language\":\"go\"}")
            .json()
            .asJsonObject()
            .getString("id");
    assertThat(ids(call("GET", two, "rooms", token("erin")))).containsExactly(own);
    assertThat(ids(call("GET", two, "rooms", token("bob")))).contains(shared).doesNotContain(own);
    assertThat(ids(call("GET", two, "rooms", token("frank")))).isEmpty();
    List<String> firstPage = ids(call("GET", two, "rooms?limit=1", token("bob")));
    assertThat(firstPage).hasSize(1);
    assertThat(ids(call("GET", two, "rooms?after=" + firstPage.get(0), token("bob"))))
        .doesNotContain(firstPage.get(0));
    assertThat(call("POST", one, "rooms", null, "{}").status()).isEqualTo(401);
  }

  private static List<String> ids(Http.Response response) {
    return response.json().asJsonArray().getValuesAs(JsonObject.class).stream()
        .map(r -> r.getString("id"))
        .toList();
  }
}
