// The client side of the protocol, without transport or editor: the classic OT client with at most
// one operation in flight and a buffer behind it, applying server operations strictly in version
// order. It mirrors the Java test client (dev.ensemble.client.CollabClient) so that both behave
// the same against the server.

import { TextOperation } from './ot.js';

const MAX_RESEND_DELAY_MS = 2000;

/**
 * `seqs.take()` hands out the next sequence number of `src`; `events` receives:
 *  ready({fresh, content, language, clientId})
 *                      a snapshot arrived; fresh: the document was replaced
 *  remoteOp(op)        an operation of someone else, already applied to text()
 *  presence(p)         {clientId, name, color, selections} with selections in local offsets
 *  left(clientId)      a person left
 *  language(id)        the room's language changed
 *  untrusted(reason)   the local document can no longer be trusted: reset() and reconnect
 *  status()            pending edits or liveness changed
 */
export class CollabClient {
  #key;
  /** The source the server binds to this client's key, from the first snapshot. */
  #src = null;
  #seqs;
  #events;

  #document = '';
  #version = -1;
  #send = null;
  /** True once the current connection's snapshot has been handled. */
  #live = false;

  #inflight = null;
  #inflightSeq = 0;
  #inflightEdits = 0;
  #buffer = null;
  #bufferEdits = 0;
  #resendTimer = null;
  #resendAttempts = 0;

  /** Server operations and acknowledgements that arrived before the versions in front of them. */
  #early = new Map();
  /** Presence stamped with a version this client has not reached yet, by client id. */
  #heldPresence = new Map();
  /** Every id the server gave this client: an old session's presence is not someone else. */
  #ownIds = new Set();
  #clientId = null;
  #language = null;

  constructor(key, seqs, events) {
    this.#key = key;
    this.#seqs = seqs;
    this.#events = events;
  }

  /** A new connection is open; messages go out through `send`. */
  connected(send) {
    this.#send = send;
    this.#live = false;
    send(JSON.stringify({ type: 'hello', key: this.#key }));
  }

  disconnected() {
    this.#dropConnection();
    this.#events.status();
  }

  /** Forgets everything but src and seq, so that the next snapshot replaces the document. */
  reset() {
    this.#dropConnection();
    this.#document = '';
    this.#version = -1;
    this.#inflight = null;
    this.#inflightEdits = 0;
    this.#buffer = null;
    this.#bufferEdits = 0;
    this.#heldPresence.clear();
    this.#events.status();
  }

  #dropConnection() {
    this.#send = null;
    this.#live = false;
    this.#early.clear();
    this.#cancelResend();
  }

  /** Applies a local edit; it is sent at once when nothing is in flight. */
  edit(op) {
    this.#document = op.apply(this.#document);
    if (this.#inflight === null) {
      this.#inflight = op;
      this.#inflightSeq = this.#seqs.take();
      this.#inflightEdits = 1;
      this.#sendInflight();
    } else {
      this.#buffer = this.#buffer === null ? op : this.#buffer.compose(op);
      this.#bufferEdits++;
    }
    this.#events.status();
  }

  /** Handles one message from the server, already parsed. */
  receive(m) {
    switch (m.type) {
      case 'ping':
        this.#send?.(JSON.stringify({ type: 'pong' }));
        break;
      case 'snapshot':
        this.#onSnapshot(m);
        break;
      case 'op':
      case 'ack':
        if (m.v > this.#version && this.#version >= 0) {
          this.#early.set(m.v, m);
          this.#drainInOrder();
        }
        break;
      case 'presence':
        this.#onPresence(m);
        break;
      case 'error':
        this.#onError(m);
        break;
      default:
        console.warn('Ensemble: unexpected message type', m.type);
    }
  }

  /** Shows the room a language; false when there is no connection to send it over. */
  changeLanguage(language) {
    if (!this.#live) {
      return false;
    }
    this.#language = language;
    this.#send(JSON.stringify({ type: 'language', language }));
    return true;
  }

  /**
   * Tells the others where this client's selections are: [[anchor, head], ...] in local offsets,
   * mapped back through the pending operations to the version the server knows.
   */
  sendPresence({ name, color, selections }) {
    if (!this.#live) {
      return;
    }
    const pending = [this.#buffer, this.#inflight].filter((op) => op !== null);
    const toServer = (offset) => pending.reduce((p, op) => positionBefore(p, op), offset);
    this.#send(
      JSON.stringify({
        type: 'presence',
        name,
        color,
        v: this.#version,
        selections: selections.map(([anchor, head]) => [toServer(anchor), toServer(head)]),
      }),
    );
  }

  text() {
    return this.#document;
  }

  version() {
    return this.#version;
  }

  isLive() {
    return this.#live;
  }

  /** Local edits not yet acknowledged. */
  pending() {
    return this.#inflightEdits + this.#bufferEdits;
  }

  clientId() {
    return this.#clientId;
  }

  language() {
    return this.#language;
  }

  #onSnapshot(m) {
    this.#src = m.src;
    this.#clientId = m.clientId;
    this.#ownIds.add(m.clientId);
    this.#language = m.language;
    this.#heldPresence.clear();
    // a snapshot on a connection that already had one: the server reloaded the room
    const replaced = this.#live;
    if (replaced && this.pending() > 0) {
      this.#events.untrusted('the server reloaded the room');
      return;
    }
    const fresh = this.#version < 0 || replaced;
    if (fresh) {
      this.#document = m.content;
      this.#version = m.v;
      this.#early.clear();
    }
    this.#live = true;
    this.#events.ready({ fresh, content: m.content, language: m.language, clientId: m.clientId });
    if (!fresh) {
      // keep our own document: ask for what we missed, then resend what was in flight
      this.#send(JSON.stringify({ type: 'catchup', v: this.#version }));
      this.#sendInflight();
    }
    for (const peer of m.peers) {
      this.#onPresence(peer);
    }
    this.#drainInOrder();
    this.#events.status();
  }

  #drainInOrder() {
    for (
      let next = this.#early.get(this.#version + 1);
      next;
      next = this.#early.get(this.#version + 1)
    ) {
      this.#early.delete(next.v);
      try {
        this.#apply(next);
      } catch (e) {
        this.#events.untrusted(`server operation ${next.v} does not apply here: ${e.message}`);
        return;
      }
      this.#releasePresence();
    }
  }

  #apply(m) {
    const ownOp = m.type === 'ack' || m.src === this.#src;
    if (ownOp && this.#inflight !== null && m.seq === this.#inflightSeq) {
      this.#acknowledged(m.v);
      return;
    }
    if (m.type === 'ack') {
      // the log holds an operation of ours at a version we need, yet it is not the one in flight
      throw new Error(
        `acknowledgement of seq ${m.seq} at ${m.v} is not for the operation in flight`,
      );
    }
    // an operation of another client, or one this src sent from an earlier page: both are news here
    let op = TextOperation.fromJSON(m.op);
    if (this.#inflight !== null) {
      [op, this.#inflight] = TextOperation.transform(op, this.#inflight);
      if (this.#buffer !== null) {
        [op, this.#buffer] = TextOperation.transform(op, this.#buffer);
      }
    }
    this.#document = op.apply(this.#document);
    this.#version = m.v;
    this.#events.remoteOp(op);
    if (m.language !== undefined) {
      this.#language = m.language;
      this.#events.language(m.language);
    }
  }

  #acknowledged(v) {
    this.#version = v;
    this.#cancelResend();
    this.#inflight = null;
    this.#inflightEdits = 0;
    if (this.#buffer !== null) {
      this.#inflight = this.#buffer;
      this.#inflightEdits = this.#bufferEdits;
      this.#inflightSeq = this.#seqs.take();
      this.#buffer = null;
      this.#bufferEdits = 0;
      this.#sendInflight();
    }
    this.#events.status();
  }

  #onPresence(m) {
    if (this.#ownIds.has(m.clientId)) {
      return;
    }
    if (m.left) {
      this.#heldPresence.delete(m.clientId);
      this.#events.left(m.clientId);
      return;
    }
    if (m.v > this.#version) {
      this.#heldPresence.set(m.clientId, m);
      return;
    }
    this.#heldPresence.delete(m.clientId);
    this.#events.presence({
      clientId: m.clientId,
      name: m.name,
      color: m.color,
      selections: (m.selections ?? []).map((pair) => pair.map((p) => this.#toLocal(p))),
    });
  }

  #releasePresence() {
    for (const p of this.#heldPresence.values()) {
      if (p.v <= this.#version) {
        this.#onPresence(p);
      }
    }
  }

  /** A server offset at this client's version, moved through the operations not yet in the log. */
  #toLocal(offset) {
    const serverLength = this.#inflight ? this.#inflight.baseLength : this.#document.length;
    let p = Math.min(offset, serverLength);
    for (const op of [this.#inflight, this.#buffer]) {
      if (op !== null) {
        p = TextOperation.transformPosition(p, op, false);
      }
    }
    return p;
  }

  #onError(m) {
    const aboutInflight = this.#inflight !== null && m.seq === this.#inflightSeq;
    if (aboutInflight && m.retryable) {
      this.#scheduleResend();
    } else if (aboutInflight) {
      this.#events.untrusted(`the server refused an edit: ${m.message}`);
    } else {
      console.warn(`Ensemble: server error ${m.code}: ${m.message}`);
    }
  }

  #scheduleResend() {
    clearTimeout(this.#resendTimer);
    const ceiling = Math.min(MAX_RESEND_DELAY_MS, 100 * 2 ** this.#resendAttempts++);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#resendTimer = setTimeout(() => {
      this.#resendTimer = null;
      this.#sendInflight();
    }, delay);
  }

  #cancelResend() {
    clearTimeout(this.#resendTimer);
    this.#resendTimer = null;
    this.#resendAttempts = 0;
  }

  #sendInflight() {
    if (!this.#live || this.#inflight === null) {
      return;
    }
    this.#send(
      // seq first: a refusal of a message too large to read names it from its start
      JSON.stringify({
        type: 'op',
        seq: this.#inflightSeq,
        v: this.#version,
        op: this.#inflight,
      }),
    );
  }
}

/**
 * Where an offset of the document `op` produced was in the document it applied to: the inverse
 * mapping, which needs no text. Inside inserted text it maps to the insertion point.
 */
function positionBefore(offset, op) {
  let base = 0;
  let target = 0;
  for (const c of op.components) {
    if (typeof c === 'string') {
      if (offset <= target + c.length) {
        return base;
      }
      target += c.length;
    } else if (c > 0) {
      if (offset <= target + c) {
        return base + (offset - target);
      }
      base += c;
      target += c;
    } else {
      base -= c;
    }
  }
  return base;
}
