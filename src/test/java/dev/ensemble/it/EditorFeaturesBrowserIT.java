package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

/**
 * What people do around the editing itself, in Chromium. Files in and out of rooms: a download
 * named after the room, a file opened by button or dropped on the editor replacing the document as
 * one edit, a file opened on the start page becoming a new room, and the files that cannot be
 * opened (rooms hold at most 2,000 characters). The dark theme.
 */
class EditorFeaturesBrowserIT {

  private static final int MAX_DOCUMENT_CHARS = 2000;
  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  private static ServerProcess server;
  private Browser alice;
  private Browser bob;
  private String room;
  @TempDir Path files;

  @BeforeAll
  static void startServer() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    server =
        ServerProcess.create(
                "files",
                Map.of("ENSEMBLE_MAX_DOCUMENT_CHARS", Integer.toString(MAX_DOCUMENT_CHARS)))
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
    room = Urls.freshRoom("files");
    alice = new Browser();
  }

  @AfterEach
  void closeBrowsers() {
    alice.close();
    if (bob != null) {
      bob.close();
    }
  }

  @Test
  void theDocumentDownloadsAsAFileNamedAfterTheRoomWithItsLanguagesExtension() throws IOException {
    RoomPage page = new RoomPage(alice, server.url(), room, "alice");
    page.chooseLanguage("python");
    page.type("print('hi')", Keys.ENTER);
    await().until(() -> page.version() >= 2 && page.pending() == 0);
    Path downloads = alice.downloads();

    alice.driver.findElement(By.id("download")).click();

    Path file = downloads.resolve(room + ".py");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file));
    assertThat(Files.readString(file)).isEqualTo(page.modelText()).startsWith("print('hi')\n");
  }

  @Test
  void aFileOpenedByButtonReplacesTheDocumentForEveryoneAsOneEditWithItsLanguage()
      throws IOException {
    RoomPage a = new RoomPage(alice, server.url(), room, "alice");
    bob = new Browser();
    RoomPage b = new RoomPage(bob, server.url(), room, "bob");
    a.type("old text");
    await().until(() -> "old text".equals(b.text()));
    Path file = files.resolve("main.go");
    Files.writeString(file, "package main\r\n\r\nfunc main() {}\r\n");

    alice.driver.findElement(By.id("open-file-input")).sendKeys(file.toString());

    String opened = "package main\n\nfunc main() {}\n";
    await().atMost(Duration.ofSeconds(10)).until(() -> opened.equals(b.text()));
    await().until(() -> "go".equals(b.language()));
    assertThat(a.modelText()).isEqualTo(opened);

    a.type(Keys.chord(Keys.CONTROL, "z"));
    await().atMost(Duration.ofSeconds(10)).until(() -> "old text".equals(b.text()));
  }

  @Test
  void aFileDroppedOnTheEditorReplacesTheDocument() {
    RoomPage a = new RoomPage(alice, server.url(), room, "alice");
    a.type("before");
    await().until(() -> a.pending() == 0 && a.version() >= 1);

    drop(alice, "#editor", "notes.md", "# Notes\n\n- one\n");

    await().atMost(Duration.ofSeconds(10)).until(() -> "# Notes\n\n- one\n".equals(a.text()));
    await().until(() -> a.pending() == 0 && "markdown".equals(a.language()));
  }

  @Test
  void filesThatAreNotTextOrTooLargeAreRefusedWithWhyAndTheDocumentStays() throws IOException {
    RoomPage a = new RoomPage(alice, server.url(), room, "alice");
    a.type("kept");
    await().until(() -> a.pending() == 0 && a.version() >= 1);
    Path binary = files.resolve("image.png");
    Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
    Path large = files.resolve("large.txt");
    Files.writeString(large, "x".repeat(MAX_DOCUMENT_CHARS + 1));

    alice.driver.findElement(By.id("open-file-input")).sendKeys(binary.toString());
    await().until(() -> a.notice() != null && a.notice().contains("image.png"));
    assertThat(a.notice()).contains("image.png is not a text file");

    alice.driver.findElement(By.id("open-file-input")).sendKeys(large.toString());
    await().until(() -> a.notice() != null && a.notice().contains("large.txt"));
    assertThat(a.notice())
        .isEqualTo("large.txt has 2,001 characters: a room holds at most 2,000 characters.");
    assertThat(a.text()).isEqualTo("kept");
    assertThat(a.pending()).isZero();
  }

  @Test
  void aFileOpenedOnTheStartPageBecomesANewRoomInItsLanguage() throws IOException {
    Path file = files.resolve("lib.rs");
    Files.writeString(file, "fn main() {}\n", StandardCharsets.UTF_8);
    alice.driver.get(server.base());
    await().until(() -> alice.driver.findElement(By.id("open-file")).isEnabled());

    alice.driver.findElement(By.id("open-file-input")).sendKeys(file.toString());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alice.driver.getCurrentUrl().contains("/r/"));
    await().until(() -> alice.driver.findElement(By.id("name-input")).isDisplayed());
    alice.driver.findElement(By.id("name-input")).sendKeys("alice", Keys.ENTER);
    RoomPage page = new RoomPage(alice).awaitConnected();
    assertThat(page.text()).isEqualTo("fn main() {}\n");
    assertThat(page.language()).isEqualTo("rust");
  }

  @Test
  void theThemeFollowsTheSystemUntilThePersonPicksOneWhichIsRemembered() {
    alice.driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    RoomPage page = new RoomPage(alice, server.url(), room, "alice");
    page.type("fn main() {}");

    assertThat(theme(alice)).isEqualTo("dark");
    assertThat(background(alice, "body")).isEqualTo("rgb(21, 24, 31)");
    await().until(() -> editorTheme(alice).equals("vs-dark"));
    alice.screenshot(SCREENSHOTS.resolve("dark-theme.png"));

    alice.driver.findElement(By.id("theme")).click();
    assertThat(theme(alice)).isEqualTo("light");
    assertThat(background(alice, "body")).isEqualTo("rgb(245, 246, 248)");
    await().until(() -> editorTheme(alice).equals("vs"));
    assertThat(alice.driver.findElement(By.id("theme")).getText()).isEqualTo("Dark theme");

    alice.driver.navigate().refresh();
    new RoomPage(alice).awaitConnected();
    assertThat(theme(alice)).isEqualTo("light");
    alice.driver.get(server.base());
    assertThat(theme(alice)).isEqualTo("light");
  }

  @Test
  void twoPeopleWhoPreferOneColourShowTwoAndEveryLabelReadsOnBothThemes() {
    for (Browser browser : List.of(alice, bob = new Browser())) {
      browser.driver.get(server.base());
      browser.script("localStorage.setItem('ensemble.color', '#c62828')");
    }
    RoomPage a = new RoomPage(alice, server.url(), room, "alice");
    RoomPage b = new RoomPage(bob, server.url(), room, "bob");
    a.type("alice was here");
    b.caretAt(true);
    b.type(" and bob");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> swatches(alice).size() == 2 && swatches(bob).size() == 2);
    await().until(() -> swatches(alice).stream().distinct().count() == 2);
    await().until(() -> swatches(bob).equals(swatches(alice)));
    await().until(() -> !labels(alice).isEmpty() && !labels(bob).isEmpty());
    alice.screenshot(SCREENSHOTS.resolve("colours.png"));

    for (String shown : List.of("light", "dark")) {
      if (!theme(alice).equals(shown)) {
        alice.driver.findElement(By.id("theme")).click();
      }
      await().until(() -> editorTheme(alice).equals(shown.equals("dark") ? "vs-dark" : "vs"));
      String editorBackground = background(alice, ".monaco-editor-background");
      for (List<String> label : labels(alice)) {
        assertThat(contrast(label.get(0), label.get(1))).as(shown + " label").isGreaterThan(4.5);
        assertThat(contrast(label.get(0), editorBackground))
            .as(shown + " caret")
            .isGreaterThan(4.5);
      }
    }
  }

  @Test
  void aPersonChangesTheirNameAndTheOthersSeeItAtOnce() {
    RoomPage a = new RoomPage(alice, server.url(), room, "alice");
    bob = new Browser();
    RoomPage b = new RoomPage(bob, server.url(), room, "bob");
    a.type("hello");
    await().until(() -> names(bob).contains("alice"));

    alice.driver.findElement(By.cssSelector("#people li.self button")).click();
    var input = alice.driver.findElement(By.id("name-input"));
    assertThat(input.getAttribute("value")).isEqualTo("alice");
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, Keys.ENTER);
    assertThat(alice.driver.findElement(By.id("name-dialog")).isDisplayed())
        .as("an empty name is not taken")
        .isTrue();
    input.sendKeys("Alice Liddell", Keys.ENTER);

    await().atMost(Duration.ofSeconds(5)).until(() -> names(bob).contains("Alice Liddell"));
    assertThat(names(bob)).doesNotContain("alice");
    assertThat(names(alice)).contains("Alice Liddell");

    alice.driver.findElement(By.cssSelector("#people li.self button")).click();
    alice.driver.findElement(By.id("name-input")).sendKeys(Keys.ESCAPE);
    await().until(() -> !alice.driver.findElement(By.id("name-dialog")).isDisplayed());
    assertThat(names(alice)).contains("Alice Liddell");
    assertThat(b.text()).isEqualTo("hello");
  }

  @Test
  void clickingSomeoneGoesToTheirCursorAndFollowsItUntilYouScroll() {
    RoomPage a = new RoomPage(alice, server.url(), room, "alice");
    bob = new Browser();
    RoomPage b = new RoomPage(bob, server.url(), room, "bob");
    b.paste("line\n".repeat(120));
    await().until(() -> a.text().length() == 600 && b.pending() == 0);
    b.type("bob's end");
    await().until(() -> a.text().endsWith("bob's end"));
    assertThat(visibleLines(alice)).doesNotContain(121);

    alice.driver.findElement(By.cssSelector("#people li:not(.self) button")).click();
    await().until(() -> visibleLines(alice).contains(121));
    assertThat(
            alice.driver.findElement(By.cssSelector("#people li:not(.self)")).getAttribute("class"))
        .contains("following");

    b.caretAt(false);
    b.type("bob's start ");
    await().atMost(Duration.ofSeconds(5)).until(() -> visibleLines(alice).contains(1));

    alice.script(
        "document.querySelector('#editor .view-lines').dispatchEvent("
            + "new WheelEvent('wheel', { deltaY: 1, bubbles: true }))");
    await()
        .until(
            () ->
                !alice
                    .driver
                    .findElement(By.cssSelector("#people li:not(.self)"))
                    .getAttribute("class")
                    .contains("following"));
    b.caretAt(true);
    b.type(" again");
    await().until(() -> a.text().endsWith("again"));
    assertThat(visibleLines(alice)).doesNotContain(121);
  }

  @Test
  void addressesWithNoPageGetAFriendlyPageWithAWayHomeNeverTheServersOwn() {
    for (String path : List.of("r/a%2Fb", "r/not%20a%20room", "r/", "no-such-page.html")) {
      Http.Response response = Http.get(URI.create(server.base() + path));
      assertThat(response.status()).as(path).isIn(400, 404);
      assertThat(response.body())
          .as(path)
          .contains("Go to the start page", "href=\"" + ServerProcess.CONTEXT_ROOT + "/\"")
          .doesNotContain("Exception", "SRVE", "java.", "Error 404");
    }

    alice.driver.get(server.base() + "r/a%2Fb");
    assertThat(alice.driver.findElement(By.tagName("h1")).getText()).isNotBlank();
    alice.driver.findElement(By.id("home")).click();
    await().until(() -> alice.driver.getCurrentUrl().equals(server.base()));
  }

  @Test
  void atThe390PixelsOfAPhoneTheBarsFitTheScreen() {
    alice.driver.manage().window().setSize(new Dimension(390, 844));
    RoomPage page = new RoomPage(alice, server.url(), room, "alice");
    page.type("small screen");
    bob = new Browser();
    new RoomPage(bob, server.url(), room, "bob with a long name");
    await().until(() -> names(alice).size() == 2);

    assertThat(overflow(alice)).as("the room page").isEmpty();
    alice.screenshot(SCREENSHOTS.resolve("room-at-390px.png"));
    alice.driver.get(server.base());
    await().until(() -> alice.driver.findElement(By.id("open-file")).isEnabled());
    assertThat(overflow(alice)).as("the start page").isEmpty();
  }

  /** The elements of the page that reach beyond the window's width. */
  @SuppressWarnings("unchecked")
  private static List<String> overflow(Browser browser) {
    return (List<String>)
        browser.script(
            "const width = document.documentElement.clientWidth;"
                + "return [...document.querySelectorAll('header *')]"
                + ".filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > width)"
                + ".map(e => e.id || e.className || e.tagName)"
                + ".concat(document.documentElement.scrollWidth > width ? ['page'] : []);");
  }

  @Test
  void everyPagePassesAxeWithoutSeriousOrCriticalFindingsOnBothThemes() {
    RoomPage page = new RoomPage(alice, server.url(), room, "alice");
    page.type("checked");
    await().until(() -> page.pending() == 0);
    List<String> found = new ArrayList<>();
    for (String shown : List.of("light", "dark")) {
      alice.driver.get(server.base() + "r/" + room);
      new RoomPage(alice).awaitConnected();
      if (!theme(alice).equals(shown)) {
        alice.driver.findElement(By.id("theme")).click();
      }
      found.addAll(seriousFindings(alice, "room, " + shown));
      alice.driver.get(server.base());
      await().until(() -> alice.driver.findElement(By.id("open-file")).isEnabled());
      found.addAll(seriousFindings(alice, "start, " + shown));
      alice.driver.get(server.base() + "status.html");
      found.addAll(seriousFindings(alice, "status, " + shown));
      alice.driver.get(server.base() + "no-such-page");
      found.addAll(seriousFindings(alice, "error, " + shown));
    }
    assertThat(found).isEmpty();
  }

  /** What axe-core finds on the page that is serious or critical, one line each. */
  static List<String> seriousFindings(Browser browser, String page) {
    Results results = new AxeBuilder().analyze(browser.driver);
    return results.getViolations().stream()
        .filter(rule -> List.of("serious", "critical").contains(rule.getImpact()))
        .map(
            rule ->
                page
                    + ": "
                    + rule.getId()
                    + " "
                    + rule.getNodes().stream().map(node -> node.getTarget().toString()).toList())
        .toList();
  }

  /** The names in the people chips. */
  @SuppressWarnings("unchecked")
  private static List<String> names(Browser browser) {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll('#people .person-name')].map(n => n.textContent)");
  }

  /** The line numbers the editor shows. */
  @SuppressWarnings("unchecked")
  private static List<Integer> visibleLines(Browser browser) {
    return ((List<Number>)
            browser.script(
                "const r = window.ensemble.editor.getVisibleRanges()[0];"
                    + "return Array.from({ length: r.endLineNumber - r.startLineNumber + 1 },"
                    + " (_, i) => r.startLineNumber + i);"))
        .stream().map(Number::intValue).toList();
  }

  /** The colours of the people chips, by person. */
  @SuppressWarnings("unchecked")
  private static List<String> swatches(Browser browser) {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll('#people li .swatch')]"
                + ".map(s => s.style.background).sort()");
  }

  /** The background and text colour of every remote cursor's label. */
  @SuppressWarnings("unchecked")
  private static List<List<String>> labels(Browser browser) {
    return (List<List<String>>)
        browser.script(
            "return [...document.querySelectorAll('.remote-cursor-label')].map(l => {"
                + " const s = getComputedStyle(l); return [s.backgroundColor, s.color]; })");
  }

  /** The WCAG contrast ratio of two computed colours, rgb(r, g, b). */
  private static double contrast(String one, String two) {
    double a = luminance(one);
    double b = luminance(two);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  private static double luminance(String rgb) {
    String[] parts = rgb.replaceAll("[^0-9,]", "").split(",");
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = Integer.parseInt(parts[i]) / 255.0;
      c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  static String theme(Browser browser) {
    await().until(() -> browser.script("return document.documentElement.dataset.theme") != null);
    return (String) browser.script("return document.documentElement.dataset.theme");
  }

  private static String background(Browser browser, String selector) {
    return (String)
        browser.script(
            "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor",
            selector);
  }

  /** Monaco's theme, from the class of its editor. */
  private static String editorTheme(Browser browser) {
    return (String)
        browser.script(
            "const e = document.querySelector('.monaco-editor');"
                + "return e.classList.contains('vs-dark') ? 'vs-dark'"
                + "  : e.classList.contains('vs') ? 'vs' : e.className");
  }

  /** Drops a file on the element, as a person dragging it from their desktop does. */
  private static void drop(Browser browser, String selector, String name, String text) {
    browser.script(
        "const target = document.querySelector(arguments[0]);"
            + "const data = new DataTransfer();"
            + "data.items.add(new File([arguments[2]], arguments[1], { type: 'text/plain' }));"
            + "for (const type of ['dragenter', 'dragover', 'drop']) {"
            + "  target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true,"
            + "    cancelable: true }));"
            + "}",
        selector,
        name,
        text);
  }
}
