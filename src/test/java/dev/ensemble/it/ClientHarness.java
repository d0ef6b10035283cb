package dev.ensemble.it;

import static org.assertj.core.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;

/**
 * The browser's protocol client, js/client.js, run in a page with a fake transport and a fake
 * clock: a scenario feeds it server messages, makes edits, moves the clock and returns what it
 * observed as JSON. In a scenario, {@code fixture({content, v, limits, seq})} gives a client that
 * has handled its first snapshot, with
 *
 * <ul>
 *   <li>{@code f.client}, {@code f.clock} ({@code advance(ms)}), {@code f.events} (what the client
 *       told the page: {@code {type, value}}, operations in wire form) and {@code f.sent} (messages
 *       it sent, parsed, with {@code answered} and their size in {@code bytes});
 *   <li>{@code f.take()}: the messages sent since the last take; {@code f.insert(at, text)}, {@code
 *       f.remove(at, n)}: local edits; {@code f.remote(v, op, seq)}: another client's operation;
 *       {@code f.ack(v, seq)}; {@code f.error(code, fields)}; {@code f.snapshot(fields)}; {@code
 *       f.reconnect()}: the connection drops and a new one opens.
 * </ul>
 *
 * {@code TextOperation} and {@code GAP_WAIT_MS} are in scope.
 */
final class ClientHarness {

  private static final String PRELUDE =
      """
      const done = arguments[arguments.length - 1];
      (async () => {
        // the start page's address is the application's root, under whatever context root
        const { CollabClient, GAP_WAIT_MS } = await import(new URL('js/client.js', document.baseURI));
        const { TextOperation } = await import(new URL('js/ot.js', document.baseURI));

        class FakeClock {
          #now = 0;
          #timers = [];
          #next = 1;
          now() { return this.#now; }
          setTimeout(callback, ms) {
            const id = this.#next++;
            this.#timers.push({ id, at: this.#now + ms, callback });
            return id;
          }
          clearTimeout(id) { this.#timers = this.#timers.filter((t) => t.id !== id); }
          /** Runs the timers due within `ms`, in order, each at its time. */
          advance(ms) {
            const end = this.#now + ms;
            for (;;) {
              const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
              if (!due) break;
              this.#timers = this.#timers.filter((t) => t !== due);
              this.#now = due.at;
              due.callback();
            }
            this.#now = end;
          }
        }

        const LIMITS = { maxFrameBytes: 1048576, maxDocumentChars: 2097152, heartbeatMs: 10000 };

        function fixture({ content = '', v = 1, limits = {}, seq = 0 } = {}) {
          const f = { clock: new FakeClock(), sent: [], events: [], nextSeq: 1 };
          // every event the client raises but status, whatever its name; operations in wire form
          const events = new Proxy(
            {},
            {
              get: (target, type) =>
                type === 'status'
                  ? () => {}
                  : (value) =>
                      f.events.push({ type, value: JSON.parse(JSON.stringify(value ?? null)) }),
            },
          );
          f.client = new CollabClient(
            'harness_key_0123456789',
            { take: () => f.nextSeq++ },
            events,
            f.clock,
          );
          f.connect = () =>
            f.client.connected((text, answered) =>
              f.sent.push({
                ...JSON.parse(text),
                answered,
                bytes: new TextEncoder().encode(text).length,
              }),
            );
          f.receive = (m) => f.client.receive(m);
          f.snapshot = (fields = {}) =>
            f.receive({
              type: 'snapshot', v: 1, content: '', language: 'plaintext', clientId: 'me',
              src: 'src-me', seq: 0, peers: [], ...fields,
              limits: { ...LIMITS, ...fields.limits },
            });
          f.reconnect = () => {
            f.client.disconnected();
            f.connect();
          };
          f.insert = (at, text) =>
            f.client.edit(
              TextOperation.builder().retain(at).insert(text)
                .retain(f.client.text().length - at).build(),
            );
          f.remove = (at, n) =>
            f.client.edit(
              TextOperation.builder().retain(at).delete(n)
                .retain(f.client.text().length - at - n).build(),
            );
          f.remote = (v, op, seq = 1) => f.receive({ type: 'op', v, op, src: 'src-other', seq });
          f.ack = (v, seq) => f.receive({ type: 'ack', v, seq });
          f.error = (code, fields = {}) =>
            f.receive({ type: 'error', code, message: code, retryable: false, ...fields });
          f.take = () => {
            const sent = f.sent;
            f.sent = [];
            return sent;
          };
          f.connect();
          f.snapshot({ content, v, limits, seq });
          f.take();
          f.events.length = 0;
          return f;
        }

        const result = await (async () => {
      SCENARIO
        })();
        done(JSON.stringify(result));
      })().catch((e) => done(JSON.stringify({ failed: `${e}\\n${e.stack}` })));
      """;

  private final Browser browser;

  /**
   * Opens the start page of {@code server}, from where the scenarios import the client's modules.
   */
  ClientHarness(Browser browser, URL server) {
    this.browser = browser;
    browser.driver.get(server.toString());
  }

  /** Runs {@code scenario}, the body of an async function, and returns what it returns. */
  JsonObject run(String scenario) {
    String result = (String) browser.asyncScript(PRELUDE.replace("SCENARIO", scenario));
    JsonObject json = Json.createReader(new StringReader(result)).readObject();
    if (json.containsKey("failed")) {
      fail("the scenario failed in the browser: " + json.getString("failed"));
    }
    return json;
  }
}
