package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
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
    issuer = new MockOAuth2Server(new OAuth2Config(true));
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
    assertThat(created.status()).as(created.body()).isEqualTo(201);
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
  void presenceShowsTheNameTheIssuerGaveNotTheOneThePageSays() {
    String room = sharedRoom();
    try (WsClient bob = WsClient.connectAs(Urls.room(two, room), token("bob"));
        WsClient alice = WsClient.connectAs(Urls.room(one, room), token("alice"))) {
      long v = bob.await("snapshot").getJsonNumber("v").longValue();
      alice.await("snapshot");
      bob.send(
          "{\"type\":\"presence\",\"name\":\"The CEO\",\"color\":\"#123456\",\"v\":"
              + v
              + ",\"selections\":[[0,0]]}");
      assertThat(alice.await("presence", p -> p.containsKey("name")).getString("name"))
          .isEqualTo("bob");
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

  @Test
  void aLinkGivesItsRoleToThePeopleSignedInWhoOpenItKeepsTheRoomInTheirListAndEndsWhenRevoked() {
    String room = sharedRoom();
    String links = "rooms/" + room + "/links";
    assertThat(call("POST", one, links, token("bob"), "{\"role\":\"editor\"}").status())
        .isEqualTo(403);
    Http.Response created = call("POST", one, links, token("alice"), "{\"role\":\"editor\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String secret = created.json().asJsonObject().getString("secret");
    String link = created.json().asJsonObject().getString("id");
    URI onTwo = Urls.room(two, room);
    assertThat(ids(call("GET", two, "rooms", token("dave")))).doesNotContain(room);
    assertThat(call("GET", two, "rooms/" + room, token("dave")).status()).isEqualTo(403);

    try (WsClient dave = WsClient.connectAs(onTwo, token("dave"), secret);
        WsClient stranger = WsClient.connectWithSecret(onTwo, secret)) {
      assertThat(dave.await("access").getString("role")).isEqualTo("editor");
      assertThat(stranger.await("error").getString("code")).isEqualTo("unauthorized");
      assertThat(stranger.awaitClose()).isEqualTo(4401);
    }
    // the room is remembered for dave: listed, and open to him without the link
    assertThat(ids(call("GET", two, "rooms", token("dave")))).contains(room);
    assertThat(call("GET", one, "rooms/" + room, token("dave")).status()).isEqualTo(200);

    try (WsClient dave = WsClient.connectAs(Urls.room(one, room), token("dave"));
        WsClient carol = WsClient.connectAs(onTwo, token("carol", "readers"), secret)) {
      assertThat(dave.await("access").getString("role")).isEqualTo("editor");
      // the better of the group's role and the link's
      assertThat(carol.await("access").getString("role")).isEqualTo("editor");
      assertThat(call("DELETE", one, links + "/" + link, token("alice")).status()).isEqualTo(204);
      assertThat(dave.awaitClose()).isEqualTo(4403);
      carol.await("access", a -> a.getString("role").equals("viewer"));
      assertThat(carol.isClosed()).isFalse();
    }
    assertThat(ids(call("GET", two, "rooms", token("dave")))).doesNotContain(room);
    assertThat(call("GET", two, "rooms/" + room, token("dave")).status()).isEqualTo(403);
  }

  @Test
  void theAccessModeNamesWhoIsSignedIn() {
    JsonObject mode = call("GET", one, "access", token("erin")).json().asJsonObject();
    assertThat(mode.getString("mode")).isEqualTo("signin");
    assertThat(mode.getString("person")).isEqualTo("erin");
    assertThat(call("GET", one, "access", null).json().asJsonObject().containsKey("person"))
        .isFalse();
  }

  private static List<String> ids(Http.Response response) {
    return response.json().asJsonArray().getValuesAs(JsonObject.class).stream()
        .map(r -> r.getString("id"))
        .toList();
  }

  @Test
  void aBrowserSignsInAtTheIssuerAndItsSessionOpensThatPersonsRoomsUntilItSignsOut()
      throws Exception {
    String room = sharedRoom();
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> landed =
        signIn(browser, URI.create(one + "signin?to=/api/rooms"), "carol", "readers");
    assertThat(landed.uri().getPath()).isEqualTo(one.getPath() + "api/rooms");
    assertThat(landed.statusCode()).isEqualTo(200);
    assertThat(landed.body()).contains(room);

    JsonObject[] access = new JsonObject[1];
    java.net.http.WebSocket socket =
        browser
            .newWebSocketBuilder()
            .buildAsync(
                Urls.room(one, room),
                new java.net.http.WebSocket.Listener() {
                  @Override
                  public java.util.concurrent.CompletionStage<?> onText(
                      java.net.http.WebSocket ws, CharSequence data, boolean last) {
                    JsonObject message = WsClient.parse(data.toString());
                    if (message.getString("type").equals("access")) {
                      access[0] = message;
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .join();
    socket.sendText("{\"type\":\"hello\",\"key\":\"" + WsClient.newKey() + "\"}", true).join();
    await().atMost(Duration.ofSeconds(10)).until(() -> access[0] != null);
    assertThat(access[0].getString("role")).isEqualTo("viewer");
    socket.abort();

    HttpResponse<String> out = send(browser, URI.create(one + "signout"));
    URI endSession = URI.create(out.headers().firstValue("Location").orElseThrow());
    assertThat(endSession.toString()).startsWith(issuer.issuerUrl("default") + "/endsession");
    // back to the start page under ENSEMBLE_PUBLIC_URL, which names the context root
    assertThat(send(browser, endSession).headers().firstValue("Location")).contains(one.toString());
    assertThat(
            browser
                .send(
                    HttpRequest.newBuilder(URI.create(one + "api/rooms")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
  }

  /**
   * Signs in as a browser does: from {@code start} through the issuer's login page, filled in as
   * {@code person} in {@code groups}, back to where the server sends it.
   */
  static HttpResponse<String> signIn(HttpClient browser, URI start, String person, String... groups)
      throws Exception {
    HttpResponse<String> page = follow(browser, start);
    assertThat(page.body()).contains("name=\"username\"");
    String claims =
        jakarta.json.Json.createObjectBuilder()
            .add("preferred_username", person)
            .add("groups", jakarta.json.Json.createArrayBuilder(List.of(groups)))
            .build()
            .toString();
    HttpResponse<String> posted =
        browser.send(
            HttpRequest.newBuilder(page.uri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=" + encode(person) + "&claims=" + encode(claims)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return followFrom(browser, posted);
  }

  static HttpResponse<String> send(HttpClient browser, URI uri) throws Exception {
    return browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> follow(HttpClient browser, URI uri) throws Exception {
    return followFrom(
        browser,
        browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** Follows redirects by hand, at most 15, as the cookies of each hop must be kept. */
  private static HttpResponse<String> followFrom(HttpClient browser, HttpResponse<String> response)
      throws Exception {
    for (int hop = 0; hop < 15 && response.statusCode() / 100 == 3; hop++) {
      URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
      response =
          browser.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.ofString());
    }
    return response;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
