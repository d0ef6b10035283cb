package dev.ensemble.it;

import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The room page in a browser, read through the test hooks the client exposes. */
final class RoomPage {

  final Browser browser;

  RoomPage(Browser browser, URL server, String room, String name) {
    this(browser);
    browser.driver.get(server + "r/" + room + "?name=" + name);
    awaitConnected();
  }

  /** The room page the browser shows already, or is about to. */
  RoomPage(Browser browser) {
    this.browser = browser;
  }

  RoomPage awaitConnected() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "connected"
                    .equals(
                        browser.script(
                            "return window.ensemble && window.ensemble.session && window.ensemble.session.state()")));
    return this;
  }

  private WebElement input() {
    return browser.driver.findElement(By.cssSelector("#editor textarea"));
  }

  /** Puts the caret at the start or the end of the document. */
  void caretAt(boolean end) {
    browser.driver.findElement(By.cssSelector("#editor .view-lines")).click();
    input().sendKeys(Keys.chord(Keys.CONTROL, end ? Keys.END : Keys.HOME));
  }

  void type(CharSequence... keys) {
    input().sendKeys(keys);
  }

  /** Pastes {@code text} at the caret, as Monaco does with what the clipboard holds. */
  void paste(String text) {
    browser.script(
        "const e = window.ensemble.editor; e.focus(); e.trigger('keyboard', 'paste', { text:"
            + " arguments[0] })",
        text);
  }

  String text() {
    return (String) browser.script("return window.ensemble.session.text()");
  }

  String modelText() {
    return (String) browser.script("return window.ensemble.editor.getModel().getValue()");
  }

  long version() {
    return ((Number) browser.script("return window.ensemble.session.version()")).longValue();
  }

  long pending() {
    return ((Number) browser.script("return window.ensemble.session.pending()")).longValue();
  }

  String state() {
    return (String) browser.script("return window.ensemble.session.state()");
  }

  String clientId() {
    return (String) browser.script("return window.ensemble.session.clientId()");
  }

  String language() {
    return (String) browser.script("return window.ensemble.session.language()");
  }

  String editorLanguage() {
    return (String) browser.script("return window.ensemble.editor.getModel().getLanguageId()");
  }

  int caretOffset() {
    return ((Number)
            browser.script(
                "const e = window.ensemble.editor; return e.getModel().getOffsetAt(e.getPosition())"))
        .intValue();
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> remoteCursors() {
    return (List<Map<String, Object>>)
        browser.script("return window.ensemble.session.remoteCursors()");
  }

  /** The message under the top bar, or null when none shows. */
  String notice() {
    WebElement notice = browser.driver.findElement(By.id("notice"));
    return notice.isDisplayed() ? notice.findElement(By.className("notice-text")).getText() : null;
  }

  boolean isReadOnly() {
    return (Boolean)
        browser.script(
            "const { editor, monaco } = window.ensemble;"
                + " return editor.getOption(monaco.editor.EditorOption.readOnly)");
  }

  /** The client ids of the people the page shows, this person's included. */
  List<String> people() {
    return browser.driver.findElements(By.cssSelector("#people li[data-client]")).stream()
        .map(e -> e.getAttribute("data-client"))
        .toList();
  }

  String indicatorText() {
    return browser.driver.findElement(By.id("connection")).getText();
  }

  String indicator() {
    return browser.driver.findElement(By.id("connection")).getAttribute("data-state");
  }

  void chooseLanguage(String language) {
    new Select(browser.driver.findElement(By.id("language"))).selectByValue(language);
  }

  /**
   * What the server lets this page do in links mode: owner, editor or viewer; null in open mode.
   */
  String role() {
    return (String) browser.script("return window.ensemble.session.role()");
  }

  /** The code of the no-access panel that replaced the editor, or null while the editor shows. */
  String noAccess() {
    WebElement panel = browser.driver.findElement(By.id("no-access"));
    return panel.isDisplayed() ? panel.getAttribute("data-code") : null;
  }

  /** True when everything typed here is acknowledged. */
  boolean isSettled() {
    return "connected".equals(state()) && pending() == 0;
  }
}
