package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;

/**
 * Edits typed while the server cannot be reached survive a reload of the page: they are kept in the
 * browser's storage and sent when the connection returns, as if the page had stayed open.
 *
 * <p>The server goes down (so the page is offline), comes back while the reloading page's
 * WebSockets are blocked through DevTools (so that the page loads but cannot connect: what it shows
 * then comes from storage), and the block is lifted. Catch-ups at most 5 versions behind, so that
 * one test can leave the stored edits too far behind for the server to catch them up.
 */
class OfflineBrowserIT {

  private static final int MAX_BEHIND = 5;

  private static ServerProcess server;
  private Browser alice;
  private Browser bob;
  private SocketCutter sockets;
  private String room;

  @BeforeAll
  static void startServer() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    server =
        ServerProcess.create(
                "offline",
                Map.of(
                    "ENSEMBLE_HEARTBEAT_SECONDS",
                    "2",
                    "ENSEMBLE_MAX_BEHIND",
                    Integer.toString(MAX_BEHIND)))
            .start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void freshRoom() {
    if (!server.isAlive()) {
      server.start();
    }
    room = Urls.freshRoom("offline");
    alice = new Browser();
    bob = new Browser();
  }

  @AfterEach
  void closeBrowsers() {
    alice.close();
    bob.close();
  }

  /**
   * Alice and Bob agree on "online "; then the server stops and Alice types " typed offline" at the
   * end; the server comes back while Alice's WebSockets are blocked, and Alice reloads.
   */
  private RoomPage typedOfflineAndReloaded(RoomPage b) {
    sockets = SocketCutter.install(alice);
    RoomPage a = new RoomPage(alice, server.url(), room, "alice");
    a.caretAt(false);
    a.type("online");
    await().atMost(Duration.ofSeconds(15)).until(() -> a.isSettled() && "online".equals(b.text()));

    assertThat(server.terminate()).isZero();
    await().atMost(Duration.ofSeconds(15)).until(() -> !"connected".equals(a.indicator()));
    a.caretAt(true);
    a.type(" typed offline");
    assertThat(a.pending()).isPositive();
    sockets.cut();
    server.start();

    alice.driver.navigate().refresh();
    RoomPage reloaded = new RoomPage(alice);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                (Boolean) alice.script("return window.ensemble !== undefined")
                    && "online typed offline".equals(reloaded.modelText()));
    assertThat(reloaded.state()).isNotEqualTo("connected");
    assertThat(reloaded.pending()).isPositive();
    return reloaded;
  }

  @Test
  void editsTypedOfflineSurviveAReloadAndReachTheOthersWhenTheConnectionReturns() {
    RoomPage b = new RoomPage(bob, server.url(), room, "bob");
    RoomPage a = typedOfflineAndReloaded(b);
    await().atMost(Duration.ofSeconds(30)).until(() -> b.isSettled());
    assertThat(b.text()).isEqualTo("online");

    sockets.letThrough();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.isSettled() && "online typed offline".equals(b.text()));
    assertThat(a.text()).isEqualTo("online typed offline");
    assertThat(stored()).isEqualTo("online typed offline");
    assertThat(keptInStorage(alice)).isEmpty();
  }

  @Test
  void editsKeptForLongerThanTheServerCatchesUpAreCarriedOverOntoItsDocument() {
    RoomPage b = new RoomPage(bob, server.url(), room, "bob");
    RoomPage a = typedOfflineAndReloaded(b);
    await().atMost(Duration.ofSeconds(30)).until(() -> b.isSettled());
    b.caretAt(false);
    for (int i = 0; i < 2 * MAX_BEHIND; i++) {
      long before = b.version();
      b.type(Integer.toString(i));
      await().until(() -> b.isSettled() && b.version() == before + 1);
    }

    sockets.letThrough();

    String expected = "0123456789online typed offline";
    await().atMost(Duration.ofSeconds(30)).until(() -> a.isSettled() && expected.equals(b.text()));
    assertThat(a.text()).isEqualTo(expected);
    assertThat(stored()).isEqualTo(expected);
    assertThat(keptInStorage(alice)).isEmpty();
  }

  @Test
  void twoTabsOfOneRoomKeepTheirOwnEditsAcrossAReload() {
    sockets = SocketCutter.install(alice);
    RoomPage b = new RoomPage(bob, server.url(), room, "bob");
    RoomPage first = new RoomPage(alice, server.url(), room, "alice");
    String firstTab = alice.driver.getWindowHandle();
    alice.driver.switchTo().newWindow(WindowType.TAB);
    // DevTools scripts are per tab
    SocketCutter.install(alice);
    RoomPage second = new RoomPage(alice, server.url(), room, "alice");
    String secondTab = alice.driver.getWindowHandle();
    second.caretAt(false);
    second.type("middle");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> second.isSettled() && "middle".equals(b.text()));

    sockets.cut();
    second.caretAt(true);
    second.type(" end");
    alice.driver.switchTo().window(firstTab);
    await().atMost(Duration.ofSeconds(15)).until(() -> "middle".equals(first.text()));
    sockets.cut();
    first.caretAt(false);
    first.type("start ");
    for (String tab : List.of(firstTab, secondTab)) {
      alice.driver.switchTo().window(tab);
      alice.driver.navigate().refresh();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> shownAfterReload(second).equals("middle end"));
    alice.driver.switchTo().window(firstTab);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> shownAfterReload(first).equals("start middle"));
    assertThat(keptInStorage(alice)).hasSize(4);

    sockets.letThrough();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "start middle end".equals(b.text()) && b.isSettled());
    for (RoomPage tab : List.of(first, second)) {
      alice.driver.switchTo().window(tab == first ? firstTab : secondTab);
      await().atMost(Duration.ofSeconds(15)).until(tab::isSettled);
      assertThat(tab.text()).isEqualTo("start middle end");
    }
    assertThat(keptInStorage(alice)).isEmpty();
  }

  @Test
  void withStorageFullThePageSaysItsEditsCannotBeKept() {
    sockets = SocketCutter.install(alice);
    RoomPage a = new RoomPage(alice, server.url(), room, "alice");
    sockets.cut();
    await().atMost(Duration.ofSeconds(10)).until(() -> !"connected".equals(a.indicator()));
    alice.script(
        """
        let chunk = 'x'.repeat(1 << 20);
        for (let i = 0; chunk.length > 0; i++) {
          try {
            localStorage.setItem('test.fill.' + i, chunk);
          } catch {
            chunk = chunk.slice(0, chunk.length >> 1);
          }
        }
        """);

    a.type("no room for this");

    await()
        .until(
            () ->
                a.notice() != null
                    && a.notice().startsWith("This browser's storage is full: edits not sent yet"));
    assertThat(keptInStorage(alice)).isEmpty();
  }

  /** What the editor of a page that is loading shows, once it shows something. */
  private String shownAfterReload(RoomPage page) {
    return (Boolean) page.browser.script("return window.ensemble !== undefined")
        ? page.modelText()
        : "";
  }

  /** The names of the items the page keeps pending edits under. */
  @SuppressWarnings("unchecked")
  static List<String> keptInStorage(Browser browser) {
    return (List<String>)
        browser.script(
            "return Object.keys(localStorage).filter((k) => k.startsWith('ensemble.pending'))");
  }

  private String stored() {
    return Http.get(Urls.api(server.url(), "rooms/" + room))
        .json()
        .asJsonObject()
        .getString("content");
  }
}
