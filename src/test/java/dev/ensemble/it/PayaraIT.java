package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.PayaraProcess;
import dev.ensemble.testing.RedisProcess;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.StoreProcess;
import dev.ensemble.testing.Urls;
import dev.ensemble.wire.TextOperationJson;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The same WAR on Payara Micro 6 (Jakarta EE 10), at {@code /ensemble}: a Payara server and a
 * Liberty server in {@code links} mode sharing one Redis and one store, so that everything done on
 * Payara is checked against Liberty in the same room (the REST API and its error bodies, the owner
 * key and share links, clients spread over both servers converging, the room page in Chromium), and
 * a Payara server in {@code signin} mode whose browsers sign in through Jakarta Security's OpenID
 * Connect mechanism at a real provider on a loopback port.
 */
class PayaraIT {

  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  private static RedisProcess redis;
  private static StoreProcess store;
  private static ServerProcess liberty;
  private static PayaraProcess payara;
  private static MockOAuth2Server issuer;
  private static PayaraProcess signin;

  @BeforeAll
  static void start() throws Exception {
    Path home = Path.of("target/it-cluster/payara");
    redis = new RedisProcess(home.resolve("redis")).start();
    store = new StoreProcess(home.resolve("store"), true).start();
    Map<String, String> links =
        Map.of(
            "ENSEMBLE_ACCESS",
            "links",
            "MONGODB_URI",
            store.uri(),
            "REDIS_URL",
            redis.url(),
            "ENSEMBLE_ROOM_IDLE_SECONDS",
            "2");
    issuer = new MockOAuth2Server(new OAuth2Config(true));
    issuer.start(InetAddress.getLoopbackAddress(), 0);
    // the three servers start side by side
    liberty = ServerProcess.create("payara-liberty", links).launch();
    payara = PayaraProcess.create("payara-links", links).launch();
    signin =
        PayaraProcess.create(
                "payara-signin",
                Map.of(
                    "ENSEMBLE_ACCESS", "signin",
                    "ENSEMBLE_OIDC_ISSUER", issuer.issuerUrl("default").toString(),
                    "ENSEMBLE_OIDC_CLIENT_ID", "ensemble"))
            .launch();
    liberty.awaitReady();
    payara.awaitReady();
    signin.awaitReady();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {signin, payara, liberty, store, redis}) {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (Exception e) {
          // the next one is still closed
        }
      }
    }
    if (issuer != null) {
      issuer.shutdown();
    }
  }

  /** A room created over REST on {@code server}: its owner key and the secrets of its links. */
  private record Keys(String room, String owner, String edit, String view) {

    static Keys create(URL server, String content) {
      Http.Response created =
          Http.post(
              Urls.api(server, "rooms"),
              Json.createObjectBuilder()
                  .add("language", "java")
                  .add("content", content)
                  .build()
                  .toString());
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      JsonObject body = created.json().asJsonObject();
      Map<String, String> secrets =
          body.getJsonArray("links").getValuesAs(JsonObject.class).stream()
              .collect(Collectors.toMap(l -> l.getString("role"), l -> l.getString("secret")));
      return new Keys(
          body.getString("id"),
          body.getString("ownerKey"),
          secrets.get("editor"),
          secrets.get("viewer"));
    }
  }

  private static Http.Response call(String method, URL server, String path, String key) {
    return call(method, server, path, key, null);
  }

  private static Http.Response call(
      String method, URL server, String path, String key, String json) {
    return Http.call(method, Urls.api(server, path), key, json);
  }

  /** The status of an answer, and the code of its error body. */
  private static String outcome(Http.Response response) {
    return response.status() < 300
        ? String.valueOf(response.status())
        : response.status() + " " + response.json().asJsonObject().getString("code");
  }

  /** Creates a room on {@code server} as a program does; the raw answer, headers included. */
  private static HttpResponse<String> createRoom(URL server, String content) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(Urls.api(server, "rooms"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder()
                            .add("language", "java")
                            .add("content", content)
                            .build()
                            .toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theRestApiOnPayaraAnswersAsOnLibertyAboutTheSameRooms() throws Exception {
    String content = "class A {}";
    JsonObject body = null;
    for (URL server : List.of(liberty.url(), payara.url())) {
      HttpResponse<String> created = createRoom(server, content);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      body = WsClient.parse(created.body());
      // the new room's address, under the context root, on either server
      assertThat(created.headers().firstValue("Location"))
          .contains(server + "api/rooms/" + body.getString("id"));
    }
    String room = body.getString("id");
    String owner = body.getString("ownerKey");

    // edits through Payara, read back from both servers
    String edit =
        body.getJsonArray("links").getValuesAs(JsonObject.class).stream()
            .filter(l -> l.getString("role").equals("editor"))
            .findFirst()
            .orElseThrow()
            .getString("secret");
    try (WsClient writer = WsClient.connectWithSecret(Urls.room(payara.url(), room), edit)) {
      assertThat(writer.await("access").getString("role")).isEqualTo("editor");
      assertThat(writer.await("snapshot").getString("content")).isEqualTo(content);
      writer.send("{\"type\":\"op\",\"v\":0,\"op\":[10,\" // one\"],\"seq\":1}");
      writer.await("ack", a -> a.getInt("seq") == 1);
      writer.send("{\"type\":\"op\",\"v\":1,\"op\":[17,\" // two\"],\"seq\":2}");
      writer.await("ack", a -> a.getInt("seq") == 2);
    }
    for (URL server : List.of(payara.url(), liberty.url())) {
      JsonObject current = call("GET", server, "rooms/" + room, owner).json().asJsonObject();
      assertThat(current.getString("content")).isEqualTo("class A {} // one // two");
      assertThat(current.getJsonNumber("v").longValue()).isEqualTo(2);
      assertThat(call("GET", server, "rooms/" + room + "/ops?from=1", owner).json().toString())
          .contains("[17,\" // two\"]")
          .doesNotContain("// one\"");
      assertThat(
              call("GET", server, "rooms/" + room + "/snapshot?v=1", edit)
                  .json()
                  .asJsonObject()
                  .getString("content"))
          .isEqualTo("class A {} // one");
    }

    // Payara Micro serves MicroProfile Metrics at the server's root, unauthenticated, as Liberty
    // is configured to: Ensemble's own figures in Prometheus format
    Http.Response metrics = Http.get(Urls.metrics(payara.url()));
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .containsPattern("(?m)^ensemble_ops_committed_total(\\{[^}]*\\})? [1-9]")
        .contains("ensemble_ack_latency_seconds_bucket");

    // bad input and missing keys get the same status and error code from both servers
    String other = Keys.create(liberty.url(), "").owner();
    Map<String, Function<URL, Http.Response>> calls = new LinkedHashMap<>();
    calls.put("no key", s -> call("GET", s, "rooms/" + room, null));
    calls.put("another room's key", s -> call("GET", s, "rooms/" + room, other));
    calls.put("bad room id", s -> call("GET", s, "rooms/-bad-", owner));
    calls.put("bad from", s -> call("GET", s, "rooms/" + room + "/ops?from=abc", owner));
    calls.put("future", s -> call("GET", s, "rooms/" + room + "/ops?from=0&to=9", owner));
    calls.put("no v", s -> call("GET", s, "rooms/" + room + "/snapshot", owner));
    calls.put("broken json", s -> call("POST", s, "rooms", null, "{\"id\":"));
    calls.put("bad language", s -> call("POST", s, "rooms", null, "{\"language\":\"C Sharp\"}"));
    calls.put("taken id", s -> call("POST", s, "rooms", null, "{\"id\":\"" + room + "\"}"));
    calls.put(
        "link without a key",
        s -> call("POST", s, "rooms/" + room + "/links", null, "{\"role\":\"viewer\"}"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("no key", "401 unauthorized");
    expected.put("another room's key", "403 forbidden");
    expected.put("bad room id", "400 bad-room-id");
    expected.put("bad from", "400 bad-parameter");
    expected.put("future", "400 future-version");
    expected.put("no v", "400 bad-parameter");
    expected.put("broken json", "400 bad-json");
    expected.put("bad language", "400 bad-language");
    expected.put("taken id", "409 room-exists");
    expected.put("link without a key", "401 unauthorized");
    for (URL server : List.of(payara.url(), liberty.url())) {
      Map<String, String> actual = new LinkedHashMap<>();
      calls.forEach((name, call) -> actual.put(name, outcome(call.apply(server))));
      assertThat(actual).as("answers of %s", server).isEqualTo(expected);
    }
  }

  @Test
  void aLinkMadeOnPayaraOpensTheRoomOnLibertyUntilItIsRevokedThere() {
    Keys keys = Keys.create(payara.url(), "shared");
    String links = "rooms/" + keys.room() + "/links";
    Http.Response made = call("POST", payara.url(), links, keys.owner(), "{\"role\":\"viewer\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String secret = made.json().asJsonObject().getString("secret");
    String id = made.json().asJsonObject().getString("id");
    assertThat(call("POST", payara.url(), links, keys.edit(), "{\"role\":\"viewer\"}").status())
        .isEqualTo(403);

    try (WsClient viewer =
            WsClient.connectWithSecret(Urls.room(liberty.url(), keys.room()), secret);
        WsClient editor =
            WsClient.connectWithSecret(Urls.room(payara.url(), keys.room()), keys.edit())) {
      assertThat(viewer.await("access").getString("role")).isEqualTo("viewer");
      assertThat(viewer.await("snapshot").getString("content")).isEqualTo("shared");
      viewer.send("{\"type\":\"op\",\"v\":0,\"op\":[\"x\",6],\"seq\":1}");
      assertThat(viewer.await("error").getString("code")).isEqualTo("forbidden");
      editor.await("snapshot");
      editor.send("{\"type\":\"op\",\"v\":0,\"op\":[6,\"!\"],\"seq\":1}");
      editor.await("ack");
      assertThat(viewer.await("op").getJsonArray("op").toString()).isEqualTo("[6,\"!\"]");

      assertThat(call("DELETE", liberty.url(), links + "/" + id, keys.owner()).status())
          .isEqualTo(204);
      assertThat(viewer.awaitClose()).isEqualTo(4403);
      assertThat(editor.isClosed()).isFalse();
    }
    assertThat(outcome(call("GET", payara.url(), "rooms/" + keys.room(), secret)))
        .isEqualTo("403 forbidden");
    assertThat(call("GET", payara.url(), "rooms/" + keys.room(), keys.view()).status())
        .isEqualTo(200);
  }

  @Test
  void clientsSpreadOverPayaraAndLibertyConvergeThroughDropsAndReconnects() {
    Keys keys = Keys.create(payara.url(), "");
    List<URL> servers = List.of(payara.url(), liberty.url());
    try (Workload workload = new Workload(keys.room(), () -> servers, 6, 11, keys.edit())) {
      for (int step = 0; step < 400; step++) {
        workload.step(3);
        // a user's think time between keystrokes, part of the workload
        LockSupport.parkNanos(1_000_000);
      }
      workload.settle();
      assertThat(workload.assertConverged().v).isGreaterThan(20);
      workload.assertPresenceReachesEveryone();
    }
  }

  @Test
  void theRoomPageOnPayaraLoadsTheEditorAndEditsWithAClientOfLiberty() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    Keys keys = Keys.create(payara.url(), "");
    try (Browser browser = new Browser();
        WsClient other =
            WsClient.connectWithSecret(Urls.room(liberty.url(), keys.room()), keys.edit())) {
      browser.driver.get(payara.base() + "r/" + keys.room() + "?name=Ada#k=" + keys.edit());
      RoomPage page = new RoomPage(browser).awaitConnected();
      await().atMost(Duration.ofSeconds(10)).until(() -> "editor".equals(page.role()));
      // everything the page loaded came from under the context root, Monaco included
      Object loaded =
          browser.script(
              "return performance.getEntriesByType('resource').map(e => e.name)"
                  + ".filter(n => n.includes('/monaco/vs/')).length");
      assertThat(((Number) loaded).intValue()).isPositive();

      page.caretAt(false);
      page.type("typed on payara");
      await().atMost(Duration.ofSeconds(15)).until(page::isSettled);
      long v = page.version();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> textSeenBy(other, v), "typed on payara"::equals);

      other.send("{\"type\":\"op\",\"v\":" + v + ",\"op\":[15,\" and liberty\"],\"seq\":1}");
      other.await("ack");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> page.modelText().equals("typed on payara and liberty"));
      browser.screenshot(SCREENSHOTS.resolve("payara-room.png"));
    }
  }

  @Test
  void aProgramSignsInAtTheIssuerThroughPayaraAndItsSessionOpensRoomsUntilItSignsOut()
      throws Exception {
    Http.Response made =
        call(
            "POST",
            signin.url(),
            "rooms",
            token("alice"),
            "{\"language\":\"java\",\"content\":\"\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String room = made.json().asJsonObject().getString("id");
    assertThat(
            call(
                    "PUT",
                    signin.url(),
                    "rooms/" + room + "/access",
                    token("alice"),
                    "{\"groups\":{\"readers\":\"viewer\"}}")
                .status())
        .isEqualTo(200);

    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    URL one = signin.url();
    HttpResponse<String> landed =
        SigninIT.signIn(browser, URI.create(one + "signin?to=/api/rooms"), "carol", "readers");
    assertThat(landed.uri().getPath()).isEqualTo(one.getPath() + "api/rooms");
    assertThat(landed.statusCode()).isEqualTo(200);
    // the group came from the issuer's token through the OpenID Connect context
    assertThat(landed.body()).contains(room);
    assertThat(
            browser
                .send(
                    HttpRequest.newBuilder(URI.create(one + "api/access")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("\"person\":\"carol\"");

    JsonObject[] access = new JsonObject[1];
    WebSocket socket =
        browser
            .newWebSocketBuilder()
            .buildAsync(
                Urls.room(one, room),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
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

    HttpResponse<String> out = SigninIT.send(browser, URI.create(one + "signout"));
    URI endSession = URI.create(out.headers().firstValue("Location").orElseThrow());
    assertThat(endSession.toString()).startsWith(issuer.issuerUrl("default") + "/endsession");
    assertThat(SigninIT.send(browser, endSession).headers().firstValue("Location"))
        .contains(one.toString());
    assertThat(SigninIT.send(browser, URI.create(one + "api/rooms")).statusCode()).isEqualTo(401);
  }

  @Test
  void
      aPersonSignsInOnTheStartPageOfPayaraCreatesARoomAndSomeoneItIsSharedWithSignsInOnTheWayToIt() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    try (Browser alice = new Browser();
        Browser bob = new Browser()) {
      alice.driver.get(signin.base());
      SigninBrowserIT.signInAtIssuer(issuer, alice, signin.base(), "alice");
      WebElement create = alice.driver.findElement(By.id("create-room"));
      await().atMost(Duration.ofSeconds(10)).until(create::isEnabled);
      create.click();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> alice.driver.getCurrentUrl().matches(".*/r/[A-Za-z0-9_-]+"));
      String url = alice.driver.getCurrentUrl();
      String room = url.substring(url.indexOf("/r/") + 3);
      RoomPage owner = new RoomPage(alice).awaitConnected();
      await().atMost(Duration.ofSeconds(10)).until(() -> "owner".equals(owner.role()));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alice.driver.findElement(By.id("people")).getText().contains("alice"));
      owner.caretAt(false);
      owner.type("signed in on payara");
      await().atMost(Duration.ofSeconds(15)).until(owner::isSettled);

      // the room is alice's: her token reads it, bob's does not until she shares it with him
      Http.Response read = call("GET", signin.url(), "rooms/" + room, token("alice"));
      assertThat(read.status()).as(read.body()).isEqualTo(200);
      assertThat(read.json().asJsonObject().getString("content")).isEqualTo("signed in on payara");
      assertThat(outcome(call("GET", signin.url(), "rooms/" + room, token("bob"))))
          .isEqualTo("403 forbidden");
      Http.Response shared =
          call(
              "PUT",
              signin.url(),
              "rooms/" + room + "/access",
              token("alice"),
              "{\"people\":{\"bob\":\"editor\"}}");
      assertThat(shared.status()).as(shared.body()).isEqualTo(200);

      // bob opens the room's address, signs in on the way, comes back to it and edits
      bob.driver.get(signin.base() + "r/" + room);
      SigninBrowserIT.signInAtIssuer(issuer, bob, signin.base() + "r/" + room, "bob");
      RoomPage editor = new RoomPage(bob).awaitConnected();
      await().atMost(Duration.ofSeconds(10)).until(() -> "editor".equals(editor.role()));
      assertThat(editor.text()).isEqualTo("signed in on payara");
      editor.caretAt(true);
      editor.type(", bob too");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> owner.text().equals("signed in on payara, bob too"));
      bob.screenshot(SCREENSHOTS.resolve("payara-signin-room.png"));
    }
  }

  /**
   * The document as {@code client} has it at version {@code v}: its snapshot with the operations it
   * received after it applied in order, or null while some are missing.
   */
  private static String textSeenBy(WsClient client, long v) {
    JsonObject snapshot = client.await("snapshot");
    Map<Long, JsonObject> ops = new java.util.HashMap<>();
    client.received().stream()
        .map(WsClient::parse)
        .filter(m -> m.getString("type").equals("op"))
        .forEach(m -> ops.put(m.getJsonNumber("v").longValue(), m));
    String text = snapshot.getString("content");
    for (long at = snapshot.getJsonNumber("v").longValue() + 1; at <= v; at++) {
      if (!ops.containsKey(at)) {
        return null;
      }
      text = TextOperationJson.fromJson(ops.get(at).getJsonArray("op")).apply(text);
    }
    return text;
  }

  private static String token(String person, String... groups) {
    return issuer
        .issueToken(
            "default",
            "sub-" + person,
            "ensemble",
            Map.of("preferred_username", person, "groups", List.of(groups)),
            3600)
        .serialize();
  }
}
