// The WebSocket of a room and its liveness. It is reopened after every close (a stopping server
// closes with 1012, a balancer or network with anything) with exponential backoff, so that clients
// do not all come back at the same instant; and after a stall, a connection that neither delivers
// nor closes, which only silence gives away.
//
// The server pings a client it has neither heard from nor sent anything to for heartbeatMs, so a
// healthy connection is never silent for long: one over which nothing has been heard for 1.5 ×
// heartbeatMs is stalled, whatever the page sends meanwhile. A message that is answered (an edit)
// must be answered within 1.5 × heartbeatMs as well.
//
// A close that says the page may not be here (no access, no such room) is not retried: the page
// calls stop() from its close handler, and the socket is never reopened.

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;
/** The server's default, until a snapshot tells the room's. */
const DEFAULT_HEARTBEAT_MS = 10000;
const STALL_FACTOR = 1.5;

/**
 * States: 'connecting' before the first open, 'connected', 'reconnecting' after a drop or a stall,
 * 'offline' once an attempt to reconnect has failed, 'stopped' for good after stop().
 */
export class Connection {
  #url;
  #handlers;
  #socket = null;
  /** True once the current socket opened. */
  #opened = false;
  #timer = null;
  #failures = 0;
  #state = 'connecting';
  #heartbeatMs = DEFAULT_HEARTBEAT_MS;
  /** Stalled if nothing is heard by then (performance.now() time)… */
  #silenceDeadline = Infinity;
  /** …or if a message that the server answers is not answered by then. */
  #answerDeadline = Infinity;
  #watchdog = null;
  #stopped = false;

  /** handlers: open(send), message(text), close(code) of an opened socket, state(state) */
  constructor(url, handlers) {
    this.#url = url;
    this.#handlers = handlers;
    // after a network change there is no point in waiting out the backoff
    window.addEventListener('online', () => this.#retryNow());
  }

  get state() {
    return this.#state;
  }

  /** The room's heartbeat interval, from the snapshot that just arrived. */
  heartbeat(ms) {
    const heartbeatMs = ms > 0 ? ms : DEFAULT_HEARTBEAT_MS;
    if (heartbeatMs !== this.#heartbeatMs) {
      this.#heartbeatMs = heartbeatMs;
      if (this.#socket !== null) {
        this.#silenceDeadline = performance.now() + this.#patience();
        this.#watch();
      }
    }
  }

  start() {
    this.#open();
  }

  /** Drops the current socket, if any, without telling the handlers; opens a new one at once. */
  restart() {
    if (this.#stopped) {
      return;
    }
    this.#abandon();
    this.#setState('reconnecting');
    this.#open();
  }

  /** Closes the socket, if any, without telling the handlers, and never opens another. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#abandon();
    this.#setState('stopped');
  }

  #open() {
    clearTimeout(this.#timer);
    this.#timer = null;
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    this.#opened = false;
    // the handshake, too, must not take longer than a heartbeat allows
    this.#silenceDeadline = performance.now() + this.#patience();
    this.#answerDeadline = Infinity;
    this.#watch();
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) {
        return;
      }
      this.#opened = true;
      this.#failures = 0;
      this.#heard();
      this.#setState('connected');
      this.#handlers.open((text, answered) => this.#send(socket, text, answered));
    });
    socket.addEventListener('message', (event) => {
      if (this.#socket === socket) {
        this.#heard();
        this.#handlers.message(event.data);
      }
    });
    // an 'error' is always followed by 'close', so reconnecting on close covers both
    socket.addEventListener('close', (event) => {
      if (this.#socket === socket) {
        this.#lost(event.code);
      }
    });
  }

  #send(socket, text, answered) {
    if (this.#socket !== socket || socket.readyState !== WebSocket.OPEN) {
      return;
    }
    socket.send(text);
    if (answered) {
      this.#answerDeadline = Math.min(this.#answerDeadline, performance.now() + this.#patience());
    }
  }

  #heard() {
    this.#silenceDeadline = performance.now() + this.#patience();
    this.#answerDeadline = Infinity;
  }

  #patience() {
    return STALL_FACTOR * this.#heartbeatMs;
  }

  /**
   * One timer, set for the earliest deadline. Deadlines only move later, but for an answer awaited,
   * which is never due before the silence deadline of its moment: the timer never fires late.
   */
  #watch() {
    clearTimeout(this.#watchdog);
    const check = () => {
      if (this.#socket === null) {
        return;
      }
      const wait = Math.min(this.#silenceDeadline, this.#answerDeadline) - performance.now();
      if (wait <= 0) {
        this.#stalled();
      } else {
        this.#watchdog = setTimeout(check, wait);
      }
    };
    check();
  }

  /** Nothing came for too long: the connection is given up without waiting for a close. */
  #stalled() {
    console.warn('Ensemble: nothing heard from the server for too long; reconnecting');
    this.#abandon();
    this.#lost();
  }

  #lost(code = 1006) {
    this.#socket = null;
    clearTimeout(this.#watchdog);
    if (this.#opened) {
      this.#handlers.close(code);
      if (this.#stopped) {
        return;
      }
      this.#setState('reconnecting');
    } else {
      this.#failures++;
      this.#setState('offline');
    }
    this.#scheduleReconnect();
  }

  /** Stops listening to the current socket and closes it; its close event is not waited for. */
  #abandon() {
    const socket = this.#socket;
    this.#socket = null;
    clearTimeout(this.#watchdog);
    socket?.close(1000, 'reconnecting');
  }

  #scheduleReconnect() {
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.#failures);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#timer = setTimeout(() => this.#open(), delay);
  }

  #retryNow() {
    if (this.#socket === null && !this.#stopped) {
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
