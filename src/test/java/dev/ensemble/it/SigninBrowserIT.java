package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.Json;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The browser client against a server in signin mode, with a real OpenID Connect provider on a
 * loopback port whose login page the browsers fill in: a person not signed in is sent to sign in
 * from the start page and from a room's address, creates rooms that are theirs, shares them with
 * people in the Share dialog, and a person a room is not shared with sees why instead of the
 * editor.
 */
class SigninBrowserIT {

  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  private static MockOAuth2Server issuer;
  private static ServerProcess server;

  private Browser alice;
  private Browser bob;
  private Browser carol;
  private Browser dave;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    issuer = new MockOAuth2Server(new OAuth2Config(true));
    issuer.start(InetAddress.getLoopbackAddress(), 0);
    server =
        ServerProcess.create(
                "signin-browser",
                Map.of(
                    "ENSEMBLE_ACCESS", "signin",
                    "ENSEMBLE_OIDC_ISSUER", issuer.issuerUrl("default").toString(),
                    "ENSEMBLE_OIDC_CLIENT_ID", "ensemble"))
            .start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (issuer != null) {
      issuer.shutdown();
    }
  }

  @AfterEach
  void closeBrowsers() {
    for (Browser browser : new Browser[] {alice, bob, carol, dave}) {
      if (browser != null) {
        browser.close();
      }
    }
  }

  @Test
  void aliceSignsInCreatesARoomAndSharesItWithBobWhoSignsInAndReadsIt() {
    alice = new Browser();
    alice.driver.get(server.base());
    signIn(alice, server.base(), "alice", "writers");

    // back on the start page, signed in: no links to open, a way out, and a room to create
    WebElement create = alice.driver.findElement(By.id("create-room"));
    await().atMost(Duration.ofSeconds(10)).until(create::isEnabled);
    assertThat(alice.driver.getCurrentUrl()).isEqualTo(server.base());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alice.driver.findElement(By.id("room-list-title")).isDisplayed());
    assertThat(alice.driver.findElement(By.id("room-list-title")).getText())
        .isEqualTo("Your rooms");
    assertThat(alice.driver.findElement(By.id("open-panel")).isDisplayed()).isFalse();
    assertThat(alice.driver.findElement(By.id("join-panel")).isDisplayed()).isFalse();
    assertThat(alice.driver.findElement(By.id("signout")).getAttribute("href"))
        .isEqualTo(server.base() + "signout");
    String room = createRoom(alice);
    RoomPage owner = new RoomPage(alice);
    assertThat(owner.isReadOnly()).isFalse();
    assertThat(alice.driver.findElement(By.id("name-dialog")).isDisplayed()).isFalse();
    assertThat(alice.driver.findElement(By.id("signout")).isDisplayed()).isTrue();
    owner.caretAt(false);
    owner.type("written by alice");
    await().atMost(Duration.ofSeconds(15)).until(owner::isSettled);

    // the Share dialog: bob as a viewer, and nothing about links
    alice.driver.findElement(By.id("share")).click();
    WebElement dialog = alice.driver.findElement(By.id("share-people-dialog"));
    await().atMost(Duration.ofSeconds(10)).until(dialog::isDisplayed);
    assertThat(alice.driver.findElement(By.id("share-dialog")).isDisplayed()).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alice.driver.findElement(By.id("share-grants-empty")).isDisplayed());
    new Select(alice.driver.findElement(By.id("share-add-kind"))).selectByValue("people");
    alice.driver.findElement(By.id("share-add-name")).sendKeys("bob");
    new Select(alice.driver.findElement(By.id("share-add-role"))).selectByValue("viewer");
    alice.driver.findElement(By.cssSelector("#share-add button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !alice.driver.findElements(grant("people", "bob", "viewer")).isEmpty());
    assertThat(alice.driver.findElement(By.id("share-add-name")).getAttribute("value")).isEmpty();
    alice.screenshot(SCREENSHOTS.resolve("signin-share-dialog.png"));
    JsonAccess shared = access(room, "alice");
    assertThat(shared.people()).isEqualTo("{\"bob\":\"viewer\"}");
    dialog.findElement(By.className("dialog-close")).click();

    // bob opens the room's address, signs in on the way, and reads it
    bob = new Browser();
    bob.driver.get(server.base() + "r/" + room);
    signIn(bob, server.base() + "r/" + room, "bob");
    RoomPage viewer = new RoomPage(bob).awaitConnected();
    await().atMost(Duration.ofSeconds(10)).until(() -> "viewer".equals(viewer.role()));
    assertThat(bob.driver.getCurrentUrl()).isEqualTo(server.base() + "r/" + room);
    assertThat(viewer.text()).isEqualTo("written by alice");
    assertThat(viewer.isReadOnly()).isTrue();
    assertThat(bob.driver.findElement(By.id("role")).isDisplayed()).isTrue();
    assertThat(bob.driver.findElement(By.id("share")).isDisplayed()).isFalse();
    assertThat(viewer.notice()).contains("shared with you for viewing");
    viewer.caretAt(true);
    viewer.type(" and bob");
    assertThat(viewer.modelText()).isEqualTo("written by alice");
    assertThat(viewer.pending()).isZero();
    // alice sees bob by the name he signed in with
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alice.driver.findElement(By.id("people")).getText().contains("bob"));

    // the room is on alice's start page, and on bob's
    for (Browser browser : List.of(alice, bob)) {
      browser.driver.get(server.base());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !browser.driver.findElements(listed(room)).isEmpty());
    }
  }

  @Test
  void carolSignsInOnTheWayToARoomNotSharedWithHerAndIsToldToAskItsOwner() {
    Http.Response created =
        Http.call(
            "POST",
            Urls.api(server.url(), "rooms"),
            token("alice"),
            "{\"language\":\"java\",\"content\":\"private\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String room = created.json().asJsonObject().getString("id");

    carol = new Browser();
    carol.driver.get(server.base() + "r/" + room);
    signIn(carol, server.base() + "r/" + room, "carol", "readers");
    RoomPage page = new RoomPage(carol);
    await().atMost(Duration.ofSeconds(30)).until(() -> "forbidden".equals(page.noAccess()));
    assertThat(carol.driver.getCurrentUrl()).isEqualTo(server.base() + "r/" + room);
    assertThat(carol.driver.findElement(By.id("no-access-title")).getText())
        .contains("not shared with you");
    assertThat(carol.driver.findElement(By.id("no-access-text")).getText())
        .contains("Ask the room's owner to share it with you");
    assertThat(carol.driver.findElement(By.id("editor")).isDisplayed()).isFalse();
    assertThat(carol.driver.findElement(By.id("connection")).getText()).isEqualTo("No access");
    assertThat(carol.driver.findElement(By.id("signout")).isDisplayed()).isTrue();
    carol.screenshot(SCREENSHOTS.resolve("signin-no-access.png"));
  }

  @Test
  void aLinkOpensTheRoomForSomeoneWhoSignsInOnTheWayAndKeepsItInTheirList() {
    alice = new Browser();
    alice.driver.get(server.base());
    signIn(alice, server.base(), "alice");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alice.driver.findElement(By.id("create-room")).isEnabled());
    String room = createRoom(alice);
    String roomUrl = alice.driver.getCurrentUrl();
    RoomPage owner = new RoomPage(alice);
    // the page knows who signed in: alice is herself on her own chip
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alice.driver.findElement(By.id("people")).getText().contains("alice"));

    // Share, then Links…: an edit link
    alice.driver.findElement(By.id("share")).click();
    WebElement people = alice.driver.findElement(By.id("share-people-dialog"));
    await().atMost(Duration.ofSeconds(10)).until(people::isDisplayed);
    alice.driver.findElement(By.id("share-people-links")).click();
    WebElement links = alice.driver.findElement(By.id("share-dialog"));
    await().atMost(Duration.ofSeconds(10)).until(links::isDisplayed);
    assertThat(people.isDisplayed()).isFalse();
    new Select(alice.driver.findElement(By.id("share-role"))).selectByValue("editor");
    alice.driver.findElement(By.cssSelector("#share-create button[type=submit]")).click();
    WebElement field = alice.driver.findElement(By.id("share-new-link"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !field.getAttribute("value").isEmpty());
    String link = field.getAttribute("value");
    assertThat(link).startsWith(roomUrl + "#k=");
    links.findElement(By.className("dialog-close")).click();

    // dave, not signed in, opens it: signs in on the way, comes back with the link and edits
    dave = new Browser();
    dave.driver.get(link);
    signIn(dave, link, "dave");
    RoomPage editor = new RoomPage(dave).awaitConnected();
    await().atMost(Duration.ofSeconds(10)).until(() -> "editor".equals(editor.role()));
    editor.caretAt(false);
    editor.type("dave was here");
    await().atMost(Duration.ofSeconds(15)).until(() -> owner.text().equals("dave was here"));

    // and finds the room on his start page
    dave.driver.get(server.base());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !dave.driver.findElements(listed(room)).isEmpty());
  }

  // ---- helpers ----

  /**
   * Creates a room from the start page the browser shows, waits until it is in the room as its
   * owner, and returns the room's id.
   */
  private static String createRoom(Browser browser) {
    browser.driver.findElement(By.id("create-room")).click();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> browser.driver.getCurrentUrl().matches(".*/r/[A-Za-z0-9_-]+"));
    String url = browser.driver.getCurrentUrl();
    RoomPage owner = new RoomPage(browser).awaitConnected();
    await().atMost(Duration.ofSeconds(10)).until(() -> "owner".equals(owner.role()));
    return url.substring(url.indexOf("/r/") + 3);
  }

  /** Signs in at this test's issuer: see {@link #signInAtIssuer}. */
  private static void signIn(Browser browser, String destination, String person, String... groups) {
    signInAtIssuer(issuer, browser, destination, person, groups);
  }

  /**
   * Waits for the login page of {@code issuer} the browser was sent to, signs in there as {@code
   * person} in {@code groups}, and waits until the browser is back at {@code destination}.
   */
  static void signInAtIssuer(
      MockOAuth2Server issuer,
      Browser browser,
      String destination,
      String person,
      String... groups) {
    WebElement username =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> browser.driver.findElements(By.name("username")), found -> !found.isEmpty())
            .get(0);
    assertThat(browser.driver.getCurrentUrl()).startsWith(issuer.issuerUrl("default").toString());
    username.sendKeys(person);
    String claims =
        Json.createObjectBuilder()
            .add("preferred_username", person)
            .add("groups", Json.createArrayBuilder(List.of(groups)))
            .build()
            .toString();
    WebElement field = browser.driver.findElement(By.name("claims"));
    // the page fills the field with an example: replaced at once rather than typed
    browser.script("arguments[0].value = arguments[1]", field, claims);
    browser.driver.findElement(By.cssSelector("input[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> destination.equals(browser.driver.getCurrentUrl()));
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

  private record JsonAccess(String people) {}

  /** The room's sharing as its owner reads it over REST. */
  private static JsonAccess access(String room, String owner) {
    Http.Response response =
        Http.call("GET", Urls.api(server.url(), "rooms/" + room + "/access"), token(owner), null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return new JsonAccess(response.json().asJsonObject().getJsonObject("people").toString());
  }

  private static By grant(String kind, String name, String role) {
    return By.cssSelector(
        "#share-grants tr[data-kind='"
            + kind
            + "'][data-name='"
            + name
            + "'][data-role='"
            + role
            + "']");
  }

  private static By listed(String room) {
    return By.cssSelector("#room-list li[data-room='" + room + "']");
  }
}
