package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The room page as its owner sees it in links mode (every control there, Share included): on a
 * phone 390 px wide, with and without the history panel, and walked through with the keyboard.
 */
class RoomPageLayoutBrowserIT {

  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  /** What each test reaches with Tab, by id (people chips by their data-client). */
  private static final List<String> TOP_BAR =
      List.of("language", "copy-link", "download", "open-file", "history-open", "share", "theme");

  private static final List<String> HISTORY_PANEL =
      List.of(
          "history-slider",
          "history-play",
          "history-close",
          "history-name",
          "history-blame",
          "history-compare-v",
          "history-compare",
          "history-download",
          "history-restore");

  private static ServerProcess server;
  private Browser owner;

  @BeforeAll
  static void startServer() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    server = ServerProcess.create("layout-browser", Map.of("ENSEMBLE_ACCESS", "links")).start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    owner = new Browser();
  }

  @AfterEach
  void closeBrowser() {
    owner.close();
  }

  /** Creates a room on the start page and waits until its page is connected, with a version. */
  private RoomPage ownRoom() {
    owner.driver.get(server.base());
    owner.script("localStorage.setItem('ensemble.name', 'Owner')");
    WebElement create = owner.driver.findElement(By.id("create-room"));
    await().atMost(Duration.ofSeconds(10)).until(create::isEnabled);
    create.click();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> owner.driver.getCurrentUrl().matches(".*/r/[^#]+#k=.+"));
    RoomPage page = new RoomPage(owner).awaitConnected();
    await().atMost(Duration.ofSeconds(10)).until(() -> "owner".equals(page.role()));
    page.caretAt(false);
    page.type("fn main() {}");
    await().atMost(Duration.ofSeconds(15)).until(page::isSettled);
    return page;
  }

  @Test
  void atThreeHundredNinetyPixelsNothingOverflowsAndEveryControlShows() {
    owner.driver.manage().window().setSize(new Dimension(390, 844));
    ownRoom();
    await().until(() -> ((Number) owner.script("return innerWidth")).intValue() <= 390);

    assertThat(overflow()).isEmpty();
    assertThat(outOfView(TOP_BAR)).isEmpty();
    owner.screenshot(SCREENSHOTS.resolve("room-390.png"));

    owner.driver.findElement(By.id("history-open")).click();
    await()
        .until(() -> owner.driver.findElement(By.id("history-at")).getText().startsWith("Version"));

    assertThat(overflow()).isEmpty();
    assertThat(outOfView(TOP_BAR)).isEmpty();
    assertThat(outOfView(HISTORY_PANEL)).isEmpty();
    owner.screenshot(SCREENSHOTS.resolve("history-390.png"));
    assertThat(EditorFeaturesBrowserIT.seriousFindings(owner, "room at 390 px, history open"))
        .isEmpty();
  }

  @Test
  void tabReachesEveryControlAndEachHasAName() {
    RoomPage page = ownRoom();
    String self = page.clientId();
    owner.driver.findElement(By.id("share")).click();
    owner.driver.findElement(By.cssSelector("#share-dialog .dialog-close")).click();

    Map<String, String> reached = walk(".topbar .brand");
    assertThat(reached.keySet()).containsAll(TOP_BAR).contains("person:" + self);

    owner.driver.findElement(By.id("history-open")).sendKeys(Keys.ENTER);
    await().until(() -> "history-slider".equals(activeId()));
    Map<String, String> inHistory = walk("#history-slider");
    assertThat(inHistory.keySet()).containsAll(HISTORY_PANEL);

    List<String> unnamed = new ArrayList<>();
    reached.putAll(inHistory);
    reached.forEach(
        (control, name) -> {
          if (name.isBlank()) {
            unnamed.add(control);
          }
        });
    assertThat(unnamed).isEmpty();
    assertThat(EditorFeaturesBrowserIT.seriousFindings(owner, "room, history open")).isEmpty();
  }

  /**
   * Focuses what {@code selector} finds, then presses Tab until focus reaches the editor, leaves
   * the page or comes back: each control reached, with its accessible name.
   */
  private Map<String, String> walk(String selector) {
    owner.script("document.querySelector(arguments[0]).focus()", selector);
    Map<String, String> reached = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> at = (Map<String, Object>) owner.script(FOCUSED);
      String control = (String) at.get("control");
      if (control.equals("editor") || control.equals("body") || reached.containsKey(control)) {
        break;
      }
      reached.put(control, (String) at.get("name"));
      new Actions(owner.driver).sendKeys(Keys.TAB).perform();
    }
    return reached;
  }

  /** The focused element, as an id (or person:client, or editor) and its accessible name. */
  private static final String FOCUSED =
      """
      const el = document.activeElement;
      if (!el || el === document.body) {
        return { control: 'body', name: '' };
      }
      if (el.closest('#editor')) {
        return { control: 'editor', name: '' };
      }
      const person = el.closest('#people li[data-client]');
      const control = person ? 'person:' + person.dataset.client : el.id || el.outerHTML.slice(0, 80);
      const byIds = (ids) => ids.split(/\\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      const name =
        el.getAttribute('aria-label') ||
        (el.getAttribute('aria-labelledby') && byIds(el.getAttribute('aria-labelledby'))) ||
        [...(el.labels ?? [])].map((l) => l.textContent).join(' ') ||
        el.textContent ||
        el.title ||
        '';
      return { control, name: name.trim() };
      """;

  private String activeId() {
    return (String) owner.script("return document.activeElement && document.activeElement.id");
  }

  /** How far the page is wider than the window, as a message, or empty. */
  private String overflow() {
    Number scroll = (Number) owner.script("return document.documentElement.scrollWidth");
    Number inner = (Number) owner.script("return innerWidth");
    return scroll.intValue() <= inner.intValue()
        ? ""
        : "the page is " + scroll + " px wide in a window of " + inner;
  }

  /** The controls among {@code ids} that show, but not wholly inside the window's width. */
  @SuppressWarnings("unchecked")
  private List<String> outOfView(List<String> ids) {
    return (List<String>)
        owner.script(
            """
            return arguments[0].filter((id) => {
              const el = document.getElementById(id);
              const r = el.getBoundingClientRect();
              return r.width === 0 || r.height === 0 || r.left < 0 || r.right > innerWidth;
            });
            """,
            ids);
  }
}
