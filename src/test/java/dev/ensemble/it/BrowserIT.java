package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.ot.RandomEdits;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.StallingProxy;
import dev.ensemble.testing.Urls;
import dev.ensemble.wire.TextOperationJson;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The browser client in Debian's headless Chromium against a server in its own process: two people
 * in one room, typing at once, seeing each other's cursors, surviving a server restart, a stalled
 * connection and edits the server refuses; and the protocol client alone, with a fake transport.
 *
 * <p>The server runs with small limits, so that the tests move little data: messages of 64 KB,
 * rooms of 256 K characters, a heartbeat of 2 s, and edits or catch-ups at most 20 versions behind.
 */
class BrowserIT {

  private static final Path SCREENSHOTS = Path.of("target/screenshots");
  private static final int MAX_FRAME_BYTES = 65536;
  private static final int MAX_DOCUMENT_CHARS = 262144;
  private static final int MAX_BEHIND = 20;

  private static ServerProcess server;

  /** One page for the tests of the protocol client alone, shared by them. */
  private static Browser harnessBrowser;

  private static ClientHarness harness;
  private Browser alice;
  private Browser bob;
  private String room;

  @BeforeAll
  static void startServer() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    server =
        ServerProcess.create(
                "browser",
                Map.of(
                    "ENSEMBLE_MAX_FRAME_BYTES", Integer.toString(MAX_FRAME_BYTES),
                    "ENSEMBLE_MAX_DOCUMENT_CHARS", Integer.toString(MAX_DOCUMENT_CHARS),
                    "ENSEMBLE_HEARTBEAT_SECONDS", "2",
                    "ENSEMBLE_MAX_BEHIND", Integer.toString(MAX_BEHIND)))
            .start();
  }

  @AfterAll
  static void stopServer() {
    if (harnessBrowser != null) {
      harnessBrowser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void freshRoom() {
    if (!server.isAlive()) {
      server.start();
    }
    room = Urls.freshRoom("browser");
  }

  @AfterEach
  void closeBrowsers() {
    if (alice != null) {
      alice.close();
    }
    if (bob != null) {
      bob.close();
    }
  }

  /** Browsers start when a test first needs them: the tests of the client alone need none. */
  private Browser alice() {
    if (alice == null) {
      alice = new Browser();
    }
    return alice;
  }

  private Browser bob() {
    if (bob == null) {
      bob = new Browser();
    }
    return bob;
  }

  private static ClientHarness harness() {
    if (harness == null) {
      harnessBrowser = new Browser();
      harness = new ClientHarness(harnessBrowser, server.url());
    }
    return harness;
  }

  private String stored() {
    JsonObject doc = Http.get(Urls.api(server.url(), "rooms/" + room)).json().asJsonObject();
    return doc.getString("content");
  }

  private static void awaitAgreement(RoomPage... pages) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (RoomPage page : pages) {
                if (!page.isSettled()
                    || !page.text().equals(pages[0].text())
                    || page.version() != pages[0].version()
                    || !page.modelText().equals(page.text())) {
                  return false;
                }
              }
              return true;
            });
  }

  @Test
  void twoPeopleTypingAtOnceEndWithTheSameTextAsTheServer() {
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob(), server.url(), room, "Bob");
    a.caretAt(false);
    b.caretAt(false);

    CompletableFuture<Void> typingA = CompletableFuture.runAsync(() -> a.type("alice types here "));
    CompletableFuture<Void> typingB = CompletableFuture.runAsync(() -> b.type("bob types too "));
    typingA.join();
    typingB.join();
    a.caretAt(true);
    CompletableFuture<Void> endA =
        CompletableFuture.runAsync(() -> a.type(Keys.ENTER, "// end of alice"));
    CompletableFuture<Void> startB =
        CompletableFuture.runAsync(
            () -> {
              b.caretAt(false);
              b.type("/* start of bob */");
            });
    endA.join();
    startB.join();

    awaitAgreement(a, b);
    String text = a.text();
    // typed at one spot at once, the two texts interleave, but each keeps its own order
    assertThat(isSubsequence("alice types here ", text)).as(text).isTrue();
    assertThat(isSubsequence("bob types too ", text)).as(text).isTrue();
    assertThat(text).contains("// end of alice").startsWith("/* start of bob */");
    assertThat(text.length())
        .isEqualTo("alice types here bob types too \n// end of alice/* start of bob */".length());
    assertThat(stored()).isEqualTo(text);
  }

  private static boolean isSubsequence(String part, String whole) {
    int at = 0;
    for (char c : whole.toCharArray()) {
      if (at < part.length() && part.charAt(at) == c) {
        at++;
      }
    }
    return at == part.length();
  }

  @Test
  void theOtherPersonsCursorShowsWithTheirNameAtTheirPlace() {
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob(), server.url(), room, "Bob");
    a.caretAt(false);
    a.type("first line", Keys.ENTER, "second line");
    awaitAgreement(a, b);
    a.type(Keys.HOME);
    int aliceAt = a.caretOffset();
    String aliceId = a.clientId();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                b.remoteCursors().stream()
                    .anyMatch(
                        c ->
                            aliceId.equals(c.get("clientId"))
                                && ((Number) c.get("offset")).intValue() == aliceAt));
    var label =
        bob()
            .driver
            .findElement(By.cssSelector(".remote-cursor-label[data-client='" + aliceId + "']"));
    assertThat(label.getText()).isEqualTo("Alice");
    assertThat(label.isDisplayed()).isTrue();
    assertThat(aliceAt).isEqualTo("first line\n".length());
  }

  @Test
  void editsMadeWhileTheServerRestartsAreKeptAndSent() {
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob(), server.url(), room, "Bob");
    a.caretAt(false);
    a.type("before restart ");
    awaitAgreement(a, b);

    assertThat(server.terminate()).isZero();
    await().atMost(Duration.ofSeconds(15)).until(() -> !"connected".equals(a.indicator()));
    a.caretAt(true);
    a.type("typed while offline");
    assertThat(a.pending()).isPositive();
    assertThat(a.indicator()).isIn("reconnecting", "offline");

    server.start();
    awaitAgreement(a, b);
    assertThat(a.text()).isEqualTo("before restart typed while offline");
    assertThat(stored()).isEqualTo(a.text());
  }

  @Test
  void aLanguageChangeShowsOnTheOtherPage() {
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob(), server.url(), room, "Bob");

    a.chooseLanguage("java");

    await().atMost(Duration.ofSeconds(15)).until(() -> "java".equals(b.language()));
    assertThat(b.editorLanguage()).isEqualTo("java");
    assertThat(a.editorLanguage()).isEqualTo("java");
  }

  @Test
  void undoTakesBackOnlyMyOwnEdits() {
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob(), server.url(), room, "Bob");
    b.caretAt(false);
    b.type("[bob]");
    awaitAgreement(a, b);
    a.caretAt(true);
    a.type("(alice)");
    awaitAgreement(a, b);
    b.caretAt(false);
    b.type("<bob again>");
    awaitAgreement(a, b);

    a.type(Keys.chord(Keys.CONTROL, "z"));
    awaitAgreement(a, b);
    assertThat(a.text()).isEqualTo("<bob again>[bob]");

    a.type(Keys.chord(Keys.CONTROL, Keys.SHIFT, "z"));
    awaitAgreement(a, b);
    assertThat(b.text()).isEqualTo("<bob again>[bob](alice)");
  }

  /**
   * Clients and servers must transform alike, or they diverge: the browser's ot.js gives the same
   * results as the server's TextOperation on random cases, characters outside the BMP included.
   */
  @Test
  void theBrowsersOperationsAgreeWithTheServers() {
    Random random = new Random(11);
    JsonArrayBuilder cases = Json.createArrayBuilder();
    JsonArrayBuilder expected = Json.createArrayBuilder();
    for (int i = 0; i < 500; i++) {
      String doc = RandomEdits.document(random, 20);
      TextOperation a = RandomEdits.operation(doc, random);
      TextOperation b = RandomEdits.operation(doc, random);
      TextOperation next = RandomEdits.operation(a.apply(doc), random);
      int position = random.nextInt(doc.length() + 1);
      boolean own = random.nextBoolean();
      TextOperation.Transformed t = TextOperation.transform(a, b);
      cases.add(
          Json.createObjectBuilder()
              .add("doc", doc)
              .add("a", TextOperationJson.toJson(a))
              .add("b", TextOperationJson.toJson(b))
              .add("next", TextOperationJson.toJson(next))
              .add("position", position)
              .add("own", own));
      expected.add(
          Json.createObjectBuilder()
              .add("aPrime", TextOperationJson.toJson(t.aPrime()))
              .add("bPrime", TextOperationJson.toJson(t.bPrime()))
              .add("composed", TextOperationJson.toJson(a.compose(next)))
              .add("inverse", TextOperationJson.toJson(a.invert(doc)))
              .add("applied", a.apply(doc))
              .add("position", TextOperation.transformPosition(position, a, own)));
    }
    alice().driver.get(server.base());

    String actual =
        (String)
            alice()
                .asyncScript(
                    """
                const done = arguments[arguments.length - 1];
                import(new URL('js/ot.js', document.baseURI)).then(({ TextOperation: Op }) => {
                  const results = JSON.parse(arguments[0]).map(c => {
                    const a = Op.fromJSON(c.a), b = Op.fromJSON(c.b), next = Op.fromJSON(c.next);
                    const [aPrime, bPrime] = Op.transform(a, b);
                    return {
                      aPrime: aPrime.toJSON(), bPrime: bPrime.toJSON(),
                      composed: a.compose(next).toJSON(), inverse: a.invert(c.doc).toJSON(),
                      applied: a.apply(c.doc), position: Op.transformPosition(c.position, a, c.own),
                    };
                  });
                  done(JSON.stringify(results));
                }).catch(e => done('failed: ' + e));
                """,
                    cases.build().toString());

    assertThat(actual).doesNotStartWith("failed");
    JsonArray fromBrowser = Json.createReader(new StringReader(actual)).readArray();
    JsonArray fromServer = expected.build();
    for (int i = 0; i < fromServer.size(); i++) {
      assertThat(fromBrowser.get(i)).as("case %d", i).isEqualTo(fromServer.get(i));
    }
  }

  @Test
  void screenshotsOfTheStartPageAndARoomWithTwoPeople() {
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob(), server.url(), room, "Bob");
    a.chooseLanguage("java");
    a.caretAt(false);
    a.type(
        "public class Hello {", Keys.ENTER, "// Alice and Bob edit this together", Keys.ENTER, "}");
    awaitAgreement(a, b);
    b.caretAt(true);
    await().until(() -> !a.remoteCursors().isEmpty() && !b.remoteCursors().isEmpty());
    await()
        .until(
            () ->
                alice().driver.findElements(By.cssSelector("#people li[data-client]")).size() == 2);
    alice().screenshot(SCREENSHOTS.resolve("room-with-two-people.png"));

    Browser visitor = new Browser();
    try {
      visitor.driver.get(server.base());
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  !visitor
                      .driver
                      .findElements(By.cssSelector("#room-list li[data-room='" + room + "']"))
                      .isEmpty());
      assertThat(
              visitor
                  .driver
                  .findElement(
                      By.cssSelector("#room-list li[data-room='" + room + "'] .room-count"))
                  .getText())
          .contains("2");
      visitor.screenshot(SCREENSHOTS.resolve("start-page.png"));

      visitor.driver.findElement(By.id("create-room")).click();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> visitor.driver.getCurrentUrl().matches(".*/r/[a-z]+-[a-z]+-\\d{4}.*"));
    } finally {
      visitor.close();
    }
    assertThat(SCREENSHOTS.resolve("start-page.png")).isNotEmptyFile();
    assertThat(SCREENSHOTS.resolve("room-with-two-people.png")).isNotEmptyFile();
  }

  @Test
  void thePagesLoadEverythingFromUnderTheContextRoot() {
    // connected: the WebSocket is under the context root too
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    assertThat(alice().driver.getCurrentUrl()).startsWith(server.base() + "r/" + room);
    assertLoadedUnderContextRoot(alice(), "css/", "js/", "monaco/vs/", "api/");
    a.caretAt(false);
    a.type("under /ensemble");
    await().atMost(Duration.ofSeconds(15)).until(() -> "under /ensemble".equals(stored()));

    assertThat(alice().driver.findElement(By.cssSelector(".topbar .brand")).getAttribute("href"))
        .isEqualTo(server.base());

    // the start page lists the room while Alice is in it
    bob().driver.get(server.base());
    By listed = By.cssSelector("#room-list li[data-room='" + room + "'] a");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !bob().driver.findElements(listed).isEmpty());
    assertLoadedUnderContextRoot(bob(), "css/", "js/", "api/");
    assertThat(bob().driver.findElement(listed).getAttribute("href"))
        .isEqualTo(server.base() + "r/" + room);
  }

  /**
   * Everything the page at hand loaded from its server (the page, and what each of {@code kinds}
   * names: scripts, the style sheet, Monaco, REST calls) came from under the context root and
   * succeeded, and the style sheet applies.
   */
  private static void assertLoadedUnderContextRoot(Browser browser, String... kinds) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> loaded =
        (List<Map<String, Object>>)
            browser.script(
                """
                return [
                  ...performance.getEntriesByType('navigation'),
                  ...performance.getEntriesByType('resource'),
                ]
                  .filter((e) => e.name.startsWith(location.origin))
                  .map((e) => ({ path: new URL(e.name).pathname, status: e.responseStatus }));
                """);
    String root = ServerProcess.CONTEXT_ROOT + "/";
    assertThat(loaded)
        .allSatisfy(
            entry -> {
              assertThat((String) entry.get("path")).startsWith(root);
              assertThat(((Number) entry.get("status")).intValue())
                  .as(entry.toString())
                  .isEqualTo(200);
            });
    for (String kind : kinds) {
      assertThat(loaded)
          .as(kind)
          .anySatisfy(entry -> assertThat((String) entry.get("path")).startsWith(root + kind));
    }
    assertThat(browser.script("return getComputedStyle(document.querySelector('.topbar')).display"))
        .isEqualTo("flex");
  }

  // ---- limits, stalls and refusals, end to end ----

  @Test
  void aPasteLargerThanARoomHoldsIsRefusedBeforeItIsSent() {
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    a.caretAt(false);
    a.type("kept");
    await().atMost(Duration.ofSeconds(15)).until(a::isSettled);

    a.paste(lines(MAX_DOCUMENT_CHARS));

    // taken back at once, before any answer from the server could have come
    assertThat(a.text()).isEqualTo("kept");
    assertThat(a.modelText()).isEqualTo("kept");
    assertThat(a.pending()).isZero();
    assertThat(a.notice())
        .isEqualTo(
            "This paste is 256 KB; a room holds at most 256 KB and this one has 4 characters"
                + " already, so it was not added. Your other edits are kept.");
    a.type("!");
    await().atMost(Duration.ofSeconds(15)).until(() -> a.isSettled() && "kept!".equals(stored()));
  }

  @Test
  void anEditTheServerRefusesAsTooLargeIsTakenBackAndTheEditsAfterItArrive() {
    try (StallingProxy proxy = StallingProxy.to(server.port())) {
      RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
      RoomPage b = new RoomPage(bob(), proxy.url(), room, "Bob");
      String alicePaste = lines(210_000);
      String bobPaste = lines(60_000);
      b.caretAt(false);
      // Bob hears nothing from now on, so he does not know the room is about to be nearly full
      proxy.stall(StallingProxy.Direction.TO_CLIENT);
      a.caretAt(false);
      a.paste(alicePaste);
      await().atMost(Duration.ofSeconds(15)).until(() -> stored().length() == 210_000);

      b.paste(bobPaste);
      b.type("typed after");
      proxy.resume();

      awaitAgreement(a, b);
      assertThat(b.text()).isEqualTo(alicePaste + "typed after");
      assertThat(stored()).isEqualTo(b.text());
      assertThat(b.notice())
          .isEqualTo(
              "This paste is 59 KB; a room holds at most 256 KB and this one has 205 KB already,"
                  + " so it was taken back. Your other edits are kept.");
    }
  }

  @Test
  void aPasteLargerThanOneMessageArrivesWholeAtTheOthers() {
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob(), server.url(), room, "Bob");
    // three messages' worth, with characters of two, three and four bytes
    StringBuilder lines = new StringBuilder();
    for (int i = 0; lines.length() < 150_000; i++) {
      lines.append("line ").append(i).append(": \"é\" 中文 \uD83D\uDE00 \\ end\n");
    }
    String paste = lines.toString();
    a.caretAt(false);
    a.type("[", "]", Keys.LEFT);
    a.paste(paste);

    awaitAgreement(a, b);
    assertThat(b.text()).isEqualTo("[" + paste + "]");
    assertThat(stored()).isEqualTo(b.text());
    assertThat(a.notice()).isNull();
  }

  @Test
  void aStalledConnectionIsNoticedAndTheEditsMadeMeanwhileArriveAfterIt() {
    try (StallingProxy proxy = StallingProxy.to(server.port())) {
      RoomPage a = new RoomPage(alice(), proxy.url(), room, "Alice");
      RoomPage b = new RoomPage(bob(), server.url(), room, "Bob");
      a.caretAt(false);
      a.type("before the stall, ");
      awaitAgreement(a, b);
      String aliceId = a.clientId();
      await().atMost(Duration.ofSeconds(15)).until(() -> b.people().contains(aliceId));

      proxy.stall();
      long stalledAt = System.nanoTime();
      a.type("typed during it");
      await().atMost(Duration.ofSeconds(15)).until(() -> !"connected".equals(a.indicator()));
      Duration noticed = Duration.ofNanos(System.nanoTime() - stalledAt);
      assertThat(a.indicatorText()).isNotEqualTo("Connected");
      // the server's heartbeat: nothing heard from Alice for 3 s, so she left
      await().atMost(Duration.ofSeconds(15)).until(() -> !b.people().contains(aliceId));
      assertThat(a.pending()).isPositive();

      proxy.resume();
      awaitAgreement(a, b);
      assertThat(b.text()).isEqualTo("before the stall, typed during it");
      assertThat(stored()).isEqualTo(b.text());
      assertThat(noticed).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void aMissingVersionIsFetchedAgainAndTheEditsMadeMeanwhileSurvive() {
    SocketTap tap = SocketTap.install(bob());
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob(), server.url(), room, "Bob");
    a.caretAt(false);
    a.type("one ");
    awaitAgreement(a, b);

    tap.dropNext("m => m.type === 'op'");
    a.caretAt(true);
    a.type("two ");
    await().atMost(Duration.ofSeconds(15)).until(() -> tap.dropped() == 1);
    b.caretAt(false);
    b.type("bob: ");

    awaitAgreement(a, b);
    assertThat(b.text()).isEqualTo("bob: one two ");
    assertThat(stored()).isEqualTo(b.text());
  }

  @Test
  void editsMadeWhileCutOffAreCarriedOverOntoTheDocumentTheServerSendsAnew() {
    try (StallingProxy proxy = StallingProxy.to(server.port());
        ScriptedPeer carol = new ScriptedPeer(Urls.room(server.url(), room))) {
      RoomPage b = new RoomPage(bob(), proxy.url(), room, "Bob");
      carol.append("shared. ");
      await().atMost(Duration.ofSeconds(15)).until(() -> "shared. ".equals(b.text()));

      proxy.stall();
      b.caretAt(false);
      b.type("[bob, cut off]");
      await().atMost(Duration.ofSeconds(15)).until(() -> !"connected".equals(b.indicator()));
      await().atMost(Duration.ofSeconds(15)).until(() -> sessions() == 1);
      // more versions than a catch-up may span: the server sends Bob the document instead
      carol.appendEach("x".repeat(MAX_BEHIND + 5));
      proxy.resume();

      assertAllHold(b, carol, "[bob, cut off]shared. " + "x".repeat(MAX_BEHIND + 5));
    }
  }

  /** The page, the scripted peer and the store end with {@code expected}, the page settled. */
  private void assertAllHold(RoomPage page, ScriptedPeer peer, String expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> page.isSettled() && expected.equals(peer.document()));
    assertThat(page.text()).isEqualTo(expected);
    assertThat(stored()).isEqualTo(expected);
  }

  @Test
  void anEditBasedTooFarBackIsSentAgainOnTheVersionReached() {
    try (StallingProxy proxy = StallingProxy.to(server.port());
        ScriptedPeer carol = new ScriptedPeer(Urls.room(server.url(), room))) {
      RoomPage b = new RoomPage(bob(), proxy.url(), room, "Bob");
      carol.append("start. ");
      await().atMost(Duration.ofSeconds(15)).until(() -> "start. ".equals(b.text()));

      b.caretAt(false);
      proxy.stall(StallingProxy.Direction.TO_SERVER);
      b.type("B");
      carol.appendEach("y".repeat(MAX_BEHIND + 5));
      await().atMost(Duration.ofSeconds(15)).until(() -> b.version() == carol.version());
      proxy.resume();

      assertAllHold(b, carol, "Bstart. " + "y".repeat(MAX_BEHIND + 5));
    }
  }

  @Test
  void aRoomThatTakesNoEditsMakesTheEditorReadOnlyAndSaysWhy() {
    SocketTap tap = SocketTap.install(alice());
    RoomPage a = new RoomPage(alice(), server.url(), room, "Alice");
    a.caretAt(false);
    a.type("saved");
    await().atMost(Duration.ofSeconds(15)).until(a::isSettled);

    // what a server sends when its store lost operations it cannot write back
    tap.inject(
        "{\"type\":\"error\",\"code\":\"store-diverged\",\"message\":\"the store lacks version 6"
            + " of its log\",\"retryable\":false}");

    assertThat(a.isReadOnly()).isTrue();
    assertThat(a.notice()).startsWith("This room is read-only for now").contains("administrator");
    assertThat(a.indicatorText()).isEqualTo("Connected, read-only");
    a.type("more");
    assertThat(a.modelText()).isEqualTo("saved");
    assertThat(a.pending()).isZero();
  }

  /** Lines of text, {@code length} characters in all. */
  private static String lines(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < length; i++) {
      text.append("line ").append(i).append(" of a long paste\n");
    }
    return text.substring(0, length);
  }

  /** Sessions in the room on the server. */
  private int sessions() {
    JsonArray rooms = Http.get(Urls.api(server.url(), "rooms")).json().asJsonArray();
    return rooms.getValuesAs(JsonObject.class).stream()
        .filter(r -> r.getString("id").equals(room))
        .mapToInt(r -> r.getInt("sessions"))
        .findFirst()
        .orElse(0);
  }

  // ---- the protocol client alone, with a fake transport and a fake clock ----

  @Test
  void theClientTakesBackAnEditTheServerRefusesAsTooLargeAndSendsTheEditsAfterIt() {
    JsonObject r =
        harness()
            .run(
                """
                // the server refuses a message too large for it: the paste goes, the '?' after it stays
                const f = fixture({ content: 'hello', limits: { maxFrameBytes: 4000 } });
                f.insert(5, '!');
                f.take();
                f.ack(2, 1);
                f.insert(0, 'x'.repeat(2000));
                f.insert(2006, '?');
                const pasted = f.take();
                f.error('frame-too-large', { seq: 2 });
                const frame = {
                  pasted, text: f.client.text(), sent: f.take(), events: f.events.splice(0),
                  pending: f.client.pending(),
                };

                // the room would grow too large after someone else's paste: the server refuses ours
                const g = fixture({ content: '', limits: { maxDocumentChars: 10000 } });
                g.insert(0, 'y'.repeat(3000));
                g.insert(3000, 'z');
                g.take();
                g.remote(2, ['w'.repeat(8000)]);
                g.error('document-too-large', { seq: 1 });
                const document = {
                  text: g.client.text(), sent: g.take(), events: g.events.splice(0),
                };

                // a paste that would make the document too large is refused before sending
                const accepted = g.insert(0, 'q'.repeat(2500));
                const local = {
                  accepted, text: g.client.text(), sent: g.take(), events: g.events.splice(0),
                };
                return { frame, document, local };
                """);

    JsonObject frame = r.getJsonObject("frame");
    assertThat(frame.getJsonArray("pasted")).hasSize(1);
    assertThat(frame.getString("text")).isEqualTo("hello!?");
    assertThat(ops(frame.getJsonArray("sent")))
        .containsExactly(Map.of("seq", 3, "v", 2, "op", "[6,\"?\"]"));
    assertThat(frame.getInt("pending")).isEqualTo(1);
    assertThat(types(frame.getJsonArray("events"))).containsExactly("remoteOp", "refused");
    assertThat(frame.getJsonArray("events").getJsonObject(0).getJsonArray("value"))
        .hasToString("[-2000,7]");
    JsonObject refusal = frame.getJsonArray("events").getJsonObject(1).getJsonObject("value");
    assertThat(refusal.getString("code")).isEqualTo("frame-too-large");
    assertThat(refusal.getBoolean("local")).isFalse();
    assertThat(refusal.getInt("units")).isEqualTo(2000);

    JsonObject document = r.getJsonObject("document");
    assertThat(document.getString("text")).isEqualTo("w".repeat(8000) + "z");
    assertThat(ops(document.getJsonArray("sent")))
        .containsExactly(Map.of("seq", 2, "v", 2, "op", "[8000,\"z\"]"));
    JsonObject tooLarge = last(document.getJsonArray("events")).getJsonObject("value");
    assertThat(tooLarge.getString("code")).isEqualTo("document-too-large");
    assertThat(tooLarge.getInt("documentUnits")).isEqualTo(8000);
    assertThat(tooLarge.getInt("maxDocumentChars")).isEqualTo(10000);

    JsonObject local = r.getJsonObject("local");
    assertThat(local.getBoolean("accepted")).isFalse();
    assertThat(local.getString("text")).isEqualTo("w".repeat(8000) + "z");
    assertThat(local.getJsonArray("sent")).isEmpty();
    JsonObject refusedHere = last(local.getJsonArray("events")).getJsonObject("value");
    assertThat(refusedHere.getString("code")).isEqualTo("document-too-large");
    assertThat(refusedHere.getBoolean("local")).isTrue();
    assertThat(refusedHere.getInt("units")).isEqualTo(2500);
  }

  @Test
  void theClientSendsAnEditTooLargeForOneMessageInPiecesOneAfterTheOther() {
    JsonObject r =
        harness()
            .run(
                """
                const backslash = String.fromCharCode(92);
                const line = `a "quoted" ${backslash} line, é, 中, ${String.fromCodePoint(0x1f600)}\\n`;
                const pasted = line.repeat(300);
                const f = fixture({ content: 'ab', limits: { maxFrameBytes: 2000 } });
                f.insert(1, pasted);
                f.insert(f.client.text().length, '!');
                const rounds = [];
                let doc = 'ab';
                for (let v = 2; v < 200; v++) {
                  const ops = f.take().filter((m) => m.type === 'op');
                  if (ops.length === 0) break;
                  rounds.push({ sent: ops.length, bytes: ops[0].bytes, pending: f.client.pending() });
                  doc = TextOperation.fromJSON(ops[0].op).apply(doc);
                  f.ack(v, ops[0].seq);
                }
                return {
                  rounds, doc, expected: `a${pasted}b!`, text: f.client.text(),
                  pending: f.client.pending(), pastedLength: pasted.length,
                };
                """);

    List<JsonObject> rounds = r.getJsonArray("rounds").getValuesAs(JsonObject.class);
    assertThat(r.getString("doc"))
        .isEqualTo(r.getString("expected"))
        .isEqualTo(r.getString("text"));
    assertThat(rounds.size()).isGreaterThan(3);
    for (JsonObject round : rounds) {
      assertThat(round.getInt("sent")).as("messages in flight at once").isEqualTo(1);
      assertThat(round.getInt("bytes")).as("bytes of one message").isLessThanOrEqualTo(2000);
      assertThat(round.getInt("pending"))
          .as("the paste is pending until its last piece")
          .isPositive();
    }
    assertThat(r.getInt("pending")).isZero();
  }

  @Test
  void theClientAsksForAMissingVersionThenReloadsTheDocumentKeepingItsEdits() {
    JsonObject r =
        harness()
            .run(
                """
                const f = fixture({ content: 'abc', v: 1 });
                f.insert(3, '!');
                f.take();
                f.remote(3, [1, 'X', 3]);
                f.clock.advance(GAP_WAIT_MS - 1);
                const early = f.take();
                f.clock.advance(1);
                const asked = f.take();
                f.clock.advance(GAP_WAIT_MS - 1);
                const beforeReload = f.events.filter((e) => e.type === 'reload').length;
                f.clock.advance(1);
                const reloads = f.events.filter((e) => e.type === 'reload').length;
                const pendingMeanwhile = f.client.pending();
                f.connect();
                f.snapshot({ content: 'aXbcY', v: 3, seq: 0 });
                const afterReload = { text: f.client.text(), sent: f.take(), version: f.client.version() };

                // a version that arrives in time is simply applied
                const g = fixture({ content: 'abc', v: 1 });
                g.remote(3, [1, 'X', 3]);
                g.clock.advance(GAP_WAIT_MS - 1);
                g.remote(2, [3, 'Y']);
                g.clock.advance(3 * GAP_WAIT_MS);
                const inTime = { text: g.client.text(), sent: g.take(), events: g.events.map((e) => e.type) };
                return {
                  early, asked, beforeReload, reloads, pendingMeanwhile, afterReload, inTime,
                };
                """);

    assertThat(r.getJsonArray("early")).isEmpty();
    assertThat(r.getJsonArray("asked").getValuesAs(JsonObject.class))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getString("type")).isEqualTo("catchup");
              assertThat(m.getInt("v")).isEqualTo(1);
            });
    assertThat(r.getInt("beforeReload")).isZero();
    assertThat(r.getInt("reloads")).isEqualTo(1);
    assertThat(r.getInt("pendingMeanwhile")).isEqualTo(1);
    JsonObject afterReload = r.getJsonObject("afterReload");
    assertThat(afterReload.getString("text")).isEqualTo("aXbcY!");
    assertThat(afterReload.getInt("version")).isEqualTo(3);
    assertThat(ops(afterReload.getJsonArray("sent")))
        .containsExactly(Map.of("seq", 2, "v", 3, "op", "[5,\"!\"]"));
    JsonObject inTime = r.getJsonObject("inTime");
    assertThat(inTime.getString("text")).isEqualTo("aXbcY");
    assertThat(inTime.getJsonArray("sent")).isEmpty();
    assertThat(strings(inTime.getJsonArray("events"))).containsExactly("remoteOp", "remoteOp");
  }

  @Test
  void theClientCarriesItsPendingEditsOverOntoADocumentTheServerSendsAnew() {
    JsonObject r =
        harness()
            .run(
                """
                // a snapshot on the live connection; the edit in flight is not in the log
                const f = fixture({ content: 'one two', v: 5 });
                f.insert(7, ' three');
                f.insert(0, '>');
                f.take();
                f.snapshot({ content: 'one 2', v: 30, seq: 0 });
                const resent = { text: f.client.text(), sent: f.take(), pending: f.client.pending() };
                f.ack(31, 2);
                const next = f.take();

                // the edit in flight is in the log already: dropped, the one after it carried over
                const g = fixture({ content: 'abc', v: 1 });
                g.insert(3, 'D');
                g.insert(0, '_');
                g.take();
                g.snapshot({ content: 'abcD!', v: 40, seq: 1 });
                const inLog = { text: g.client.text(), sent: g.take(), pending: g.client.pending() };

                // after a reconnect, a catch-up too far behind is answered with the document
                const h = fixture({ content: 'abc', v: 1 });
                h.insert(3, 'D');
                h.take();
                h.reconnect();
                h.snapshot({ content: 'XYZ', v: 100, seq: 0 });
                const reconnected = h.take();
                h.snapshot({ content: 'XYZ', v: 100, seq: 0 });
                const resynced = { text: h.client.text(), sent: h.take() };

                // a catch-up within reach: the edit in flight goes again, same seq, once caught up
                const k = fixture({ content: 'abc', v: 1 });
                k.insert(3, 'D');
                k.take();
                k.reconnect();
                k.snapshot({ content: 'abcE', v: 2, seq: 0 });
                const beforeCatchup = k.take();
                k.remote(2, [3, 'E']);
                const caughtUp = { text: k.client.text(), sent: k.take() };
                return { resent, next, inLog, reconnected, resynced, beforeCatchup, caughtUp };
                """);

    JsonObject resent = r.getJsonObject("resent");
    assertThat(resent.getString("text")).isEqualTo(">one 2 three");
    assertThat(ops(resent.getJsonArray("sent")))
        .containsExactly(Map.of("seq", 2, "v", 30, "op", "[5,\" three\"]"));
    assertThat(resent.getInt("pending")).isEqualTo(2);
    assertThat(ops(r.getJsonArray("next")))
        .containsExactly(Map.of("seq", 3, "v", 31, "op", "[\">\",11]"));

    JsonObject inLog = r.getJsonObject("inLog");
    assertThat(inLog.getString("text")).isEqualTo("_abcD!");
    assertThat(ops(inLog.getJsonArray("sent")))
        .containsExactly(Map.of("seq", 2, "v", 40, "op", "[\"_\",5]"));
    assertThat(inLog.getInt("pending")).isEqualTo(1);

    assertThat(types(r.getJsonArray("reconnected"))).containsExactly("hello", "catchup");
    JsonObject resynced = r.getJsonObject("resynced");
    assertThat(resynced.getString("text")).isEqualTo("XYZD");
    assertThat(ops(resynced.getJsonArray("sent")))
        .containsExactly(Map.of("seq", 2, "v", 100, "op", "[3,\"D\"]"));

    assertThat(types(r.getJsonArray("beforeCatchup"))).containsExactly("hello", "catchup");
    JsonObject caughtUp = r.getJsonObject("caughtUp");
    assertThat(caughtUp.getString("text")).isEqualTo("abcED");
    assertThat(ops(caughtUp.getJsonArray("sent")))
        .containsExactly(Map.of("seq", 1, "v", 2, "op", "[4,\"D\"]"));
  }

  @Test
  void theClientResendsAnEditRefusedAsTooOldOrRateLimited() {
    JsonObject r =
        harness()
            .run(
                """
                const f = fixture({ content: 'abc', v: 1 });
                f.insert(3, 'D');
                f.take();
                for (let v = 2; v <= 25; v++) {
                  f.remote(v, ['x', 3 + v - 2]);
                }
                f.error('version-too-old', { seq: 1 });
                const tooOld = f.take();
                f.error('version-too-old', { seq: 1 });
                const again = { sent: f.take(), events: f.events.map((e) => e.type) };

                const g = fixture({ content: 'abc' });
                g.insert(3, 'D');
                g.take();
                g.error('rate-limited', { seq: 1, retryable: true, retryAfterMs: 700 });
                g.clock.advance(699);
                const beforeRetry = g.take();
                g.clock.advance(1);
                const afterRetry = g.take();
                g.error('store-unavailable', { seq: 1, retryable: true });
                g.clock.advance(100);
                const afterBackoff = g.take();
                return { tooOld, again, beforeRetry, afterRetry, afterBackoff };
                """);

    List<JsonObject> tooOld = r.getJsonArray("tooOld").getValuesAs(JsonObject.class);
    assertThat(tooOld).hasSize(2);
    assertThat(tooOld.get(0).getString("type")).isEqualTo("catchup");
    assertThat(tooOld.get(0).getInt("v")).isEqualTo(25);
    assertThat(ops(r.getJsonArray("tooOld")))
        .containsExactly(Map.of("seq", 1, "v", 25, "op", "[27,\"D\"]"));
    JsonObject again = r.getJsonObject("again");
    assertThat(again.getJsonArray("sent")).isEmpty();
    assertThat(strings(again.getJsonArray("events"))).endsWith("reload");

    assertThat(r.getJsonArray("beforeRetry")).isEmpty();
    assertThat(ops(r.getJsonArray("afterRetry")))
        .containsExactly(Map.of("seq", 1, "v", 1, "op", "[3,\"D\"]"));
    assertThat(ops(r.getJsonArray("afterBackoff")))
        .containsExactly(Map.of("seq", 1, "v", 1, "op", "[3,\"D\"]"));
  }

  @Test
  void theClientSendsNoEditsWhileTheRoomIsBrokenAndKeepsThem() {
    JsonObject r =
        harness()
            .run(
                """
                const f = fixture({ content: 'abc' });
                f.insert(3, 'D');
                f.take();
                f.error('store-diverged', { message: 'the store lost versions 5 to 7' });
                f.error('store-diverged', { seq: 1 });
                f.insert(4, 'E');
                f.clock.advance(60000);
                const broken = {
                  sent: f.take(), text: f.client.text(), pending: f.client.pending(),
                  trouble: f.client.trouble?.()?.code ?? null,
                  language: f.client.changeLanguage('go'),
                  events: f.events.splice(0),
                };
                f.reconnect();
                f.snapshot({ content: 'abc', v: 1, seq: 0 });
                const repaired = { sent: f.take(), trouble: f.client.trouble ? f.client.trouble() : 'unknown' };

                const g = fixture({ content: 'abc' });
                g.error('room-broken', { message: 'version 9 is missing' });
                return { broken, repaired, roomBroken: g.client.trouble?.()?.code ?? null };
                """);

    JsonObject broken = r.getJsonObject("broken");
    assertThat(broken.getJsonArray("sent")).isEmpty();
    assertThat(broken.getString("text")).isEqualTo("abcDE");
    assertThat(broken.getInt("pending")).isEqualTo(2);
    assertThat(broken.getString("trouble", null)).isEqualTo("store-diverged");
    assertThat(broken.getBoolean("language")).isFalse();
    assertThat(types(broken.getJsonArray("events"))).containsOnly("trouble");
    JsonObject repaired = r.getJsonObject("repaired");
    assertThat(repaired.isNull("trouble")).isTrue();
    assertThat(types(repaired.getJsonArray("sent"))).containsExactly("hello", "catchup", "op");
    assertThat(ops(repaired.getJsonArray("sent")))
        .containsExactly(Map.of("seq", 1, "v", 1, "op", "[3,\"D\"]"));
    assertThat(r.getString("roomBroken", null)).isEqualTo("room-broken");
  }

  /** The op messages among {@code messages}, as seq, v and the operation's JSON. */
  private static List<Map<String, Object>> ops(JsonArray messages) {
    return messages.getValuesAs(JsonObject.class).stream()
        .filter(m -> m.getString("type").equals("op"))
        .map(
            m ->
                Map.<String, Object>of(
                    "seq", m.getInt("seq"), "v", m.getInt("v"), "op", m.get("op").toString()))
        .toList();
  }

  private static List<String> types(JsonArray messages) {
    return messages.getValuesAs(JsonObject.class).stream().map(m -> m.getString("type")).toList();
  }

  private static List<String> strings(JsonArray values) {
    return values.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  private static JsonObject last(JsonArray values) {
    return values.getJsonObject(values.size() - 1);
  }
}
