package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The history panel of the room page, in Chromium: the timeline and its slider, an old version, who
 * wrote each line, two versions side by side, naming a version, downloading and restoring one
 * (which the others see as an ordinary edit, and which restoring again undoes).
 */
class HistoryBrowserIT {

  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  /** The document after each of the versions the tests type, from version 1. */
  private static final List<String> TYPED = List.of("a", "ab", "abc", "abc\n", "abc\nd");

  private static ServerProcess server;
  private Browser alice;
  private Browser bob;
  private String room;

  @BeforeAll
  static void startServer() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    server = ServerProcess.create("history", Map.of()).start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void freshRoom() {
    room = Urls.freshRoom("history");
    alice = new Browser();
  }

  @AfterEach
  void closeBrowsers() {
    alice.close();
    if (bob != null) {
      bob.close();
    }
  }

  /** Alice types the versions of {@link #TYPED}, one acknowledged version each. */
  private RoomPage typed() {
    RoomPage page = new RoomPage(alice, server.url(), room, "alice");
    page.caretAt(true);
    String[] keys = {"a", "b", "c", Keys.ENTER.toString(), "d"};
    for (int i = 0; i < keys.length; i++) {
      page.type(keys[i]);
      long v = i + 1;
      await().until(() -> page.version() == v && page.pending() == 0);
    }
    return page;
  }

  private void openHistory(long head) {
    alice.driver.findElement(By.id("history-open")).click();
    await().until(() -> at().startsWith("Version " + head + " of " + head));
  }

  private String at() {
    return alice.driver.findElement(By.id("history-at")).getText();
  }

  private String shown() {
    return (String) alice.script("return window.ensemble.history.shown()");
  }

  private WebElement slider() {
    return alice.driver.findElement(By.id("history-slider"));
  }

  @Test
  void theSliderShowsEveryVersionWithItsTimeAndPerson() {
    typed();
    openHistory(5);
    assertThat(shown()).isEqualTo("abc\nd");
    assertThat(at()).contains("by you");
    assertThat(alice.driver.findElements(By.cssSelector("#history-bar .history-change")))
        .hasSize(5);

    slider().sendKeys(Keys.HOME);
    await().until(() -> "".equals(shown()) && at().startsWith("Version 0 of 5"));
    for (int v = 1; v <= 5; v++) {
      slider().sendKeys(Keys.ARROW_RIGHT);
      String expected = TYPED.get(v - 1);
      int version = v;
      await().until(() -> expected.equals(shown()) && at().startsWith("Version " + version));
    }
  }

  @Test
  void anOpenPanelShowsTheVersionsOthersMakeMeanwhile() {
    typed();
    bob = new Browser();
    RoomPage b = new RoomPage(bob, server.url(), room, "bob");
    openHistory(5);

    b.caretAt(true);
    b.type("e");

    await().until(() -> at().startsWith("Version 6 of 6") && "abc\nde".equals(shown()));
    assertThat(at()).contains("by bob");

    // the panel as the README shows it: a named version, and who wrote each line
    alice.driver.findElement(By.id("history-name")).sendKeys("with bob's e", Keys.ENTER);
    alice.driver.findElement(By.id("history-blame")).click();
    await()
        .until(
            () ->
                alice.driver.findElements(By.cssSelector("#history-names button")).size() == 1
                    && alice
                        .driver
                        .findElements(By.cssSelector("#history-blame-list button"))
                        .stream()
                        .anyMatch(r -> r.getText().contains(": bob")));
    alice.screenshot(SCREENSHOTS.resolve("history-panel.png"));
  }

  @Test
  void playbackStepsThroughTheVersionsToTheHead() {
    typed();
    openHistory(5);
    slider().sendKeys(Keys.HOME);
    await().until(() -> "".equals(shown()));
    List<String> seen = new ArrayList<>();

    alice.driver.findElement(By.id("history-play")).click();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              String now = shown();
              if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                seen.add(now);
              }
              return "abc\nd".equals(now);
            });
    assertThat(seen).containsSubsequence("", "a", "abc\nd");
    await().until(() -> "Play".equals(alice.driver.findElement(By.id("history-play")).getText()));
  }

  @Test
  void whoLastChangedEachLineMarksTheLines() {
    typed();
    openHistory(5);

    alice.driver.findElement(By.id("history-blame")).click();

    await()
        .until(
            () ->
                alice.script("return document.getElementById('history-view').dataset.blame ?? null")
                    != null);
    assertThat(
            (String) alice.script("return document.getElementById('history-view').dataset.blame"))
        .doesNotContain("null");
    // "abc" was last changed by the "c" of version 3, the line after it by the "d" of version 5
    await()
        .until(
            () ->
                alice.driver.findElements(By.cssSelector("#history-blame-list button")).size()
                    == 2);
    List<String> runs =
        alice.driver.findElements(By.cssSelector("#history-blame-list button")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(runs.get(0)).startsWith("Line 1: you, version 3, ");
    assertThat(runs.get(1)).startsWith("Line 2: you, version 5, ");
  }

  @Test
  void twoVersionsSideBySideInTheDiffEditor() {
    typed();
    openHistory(5);
    WebElement compareWith = alice.driver.findElement(By.id("history-compare-v"));
    compareWith.clear();
    compareWith.sendKeys("2");

    alice.driver.findElement(By.id("history-compare")).click();

    await()
        .until(
            () ->
                List.of("ab", "abc\nd")
                    .equals(alice.script("return window.ensemble.history.diff()")));
    assertThat(alice.driver.findElement(By.id("history-diff")).isDisplayed()).isTrue();
    assertThat(alice.driver.findElements(By.cssSelector("#history-diff .editor.original")))
        .isNotEmpty();
    alice.screenshot(SCREENSHOTS.resolve("history-diff.png"));

    slider().sendKeys(Keys.ARROW_LEFT);
    await()
        .until(
            () ->
                List.of("ab", "abc\n")
                    .equals(alice.script("return window.ensemble.history.diff()")));
  }

  @Test
  void aNamedVersionIsListedOnTheTimelineForEveryone() {
    typed();
    openHistory(5);

    alice.driver.findElement(By.id("history-name")).sendKeys("first draft", Keys.ENTER);

    await()
        .until(
            () ->
                alice.driver.findElements(By.cssSelector("#history-names button")).stream()
                    .anyMatch(b -> b.getText().equals("first draft · v5")));
    assertThat(alice.driver.findElements(By.cssSelector("#history-bar .history-mark"))).hasSize(1);
    Http.Response listed =
        Http.get(URI.create(server.url() + "api/rooms/" + room + "/history/versions"));
    assertThat(listed.body()).contains("\"name\":\"first draft\"", "\"v\":5");
  }

  @Test
  void theVersionShownDownloadsAsAFileNamedAfterTheRoom() throws Exception {
    typed();
    openHistory(5);
    Path downloads = alice.downloads();
    slider().sendKeys(Keys.HOME, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
    await().until(() -> "abc".equals(shown()));

    alice.driver.findElement(By.id("history-download")).click();

    Path file = downloads.resolve(room + ".txt");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file));
    assertThat(Files.readString(file)).isEqualTo("abc");
  }

  @Test
  void restoringAVersionIsAnEditTheOthersSeeAndRestoringAgainUndoesIt() {
    RoomPage a = typed();
    bob = new Browser();
    RoomPage b = new RoomPage(bob, server.url(), room, "bob");
    await().until(() -> "abc\nd".equals(b.text()));
    openHistory(5);
    slider().sendKeys(Keys.HOME, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
    await().until(() -> "ab".equals(shown()));

    alice.driver.findElement(By.id("history-restore")).click();

    await().atMost(Duration.ofSeconds(10)).until(() -> "ab".equals(b.text()));
    await().until(() -> a.version() == 6 && a.pending() == 0);

    // the restore is version 6 of the history, which the open panel takes in, and version 5 is
    // still there to go back to
    await().until(() -> at().startsWith("Version 2 of 6"));
    slider().sendKeys(Keys.END);
    await().until(() -> at().startsWith("Version 6 of 6") && "ab".equals(shown()));
    slider().sendKeys(Keys.ARROW_LEFT);
    await().until(() -> "abc\nd".equals(shown()));
    alice.driver.findElement(By.id("history-restore")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> "abc\nd".equals(b.text()));
  }

  @Test
  void theOpenPanelPassesAxeOnBothThemesAndIsReachedByKeyboard() {
    typed();
    List<String> found = new ArrayList<>();
    for (String theme : List.of("light", "dark")) {
      if (!EditorFeaturesBrowserIT.theme(alice).equals(theme)) {
        alice.driver.findElement(By.id("theme")).click();
      }
      alice.driver.findElement(By.id("history-open")).sendKeys(Keys.ENTER);
      await().until(() -> at().startsWith("Version 5 of 5"));
      assertThat(alice.driver.switchTo().activeElement().getAttribute("id"))
          .isEqualTo("history-slider");
      alice.driver.findElement(By.id("history-blame")).click();
      await()
          .until(
              () ->
                  !alice
                      .driver
                      .findElements(By.cssSelector("#history-blame-list button"))
                      .isEmpty());
      found.addAll(EditorFeaturesBrowserIT.seriousFindings(alice, "history, " + theme));
      alice.driver.findElement(By.id("history-blame")).click();
      alice.driver.findElement(By.id("history-close")).sendKeys(Keys.ENTER);
      await().until(() -> !alice.driver.findElement(By.id("history")).isDisplayed());
    }
    assertThat(found).isEmpty();
  }
}
