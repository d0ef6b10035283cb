package dev.ensemble.it;

import java.util.Map;

/**
 * A tap on the WebSockets of a page, installed before the page's own scripts run: it can drop a
 * message from the server before the page sees it, or hand the page one the server never sent. The
 * page's code is untouched; the tap replaces the WebSocket class it finds.
 */
final class SocketTap {

  private static final String SCRIPT =
      """
      (() => {
        const Native = window.WebSocket;
        const tap = { sockets: [], dropped: [], drop: null };
        class TappedWebSocket extends Native {
          constructor(...args) {
            super(...args);
            tap.sockets.push(this);
          }
          addEventListener(type, listener, options) {
            if (type !== 'message') {
              return super.addEventListener(type, listener, options);
            }
            return super.addEventListener(type, (event) => {
              const message = JSON.parse(event.data);
              if (!event.injected && tap.drop !== null && tap.drop(message)) {
                tap.drop = null;
                tap.dropped.push(message);
                return;
              }
              listener.call(this, event);
            }, options);
          }
        }
        tap.inject = (message) => {
          const event = new MessageEvent('message', { data: JSON.stringify(message) });
          event.injected = true;
          tap.sockets.at(-1).dispatchEvent(event);
        };
        window.WebSocket = TappedWebSocket;
        window.ensembleTap = tap;
      })();
      """;

  private final Browser browser;

  private SocketTap(Browser browser) {
    this.browser = browser;
  }

  /** Installs the tap for every page the browser opens from now on. */
  static SocketTap install(Browser browser) {
    browser.driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument", Map.of("source", SCRIPT));
    return new SocketTap(browser);
  }

  /** Drops the next message from the server for which the JavaScript {@code predicate} holds. */
  void dropNext(String predicate) {
    browser.script("window.ensembleTap.drop = (m) => (" + predicate + ")(m)");
  }

  /** How many messages were dropped so far. */
  long dropped() {
    return ((Number) browser.script("return window.ensembleTap.dropped.length")).longValue();
  }

  /** Hands the page {@code json} as if the server had sent it on the current connection. */
  void inject(String json) {
    browser.script("window.ensembleTap.inject(JSON.parse(arguments[0]))", json);
  }
}
