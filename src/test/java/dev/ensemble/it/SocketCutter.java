package dev.ensemble.it;

import java.util.Map;

/**
 * Cuts the room WebSockets of a browser's pages as a lost network would, and lets them through
 * again, installed before the pages' own scripts run. While cut, the open sockets are closed and a
 * new one goes to a port nobody listens on, so it fails as one does without a network; the pages
 * themselves still load, and the cut lasts across reloads. DevTools' request blocking does not
 * reach WebSockets, and going offline through DevTools would keep the page from reloading.
 */
final class SocketCutter {

  private static final String SCRIPT =
      """
      (() => {
        const Native = window.WebSocket;
        const open = [];
        window.WebSocket = class extends Native {
          constructor(url, ...rest) {
            const address = new URL(url, location.href);
            if (localStorage.getItem('test.sockets-cut') === 'yes') {
              address.host = '127.0.0.1:9';
            }
            super(address.href, ...rest);
            open.push(this);
          }
        };
        window.ensembleCutSockets = () => {
          localStorage.setItem('test.sockets-cut', 'yes');
          open.splice(0).forEach((socket) => socket.close());
        };
      })();
      """;

  private final Browser browser;

  private SocketCutter(Browser browser) {
    this.browser = browser;
  }

  /** Installs the cutter for every page the browser's current tab opens from now on. */
  static SocketCutter install(Browser browser) {
    browser.driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument", Map.of("source", SCRIPT));
    return new SocketCutter(browser);
  }

  void cut() {
    browser.script("window.ensembleCutSockets()");
  }

  void letThrough() {
    browser.script("localStorage.removeItem('test.sockets-cut')");
  }
}
