package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The browser client against a server in links mode: rooms are created on the start page, reached
 * through edit and view links that carry their secret in the fragment, and shared, downgraded and
 * revoked in the owner's Share dialog; a page whose link does not (or no longer) open the room
 * shows what happened instead of the editor.
 */
class AccessBrowserIT {

  private static final Path SCREENSHOTS = Path.of("target/screenshots");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final SecureRandom RANDOM = new SecureRandom();

  private static ServerProcess server;

  private Browser owner;
  private Browser guest;

  /** What the owner's browser holds for a room it created: the owner key and the two links. */
  private record Created(
      String id,
      String ownerKey,
      String editLinkId,
      String editSecret,
      String viewLinkId,
      String viewSecret) {}

  @BeforeAll
  static void startServer() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    server = ServerProcess.create("access-browser", Map.of("ENSEMBLE_ACCESS", "links")).start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeBrowsers() {
    if (owner != null) {
      owner.close();
    }
    if (guest != null) {
      guest.close();
    }
  }

  private Browser owner() {
    if (owner == null) {
      owner = new Browser();
    }
    return owner;
  }

  private Browser guest() {
    if (guest == null) {
      guest = new Browser();
    }
    return guest;
  }

  @Test
  void creatingARoomOnTheStartPageLandsInAnEditableRoomAsItsOwner() {
    Created room = createOnStartPage();
    RoomPage page = new RoomPage(owner()).awaitConnected();

    assertThat(owner().driver.getCurrentUrl())
        .isEqualTo(server.base() + "r/" + room.id() + "#k=" + room.editSecret());
    await().atMost(Duration.ofSeconds(10)).until(() -> "owner".equals(page.role()));
    assertThat(page.isReadOnly()).isFalse();
    assertThat(owner().driver.findElement(By.id("share")).isDisplayed()).isTrue();
    assertThat(owner().driver.findElement(By.id("role")).isDisplayed()).isFalse();
    page.caretAt(false);
    page.type("made by the owner");
    await().atMost(Duration.ofSeconds(15)).until(page::isSettled);
    assertThat(stored(room)).isEqualTo("made by the owner");

    // the start page lists the room among this browser's rooms, with its edit link
    owner().driver.get(server.base());
    WebElement listed =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> owner().driver.findElements(recentRoom(room.id())), found -> !found.isEmpty())
            .get(0);
    assertThat(listed.getAttribute("data-role")).isEqualTo("owner");
    assertThat(listed.findElement(By.tagName("a")).getAttribute("href"))
        .isEqualTo(server.base() + "r/" + room.id() + "#k=" + room.editSecret());
    assertThat(owner().driver.findElement(By.id("room-list")).isDisplayed()).isFalse();
  }

  @Test
  void theViewLinkGivesAReadOnlyEditorThatSaysSoAndTypingThereChangesNothing() {
    Created room = createOnStartPage();
    RoomPage author = new RoomPage(owner()).awaitConnected();
    author.caretAt(false);
    author.type("read this");
    await().atMost(Duration.ofSeconds(15)).until(author::isSettled);

    RoomPage viewer = openLink(guest(), room.id(), room.viewSecret());
    await().atMost(Duration.ofSeconds(10)).until(() -> "viewer".equals(viewer.role()));
    assertThat(viewer.text()).isEqualTo("read this");
    assertThat(viewer.isReadOnly()).isTrue();
    WebElement badge = guest().driver.findElement(By.id("role"));
    assertThat(badge.isDisplayed()).isTrue();
    assertThat(badge.getAttribute("data-role")).isEqualTo("viewer");
    assertThat(badge.getText()).isEqualTo("View only");
    assertThat(viewer.notice()).contains("only allows viewing");
    guest().screenshot(SCREENSHOTS.resolve("view-only.png"));
    assertThat(guest().driver.findElement(By.id("language")).isEnabled()).isFalse();
    assertThat(guest().driver.findElement(By.id("share")).isDisplayed()).isFalse();

    viewer.caretAt(true);
    viewer.type(" and change it");
    assertThat(viewer.modelText()).isEqualTo("read this");
    assertThat(viewer.pending()).isZero();

    // the owner's later edit reaches the viewer: whatever the viewer's page sent came before it
    author.caretAt(true);
    author.type(", please");
    await().atMost(Duration.ofSeconds(15)).until(() -> "read this, please".equals(viewer.text()));
    assertThat(stored(room)).isEqualTo("read this, please");
    assertThat(viewer.modelText()).isEqualTo("read this, please");
  }

  @Test
  void revokingTheViewLinkInTheShareDialogShowsTheViewerTheNoAccessPanel() {
    Created room = createOnStartPage();
    new RoomPage(owner()).awaitConnected();
    RoomPage viewer = openLink(guest(), room.id(), room.viewSecret());
    await().atMost(Duration.ofSeconds(10)).until(() -> "viewer".equals(viewer.role()));

    WebElement row = openShareDialogAt(room.viewLinkId());
    row.findElement(By.className("link-revoke")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> owner().driver.findElements(linkRow(room.viewLinkId())).isEmpty());
    assertThat(owner().driver.findElements(linkRow(room.editLinkId()))).hasSize(1);

    await().atMost(Duration.ofSeconds(5)).until(() -> "forbidden".equals(viewer.noAccess()));
    assertNoAccessPanel(guest(), "no longer opens the room", "Ask the owner");
    guest().screenshot(SCREENSHOTS.resolve("no-access.png"));
    assertThat(status(room.id(), room.viewSecret())).isEqualTo(403);
  }

  @Test
  void aWrongSecretAnUnknownRoomAndNoSecretEachShowTheNoAccessPanelWithTheirWords() {
    Created room = createOnStartPage();
    Browser visitor = guest();

    RoomPage wrong = openLinkPage(visitor, room.id(), randomSecret());
    await().atMost(Duration.ofSeconds(30)).until(() -> "forbidden".equals(wrong.noAccess()));
    assertNoAccessPanel(visitor, "no longer opens the room", "not copied whole");

    RoomPage unknown = openLinkPage(visitor, Urls.freshRoom("nowhere"), randomSecret());
    await().atMost(Duration.ofSeconds(30)).until(() -> "room-not-found".equals(unknown.noAccess()));
    assertNoAccessPanel(visitor, "does not exist", "Check the link");

    visitor.driver.get(server.base() + "r/" + room.id() + "?name=Visitor");
    RoomPage bare = new RoomPage(visitor);
    await().atMost(Duration.ofSeconds(30)).until(() -> "unauthorized".equals(bare.noAccess()));
    assertNoAccessPanel(visitor, "through a link", "Ask the person who shared");

    // nothing was created on the way
    assertThat(status(room.id(), room.ownerKey())).isEqualTo(200);
  }

  @Test
  void aRoomThatDoesNotExistCanBeCreatedUnderItsNameFromTheNoAccessPanel() {
    String name = Urls.freshRoom("mistyped");
    Browser visitor = guest();
    RoomPage page = openLinkPage(visitor, name, randomSecret());
    await().atMost(Duration.ofSeconds(30)).until(() -> "room-not-found".equals(page.noAccess()));
    assertThat(visitor.driver.findElement(By.id("no-access-home")).isDisplayed()).isTrue();

    visitor.driver.findElement(By.id("no-access-create")).click();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> visitor.driver.getCurrentUrl().startsWith(server.base() + "r/" + name + "#k="));
    RoomPage created = new RoomPage(visitor).awaitConnected();
    await().atMost(Duration.ofSeconds(10)).until(() -> "owner".equals(created.role()));
    created.type("found it");
    await().atMost(Duration.ofSeconds(15)).until(created::isSettled);
  }

  @Test
  void aViewerSeesTheHistoryButNeitherRestoreNorNamingWhichTheServerRefusesThem() {
    Created room = createOnStartPage();
    RoomPage made = new RoomPage(owner()).awaitConnected();
    made.caretAt(false);
    made.type("first");
    await().atMost(Duration.ofSeconds(15)).until(made::isSettled);
    made.type(" second");
    await().atMost(Duration.ofSeconds(15)).until(made::isSettled);
    long head = made.version();
    RoomPage viewer = openLink(guest(), room.id(), room.viewSecret());
    await().atMost(Duration.ofSeconds(10)).until(() -> "viewer".equals(viewer.role()));
    var page = guest().driver;

    page.findElement(By.id("history-open")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                page.findElement(By.id("history-at"))
                    .getText()
                    .startsWith("Version " + head + " of " + head));
    assertThat(page.findElements(By.cssSelector("#history-bar .history-change"))).isNotEmpty();
    page.findElement(By.id("history-compare")).click();
    await()
        .until(
            () ->
                List.of("", "first second")
                    .equals(guest().script("return window.ensemble.history.diff()")));
    page.findElement(By.id("history-compare")).click();
    page.findElement(By.id("history-slider")).sendKeys(Keys.HOME);
    await().until(() -> "".equals(guest().script("return window.ensemble.history.shown()")));
    assertThat(page.findElement(By.id("history-download")).isDisplayed()).isTrue();
    assertThat(page.findElement(By.id("history-restore")).isDisplayed()).isFalse();
    assertThat(page.findElement(By.id("history-name-form")).isDisplayed()).isFalse();
    guest().screenshot(SCREENSHOTS.resolve("history-viewer.png"));

    // what the hidden controls would have done, tried with the view link's key anyway
    Http.Response named =
        Http.call(
            "POST",
            Urls.api(server.url(), "rooms/" + room.id() + "/history/versions"),
            room.viewSecret(),
            "{\"name\":\"mine\"}");
    assertThat(named.status()).isEqualTo(403);
    String wsUrl = server.base().replaceFirst("^http", "ws") + "ws/rooms/" + room.id();
    assertThat(guest().asyncScript(RESTORE_BY_HAND, wsUrl, room.viewSecret()))
        .isEqualTo("forbidden");
    assertThat(stored(room)).isEqualTo("first second");
  }

  /**
   * Restores version 0 (the empty document) over a WebSocket of its own, as the page would; calls
   * back with the code of the error the server answers.
   */
  private static final String RESTORE_BY_HAND =
      """
      const [url, secret, done] = arguments;
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      const key = 'k' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      const socket = new WebSocket(url);
      socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', key, secret }));
      socket.onmessage = (event) => {
        const m = JSON.parse(event.data);
        if (m.type === 'snapshot') {
          socket.send(JSON.stringify({ type: 'op', v: m.v, op: [-m.content.length], seq: 1 }));
        } else if (m.type === 'error') {
          socket.close();
          done(m.code);
        }
      };
      """;

  @Test
  void editsKeptOfflineForARoomDeletedMeanwhileAreReportedAndForgotten() {
    SocketCutter sockets = SocketCutter.install(owner());
    Created room = createOnStartPage();
    RoomPage page = new RoomPage(owner()).awaitConnected();
    page.caretAt(false);
    page.type("sent");
    await().atMost(Duration.ofSeconds(15)).until(page::isSettled);
    sockets.cut();
    await().atMost(Duration.ofSeconds(10)).until(() -> !"connected".equals(page.indicator()));
    page.type(" unsent");
    owner().driver.navigate().refresh();
    RoomPage reloaded = new RoomPage(owner());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                (Boolean) owner().script("return window.ensemble !== undefined")
                    && "sent unsent".equals(reloaded.modelText()));
    assertThat(OfflineBrowserIT.keptInStorage(owner())).isNotEmpty();
    Http.Response deleted =
        Http.call("DELETE", Urls.api(server.url(), "rooms/" + room.id()), room.ownerKey(), null);
    assertThat(deleted.status()).isEqualTo(204);

    sockets.letThrough();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "room-not-found".equals(reloaded.noAccess()));
    assertThat(reloaded.notice())
        .isEqualTo("7 edits made here could not be sent: the room no longer exists.");
    assertThat(OfflineBrowserIT.keptInStorage(owner())).isEmpty();
  }

  @Test
  void downgradingAnEditLinkToViewingInTheShareDialogMakesTheEditorsPageReadOnly() {
    Created room = createOnStartPage();
    new RoomPage(owner()).awaitConnected();
    RoomPage editor = openLink(guest(), room.id(), room.editSecret());
    await().atMost(Duration.ofSeconds(10)).until(() -> "editor".equals(editor.role()));
    assertThat(editor.isReadOnly()).isFalse();
    editor.caretAt(false);
    editor.type("typed with the edit link");
    await().atMost(Duration.ofSeconds(15)).until(editor::isSettled);
    assertThat(stored(room)).isEqualTo("typed with the edit link");

    WebElement row = openShareDialogAt(room.editLinkId());
    new Select(row.findElement(By.className("link-role"))).selectByValue("viewer");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "viewer".equals(shownRole(room.editLinkId())));

    await().atMost(Duration.ofSeconds(5)).until(() -> "viewer".equals(editor.role()));
    await().atMost(Duration.ofSeconds(5)).until(editor::isReadOnly);
    assertThat(guest().driver.findElement(By.id("role")).isDisplayed()).isTrue();
    assertThat(editor.notice()).contains("only allows viewing");
    editor.caretAt(true);
    editor.type(", and more");
    assertThat(editor.modelText()).isEqualTo("typed with the edit link");
    assertThat(stored(room)).isEqualTo("typed with the edit link");
  }

  @Test
  void theOwnersArchiveButtonMakesEveryPageReadOnlyUntilTheOwnerUnarchives() {
    Created room = createOnStartPage();
    RoomPage ownerPage = new RoomPage(owner()).awaitConnected();
    await().atMost(Duration.ofSeconds(10)).until(() -> "owner".equals(ownerPage.role()));
    ownerPage.caretAt(false);
    ownerPage.type("kept");
    await().atMost(Duration.ofSeconds(15)).until(ownerPage::isSettled);
    RoomPage editor = openLink(guest(), room.id(), room.editSecret());
    await().atMost(Duration.ofSeconds(10)).until(() -> "editor".equals(editor.role()));
    assertThat(guest().driver.findElement(By.id("archive")).isDisplayed()).isFalse();

    WebElement archive = owner().driver.findElement(By.id("archive"));
    assertThat(archive.getText()).isEqualTo("Archive");
    archive.click();

    await().atMost(Duration.ofSeconds(5)).until(editor::isReadOnly);
    await().atMost(Duration.ofSeconds(5)).until(ownerPage::isReadOnly);
    await().atMost(Duration.ofSeconds(5)).until(() -> archive.getText().equals("Unarchive"));
    assertThat(editor.notice()).contains("archived");
    assertThat(ownerPage.notice()).contains("archived");
    assertThat(editor.indicatorText()).isEqualTo("Connected, read-only");
    owner().screenshot(SCREENSHOTS.resolve("archived-room.png"));
    editor.caretAt(true);
    editor.type(" typed while archived");
    assertThat(editor.modelText()).isEqualTo("kept");
    assertThat(stored(room)).isEqualTo("kept");

    archive.click();
    await().atMost(Duration.ofSeconds(5)).until(() -> !editor.isReadOnly());
    editor.caretAt(true);
    editor.type(" again");
    await().atMost(Duration.ofSeconds(15)).until(editor::isSettled);
    assertThat(stored(room)).isEqualTo("kept again");
  }

  @Test
  void aLinkMadeInTheShareDialogOpensTheRoomWithItsRole() {
    Created room = createOnStartPage();
    new RoomPage(owner()).awaitConnected();
    openShareDialogAt(room.viewLinkId());

    new Select(owner().driver.findElement(By.id("share-role"))).selectByValue("viewer");
    new Select(owner().driver.findElement(By.id("share-expiry"))).selectByValue("3600");
    owner().driver.findElement(By.cssSelector("#share-create button[type=submit]")).click();
    WebElement field = owner().driver.findElement(By.id("share-new-link"));
    await().atMost(Duration.ofSeconds(10)).until(field::isDisplayed);
    String link = field.getAttribute("value");
    owner().screenshot(SCREENSHOTS.resolve("share-dialog.png"));
    assertThat(link).matches(".*/r/" + room.id() + "#k=[A-Za-z0-9_-]{43}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> owner().driver.findElements(By.cssSelector("#share-links tr")).size() == 3);

    guest().driver.get(link.replace("#k=", "?name=Guest#k="));
    RoomPage viewer = new RoomPage(guest()).awaitConnected();
    await().atMost(Duration.ofSeconds(10)).until(() -> "viewer".equals(viewer.role()));
    assertThat(viewer.isReadOnly()).isTrue();
  }

  // ---- helpers ----

  /**
   * Creates a room with the owner's browser on the start page and waits for the room page; returns
   * what the browser remembered of it.
   */
  private Created createOnStartPage() {
    Browser browser = owner();
    browser.driver.get(server.base());
    browser.script("localStorage.setItem('ensemble.name', 'Owner')");
    WebElement create = browser.driver.findElement(By.id("create-room"));
    await().atMost(Duration.ofSeconds(10)).until(create::isEnabled);
    create.click();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> browser.driver.getCurrentUrl().matches(".*/r/[^#]+#k=.+"));
    String url = browser.driver.getCurrentUrl();
    String id = url.substring(url.indexOf("/r/") + 3, url.indexOf('#'));
    JsonObject entry =
        read((String) browser.script("return localStorage.getItem('ensemble.rooms')"))
            .getJsonObject(id);
    JsonObject links = entry.getJsonObject("links");
    String editId = linkWithRole(links, "editor");
    String viewId = linkWithRole(links, "viewer");
    return new Created(
        id,
        entry.getString("ownerKey"),
        editId,
        links.getJsonObject(editId).getString("secret"),
        viewId,
        links.getJsonObject(viewId).getString("secret"));
  }

  private static String linkWithRole(JsonObject links, String role) {
    return links.keySet().stream()
        .filter(id -> role.equals(links.getJsonObject(id).getString("role")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + role + " link in " + links));
  }

  /** Opens a room's link and waits until the page is connected. */
  private RoomPage openLink(Browser browser, String room, String secret) {
    return openLinkPage(browser, room, secret).awaitConnected();
  }

  private RoomPage openLinkPage(Browser browser, String room, String secret) {
    browser.driver.get(server.base() + "r/" + room + "?name=Guest#k=" + secret);
    return new RoomPage(browser);
  }

  /** Opens the owner's Share dialog and returns the row of the link {@code linkId}. */
  private WebElement openShareDialogAt(String linkId) {
    owner().driver.findElement(By.id("share")).click();
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> owner().driver.findElements(linkRow(linkId)), rows -> !rows.isEmpty())
        .get(0);
  }

  /** The role the owner's Share dialog shows for the link, read at once: the table is redrawn. */
  private String shownRole(String linkId) {
    return (String)
        owner()
            .script(
                "const row = document.querySelector(`#share-links tr[data-link='${arguments[0]}']`);"
                    + " return row && row.dataset.role",
                linkId);
  }

  private static By linkRow(String linkId) {
    return By.cssSelector("#share-links tr[data-link='" + linkId + "']");
  }

  private static By recentRoom(String roomId) {
    return By.cssSelector("#recent-list li[data-room='" + roomId + "']");
  }

  private static void assertNoAccessPanel(Browser browser, String title, String advice) {
    assertThat(browser.driver.findElement(By.id("no-access-title")).getText()).contains(title);
    assertThat(browser.driver.findElement(By.id("no-access-text")).getText()).contains(advice);
    assertThat(browser.driver.findElement(By.id("editor")).isDisplayed()).isFalse();
    assertThat(browser.driver.findElement(By.id("connection")).getText()).isEqualTo("No access");
    WebElement home = browser.driver.findElement(By.id("no-access-home"));
    assertThat(home.isDisplayed()).isTrue();
    assertThat(home.getAttribute("href")).isEqualTo(server.base());
  }

  /** The room's text as the server has it, read with the owner key. */
  private static String stored(Created room) {
    HttpResponse<String> response = get("rooms/" + room.id(), room.ownerKey());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return read(response.body()).getString("content");
  }

  /** The status of the room's REST resource for {@code secret}. */
  private static int status(String room, String secret) {
    return get("rooms/" + room, secret).statusCode();
  }

  private static HttpResponse<String> get(String path, String secret) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(Urls.api(server.url(), path))
              .header("Authorization", "Bearer " + secret)
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject read(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  /** 256 random bits as a link carries them: base64url, 43 characters. */
  private static String randomSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
