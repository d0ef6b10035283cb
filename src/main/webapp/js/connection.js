// The WebSocket of a room, reopened after every close (a stopping server closes with 1012, a
// balancer or network with anything) with exponential backoff, so that clients do not all come
// back at the same instant.

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/**
 * States: 'connecting' before the first open, 'connected', 'reconnecting' after a drop, 'offline'
 * once an attempt to reconnect has failed.
 */
export class Connection {
  #url;
  #handlers;
  #socket = null;
  #timer = null;
  #failures = 0;
  #state = 'connecting';

  /** handlers: open(send), message(text), close(), state(state) */
  constructor(url, handlers) {
    this.#url = url;
    this.#handlers = handlers;
    // after a network change there is no point in waiting out the backoff
    window.addEventListener('online', () => this.#retryNow());
  }

  get state() {
    return this.#state;
  }

  start() {
    this.#open();
  }

  /** Drops the current socket, if any, without telling the handlers; opens a new one at once. */
  restart() {
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'reloading');
    this.#setState('reconnecting');
    this.#open();
  }

  #open() {
    clearTimeout(this.#timer);
    this.#timer = null;
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) {
        return;
      }
      opened = true;
      this.#failures = 0;
      this.#setState('connected');
      this.#handlers.open((text) => {
        if (this.#socket === socket && socket.readyState === WebSocket.OPEN) {
          socket.send(text);
        }
      });
    });
    socket.addEventListener('message', (event) => {
      if (this.#socket === socket) {
        this.#handlers.message(event.data);
      }
    });
    // an 'error' is always followed by 'close', so reconnecting on close covers both
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) {
        return;
      }
      this.#socket = null;
      if (opened) {
        this.#handlers.close();
        this.#setState('reconnecting');
      } else {
        this.#failures++;
        this.#setState('offline');
      }
      this.#scheduleReconnect();
    });
  }

  #scheduleReconnect() {
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.#failures);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#timer = setTimeout(() => this.#open(), delay);
  }

  #retryNow() {
    if (this.#socket === null) {
      this.#open();
    }
  }

  #setState(state) {
    if (this.#state !== state) {
      this.#state = state;
      this.#handlers.state(state);
    }
  }
}
