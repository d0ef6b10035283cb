package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.ot.RandomEdits;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import dev.ensemble.wire.TextOperationJson;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
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
 * in one room, typing at once, seeing each other's cursors, surviving a server restart.
 */
class BrowserIT {

  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  private static ServerProcess server;
  private Browser alice;
  private Browser bob;
  private String room;

  @BeforeAll
  static void startServer() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    server = ServerProcess.create("browser", Map.of()).start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openBrowsers() {
    if (!server.isAlive()) {
      server.start();
    }
    alice = new Browser();
    bob = new Browser();
    room = Urls.freshRoom("browser");
  }

  @AfterEach
  void closeBrowsers() {
    alice.close();
    bob.close();
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
    RoomPage a = new RoomPage(alice, server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob, server.url(), room, "Bob");
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
    RoomPage a = new RoomPage(alice, server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob, server.url(), room, "Bob");
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
        bob.driver.findElement(
            By.cssSelector(".remote-cursor-label[data-client='" + aliceId + "']"));
    assertThat(label.getText()).isEqualTo("Alice");
    assertThat(label.isDisplayed()).isTrue();
    assertThat(aliceAt).isEqualTo("first line\n".length());
  }

  @Test
  void editsMadeWhileTheServerRestartsAreKeptAndSent() {
    RoomPage a = new RoomPage(alice, server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob, server.url(), room, "Bob");
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
    RoomPage a = new RoomPage(alice, server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob, server.url(), room, "Bob");

    a.chooseLanguage("java");

    await().atMost(Duration.ofSeconds(15)).until(() -> "java".equals(b.language()));
    assertThat(b.editorLanguage()).isEqualTo("java");
    assertThat(a.editorLanguage()).isEqualTo("java");
  }

  @Test
  void undoTakesBackOnlyMyOwnEdits() {
    RoomPage a = new RoomPage(alice, server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob, server.url(), room, "Bob");
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
    alice.driver.get(server.base());

    String actual =
        (String)
            alice.asyncScript(
                """
                const done = arguments[arguments.length - 1];
                import('/js/ot.js').then(({ TextOperation: Op }) => {
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
    RoomPage a = new RoomPage(alice, server.url(), room, "Alice");
    RoomPage b = new RoomPage(bob, server.url(), room, "Bob");
    a.chooseLanguage("java");
    a.caretAt(false);
    a.type(
        "public class Hello {", Keys.ENTER, "// Alice and Bob edit this together", Keys.ENTER, "}");
    awaitAgreement(a, b);
    b.caretAt(true);
    await().until(() -> !a.remoteCursors().isEmpty() && !b.remoteCursors().isEmpty());
    await()
        .until(
            () -> alice.driver.findElements(By.cssSelector("#people li[data-client]")).size() == 2);
    alice.screenshot(SCREENSHOTS.resolve("room-with-two-people.png"));

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
}
