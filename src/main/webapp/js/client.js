// The client side of the protocol, without transport or editor: the classic OT client with at most
// one operation in flight and the rest queued behind it, applying server operations strictly in
// version order. It mirrors the Java test client (dev.ensemble.client.CollabClient) so that both
// behave the same against the server: after a reconnect it catches up and resends what was in
// flight under the same seq; when the server sends the document anew, the pending edits are carried
// over onto it.

import { diff } from './diff.js';
import { insertedUnits, operationBudget, operationBytes, splitOperation } from './frames.js';
import { TextOperation } from './ot.js';

/** Until a snapshot says otherwise: the server's defaults. */
export const DEFAULT_LIMITS = Object.freeze({
  maxFrameBytes: 1048576,
  maxDocumentChars: 2097152,
  heartbeatMs: 10000,
});

/** How long a missing version is waited for before asking for it, and again before reloading. */
export const GAP_WAIT_MS = 2000;

const MAX_RESEND_DELAY_MS = 2000;

/**
 * Edits are composed into the one queued before them while together they insert at most this
 * much, so that typing travels in few messages while a large paste stays an edit of its own, which
 * can be refused and taken back alone.
 */
const COMPOSE_UNITS = 1024;

const browserClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (id) => clearTimeout(id),
};

/**
 * `seqs.take()` hands out the next sequence number of this tab's source; `clock` (now,
 * setTimeout, clearTimeout) is the browser's unless a test gives its own; `events` receives:
 *  ready({fresh, content, language, clientId, limits})
 *                      a snapshot arrived; fresh: the document was replaced by `content`
 *  remoteOp(op)        a change not made in the editor, already applied to text(): someone
 *                      else's edit, an edit of ours taken back, or the move onto a new snapshot
 *  presence(p)         {clientId, name, color, selections} with selections in local offsets
 *  left(clientId)      a person left
 *  language(id)        the room's language changed
 *  refused(r)          an edit was refused and taken back: {code, local, units, documentUnits,
 *                      maxDocumentChars, bytes, maxFrameBytes, message}
 *  trouble({code, message})  the room takes no edits until an operator repairs it; null when a new
 *                      snapshot came without that complaint
 *  reload(reason)      the connection must be restarted; the pending edits are kept and carried
 *                      over onto the document the next snapshot brings
 *  lost(reason)        the pending edits could not be kept (a state that cannot happen)
 *  access(role, archived)  the server said what this session may do: 'owner', 'editor' or
 *                      'viewer', and whether the room is archived (then nobody edits it); not in
 *                      open mode; again whenever either changes
 *  status()            pending edits or liveness changed
 * `send(text, answered)` of a connection: `answered` when the server replies to the message.
 */
export class CollabClient {
  #key;
  /** The owner key or link secret sent with each hello, or null. */
  #secret = null;
  /** What the server lets this session do, or null while it has not said (open mode). */
  #role = null;
  /** True while the owner has archived the room: it takes no edits from anyone. */
  #archived = false;
  /** The source the server binds to this client's key, from the first snapshot. */
  #src = null;
  #seqs;
  #events;
  #clock;
  #limits = DEFAULT_LIMITS;

  /** What the user sees: the confirmed document with the pending edits applied. */
  #document = '';
  /** The document at #version: what the server has, without the pending edits. */
  #confirmed = '';
  #version = -1;
  #send = null;
  /** True once the current connection's snapshot has been handled. */
  #live = false;
  /** After a reconnect, the version the catch-up must reach before the resend; else -1. */
  #catchingUpTo = -1;
  /** The next snapshot replaces the document, with the pending edits carried over onto it. */
  #reloading = false;
  /** Why the room refuses edits ({code, message}), or null. */
  #trouble = null;

  /** {op, seq, edits, group, units}: the edit sent and not yet acknowledged. */
  #inflight = null;
  /**
   * {op, edits, group, units}: edits not sent yet, each applying to the document the one before
   * leaves. Pieces of one edit too large for a message share a group (0: a whole edit); `units`
   * is what the whole edit inserts, for telling the user about it; `edits` counts the user's edits.
   */
  #queue = [];
  #nextGroup = 1;
  #resendTimer = null;
  #resendAttempts = 0;
  /** The version the in-flight edit was last refused as too old at, or -1. */
  #tooOldAt = -1;

  /** Server operations and acknowledgements that arrived before the versions in front of them. */
  #early = new Map();
  /** {version, asked, timer} while version + 1 is missing and later ones are held. */
  #gap = null;
  /** Presence stamped with a version this client has not reached yet, by client id. */
  #heldPresence = new Map();
  /** Every id the server gave this client: an old session's presence is not someone else. */
  #ownIds = new Set();
  #clientId = null;
  #language = null;

  constructor(key, seqs, events, clock = browserClock) {
    this.#key = key;
    this.#seqs = seqs;
    this.#events = events;
    this.#clock = clock;
  }

  /** The secret each hello carries from now on: an owner key or a link's, checked in links mode. */
  useSecret(secret) {
    this.#secret = secret || null;
  }

  /** A new connection is open; messages go out through `send(text, answered)`. */
  connected(send) {
    this.#send = send;
    this.#live = false;
    const hello = { type: 'hello', key: this.#key };
    if (this.#secret !== null) {
      hello.secret = this.#secret;
    }
    this.#message(hello, false);
  }

  disconnected() {
    this.#dropConnection();
    this.#events.status();
  }

  /**
   * The edits not acknowledged yet, as plain data for storage: {v, content, language, inflight,
   * queue}, where `content` is the document at version `v` they are based on and `inflight`
   * carries the seq it was (or will be) sent under. Null when nothing is pending.
   */
  pendingState() {
    if (this.#version < 0 || (this.#inflight === null && this.#queue.length === 0)) {
      return null;
    }
    const plain = ({ op, edits, group, units }) => ({ op: op.toJSON(), edits, group, units });
    return {
      v: this.#version,
      content: this.#confirmed,
      language: this.#language,
      inflight: this.#inflight === null ? null : { ...plain(this.#inflight), seq: this.#inflight.seq },
      queue: this.#queue.map(plain),
    };
  }

  /**
   * Before the first connection: takes up edits a page of this tab left unacknowledged (a
   * pendingState()), as if that page had stayed open. The first snapshot then catches up from
   * their version and sends the one in flight again under its seq; a snapshot instead of the
   * catch-up (their version is too old for the server) carries them over onto the new document.
   * False, with nothing taken up, when they do not fit together.
   */
  restore(state) {
    if (this.#version >= 0) {
      throw new Error('restore() comes before the first snapshot');
    }
    let inflight;
    let queue;
    let document = state.content;
    try {
      const entry = ({ op, edits, group, units }) => {
        const parsed = TextOperation.fromJSON(op);
        document = parsed.apply(document);
        return { op: parsed, edits, group, units };
      };
      inflight = state.inflight === null ? null : { ...entry(state.inflight), seq: state.inflight.seq };
      queue = state.queue.map(entry);
    } catch (e) {
      console.warn(`Ensemble: stored edits do not apply: ${e.message}`);
      return false;
    }
    this.#confirmed = state.content;
    this.#version = state.v;
    this.#language = state.language ?? null;
    this.#inflight = inflight;
    this.#queue = queue;
    this.#document = document;
    this.#nextGroup = 1 + Math.max(0, ...queue.map((e) => e.group), inflight?.group ?? 0);
    this.#events.status();
    return true;
  }

  /** Forgets everything but src and seq, so that the next snapshot replaces the document. */
  reset() {
    this.#dropConnection();
    this.#document = '';
    this.#confirmed = '';
    this.#version = -1;
    this.#inflight = null;
    this.#queue = [];
    this.#reloading = false;
    this.#heldPresence.clear();
    this.#events.status();
  }

  #dropConnection() {
    this.#send = null;
    this.#live = false;
    this.#catchingUpTo = -1;
    this.#early.clear();
    this.#endGap();
    this.#cancelResend();
  }

  /**
   * Applies a local edit, which is sent at once when nothing is in flight. An edit that would make
   * the document larger than a room may be is refused here, without asking the server: the
   * result is false and `refused` tells why; the caller takes it back from the editor.
   */
  edit(op) {
    if (this.#role === 'viewer' || this.#archived) {
      // the editor is read-only, but an undo or a line-ending fix still reaches here
      const code = this.#archived ? 'room-archived' : 'forbidden';
      this.#events.refused({ code, local: true, units: insertedUnits(op) });
      return false;
    }
    const max = this.#limits.maxDocumentChars;
    if (op.targetLength > max && op.targetLength > op.baseLength) {
      this.#events.refused({
        code: 'document-too-large',
        local: true,
        units: insertedUnits(op),
        documentUnits: this.#document.length,
        maxDocumentChars: max,
      });
      return false;
    }
    this.#document = op.apply(this.#document);
    this.#enqueue(op);
    this.#sendNext();
    this.#events.status();
    return true;
  }

  #enqueue(op) {
    const last = this.#queue.at(-1);
    const units = insertedUnits(op);
    if (last && last.group === 0 && last.units + units <= COMPOSE_UNITS) {
      last.op = last.op.compose(op);
      last.edits++;
      last.units += units;
    } else {
      this.#queue.push({ op, edits: 1, group: 0, units });
    }
  }

  /** Handles one message from the server, already parsed. */
  receive(m) {
    switch (m.type) {
      case 'ping':
        this.#message({ type: 'pong' }, false);
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
      case 'access':
        this.#onAccess(m);
        break;
      default:
        console.warn('Ensemble: unexpected message type', m.type);
    }
  }

  /** Shows the room a language; false when it cannot be sent now. */
  changeLanguage(language) {
    if (!this.#live || this.#trouble !== null || this.#role === 'viewer' || this.#archived) {
      return false;
    }
    this.#language = language;
    this.#message({ type: 'language', language }, true);
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
    const pending = this.#pendingOps().reverse();
    const toServer = (offset) => pending.reduce((p, op) => positionBefore(p, op), offset);
    this.#message(
      {
        type: 'presence',
        name,
        color,
        v: this.#version,
        selections: selections.map(([anchor, head]) => [toServer(anchor), toServer(head)]),
      },
      false,
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
    return (this.#inflight?.edits ?? 0) + this.#queue.reduce((n, e) => n + e.edits, 0);
  }

  /** The source the server bound this client's edits to, as the history names their author. */
  src() {
    return this.#src;
  }

  clientId() {
    return this.#clientId;
  }

  language() {
    return this.#language;
  }

  limits() {
    return this.#limits;
  }

  /** Why the room takes no edits ({code, message}), or null. */
  trouble() {
    return this.#trouble;
  }

  /** 'owner', 'editor' or 'viewer' as the server last said; null when it does not say. */
  role() {
    return this.#role;
  }

  /** True while the room is archived: read-only for everyone. */
  archived() {
    return this.#archived;
  }

  #pendingOps() {
    const ops = this.#queue.map((e) => e.op);
    return this.#inflight === null ? ops : [this.#inflight.op, ...ops];
  }

  // ---- snapshots ----

  #onSnapshot(m) {
    if (this.#src !== null && m.src !== this.#src) {
      console.warn(`Ensemble: the server bound the source ${m.src}, not ${this.#src}`);
    }
    this.#src = m.src;
    this.#clientId = m.clientId;
    this.#ownIds.add(m.clientId);
    this.#language = m.language;
    this.#limits = { ...DEFAULT_LIMITS, ...m.limits };
    this.#heldPresence.clear();
    const first = this.#version < 0;
    // a snapshot on a connection that already had one: the catch-up was too far behind, or the
    // server reloaded the room
    const replaces = !first && (this.#live || this.#reloading);
    this.#live = true;
    this.#reloading = false;
    this.#trouble = null;
    let fresh = first;
    if (first) {
      this.#replace(m);
    } else if (replaces) {
      fresh = !this.#carryOver(m);
    } else {
      // a new connection: keep our document, fetch what we missed, then resend what was in flight
      this.#catchingUpTo = m.v;
      this.#message({ type: 'catchup', v: this.#version }, false);
    }
    this.#events.ready({
      fresh,
      content: this.#document,
      language: m.language,
      clientId: m.clientId,
      limits: this.#limits,
    });
    this.#events.trouble(null);
    for (const peer of m.peers) {
      this.#onPresence(peer);
    }
    this.#drainInOrder();
    this.#resendIfCaughtUp();
    this.#sendNext();
    this.#events.status();
  }

  /**
   * The server sent the document anew: the pending edits move onto it, by way of the change
   * between the document they were made on and the new one. An edit in flight that the new
   * document holds already (its seq is in the log) is dropped; the others are sent again under
   * new sequence numbers. False in a state that cannot happen, where the pending edits are lost.
   */
  #carryOver(m) {
    const inLog = this.#inflight !== null && this.#inflight.seq <= m.seq;
    const base = inLog ? this.#inflight.op.apply(this.#confirmed) : this.#confirmed;
    const pending = (inLog || this.#inflight === null ? [] : [this.#inflight]).concat(this.#queue);
    let theirs;
    let moved;
    try {
      theirs = diff(base, m.content);
      moved = pending.map((entry) => {
        let op;
        [theirs, op] = TextOperation.transform(theirs, entry.op);
        return { op, edits: entry.edits, group: entry.group, units: entry.units };
      });
    } catch (e) {
      const reason = `the edits do not fit the document they were made on: ${e.message}`;
      console.error(`Ensemble: ${reason}`);
      this.#replace(m);
      this.#events.lost(reason);
      return false;
    }
    this.#document = theirs.apply(this.#document);
    this.#confirmed = m.content;
    this.#version = m.v;
    this.#language = m.language;
    for (const v of this.#early.keys()) {
      if (v <= m.v) {
        this.#early.delete(v);
      }
    }
    this.#cancelResend();
    this.#inflight = null;
    this.#tooOldAt = -1;
    this.#queue = moved;
    this.#catchingUpTo = -1;
    if (!theirs.isNoop()) {
      this.#events.remoteOp(theirs);
    }
    return true;
  }

  /** The snapshot replaces everything, pending edits included. */
  #replace(m) {
    this.#document = m.content;
    this.#confirmed = m.content;
    this.#version = m.v;
    this.#early.clear();
    this.#cancelResend();
    this.#inflight = null;
    this.#queue = [];
    this.#catchingUpTo = -1;
  }

  /** Restarts the connection; the pending edits are carried over onto the next snapshot. */
  #reload(reason) {
    console.warn(`Ensemble: reloading the document: ${reason}`);
    this.#reloading = true;
    this.#dropConnection();
    this.#events.reload(reason);
    this.#events.status();
  }

  // ---- server operations, in version order ----

  #drainInOrder() {
    for (
      let next = this.#early.get(this.#version + 1);
      next && this.#live;
      next = this.#early.get(this.#version + 1)
    ) {
      this.#early.delete(next.v);
      try {
        this.#apply(next);
      } catch (e) {
        this.#reload(`server operation ${next.v} does not apply here: ${e.message}`);
        return;
      }
      this.#releasePresence();
      this.#resendIfCaughtUp();
    }
    this.#watchGap();
  }

  #apply(m) {
    const ownOp = m.type === 'ack' || m.src === this.#src;
    if (ownOp && this.#inflight !== null && m.seq === this.#inflight.seq) {
      this.#acknowledged(m.v);
      return;
    }
    if (m.type === 'ack') {
      // an edit this page gave up on and carried over under a new number is in the log after all
      throw new Error(`seq ${m.seq} is in the log at ${m.v}, but it is not the edit in flight`);
    }
    // an operation of another client, or one this src sent from an earlier page: both are news here
    const op = TextOperation.fromJSON(m.op);
    const confirmed = op.apply(this.#confirmed);
    let theirs = op;
    const inflight = this.#inflight === null ? null : { ...this.#inflight };
    if (inflight !== null) {
      [theirs, inflight.op] = TextOperation.transform(theirs, inflight.op);
    }
    const queue = this.#queue.map((entry) => {
      const moved = { ...entry };
      [theirs, moved.op] = TextOperation.transform(theirs, entry.op);
      return moved;
    });
    const document = theirs.apply(this.#document);
    this.#confirmed = confirmed;
    this.#inflight = inflight;
    this.#queue = queue;
    this.#document = document;
    this.#version = m.v;
    this.#events.remoteOp(theirs);
    if (m.language !== undefined) {
      this.#language = m.language;
      this.#events.language(m.language);
    }
  }

  #acknowledged(v) {
    this.#confirmed = this.#inflight.op.apply(this.#confirmed);
    this.#version = v;
    this.#cancelResend();
    this.#inflight = null;
    this.#tooOldAt = -1;
    this.#sendNext();
    this.#events.status();
  }

  /**
   * Later versions are held while version + 1 is missing. After GAP_WAIT_MS the client asks for
   * what it missed; if the version is still missing GAP_WAIT_MS later, it reloads the document.
   */
  #watchGap() {
    if (this.#early.size === 0 || !this.#live) {
      this.#endGap();
      return;
    }
    if (this.#gap?.version === this.#version) {
      return;
    }
    this.#endGap();
    const gap = { version: this.#version, asked: false, timer: null };
    gap.timer = this.#clock.setTimeout(() => this.#gapPersists(gap), GAP_WAIT_MS);
    this.#gap = gap;
  }

  #gapPersists(gap) {
    if (gap !== this.#gap) {
      return;
    }
    if (!gap.asked) {
      gap.asked = true;
      this.#message({ type: 'catchup', v: this.#version }, false);
      gap.timer = this.#clock.setTimeout(() => this.#gapPersists(gap), GAP_WAIT_MS);
    } else {
      this.#gap = null;
      this.#reload(`version ${gap.version + 1} did not arrive`);
    }
  }

  #endGap() {
    if (this.#gap !== null) {
      this.#clock.clearTimeout(this.#gap.timer);
      this.#gap = null;
    }
  }

  // ---- presence ----

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
    let p = Math.min(offset, this.#confirmed.length);
    for (const op of this.#pendingOps()) {
      p = TextOperation.transformPosition(p, op, false);
    }
    return p;
  }

  // ---- access ----

  /**
   * The server says what this session may do, before the snapshot and whenever it changes. A
   * viewer's edits that are not sent yet never can be: they are taken back now (the one in flight
   * may be in the log already; the server's answer to it decides). Edits become possible again
   * when the role allows them.
   */
  #onAccess(m) {
    this.#role = m.role;
    this.#archived = m.archived === true;
    if (m.role === 'viewer' || this.#archived) {
      this.#takeBackQueued(this.#archived ? 'room-archived' : 'forbidden');
    } else if (this.#trouble?.code === 'forbidden') {
      this.#trouble = null;
      this.#events.trouble(null);
      // an edit put in flight while the room refused is not sent yet
      if (this.#inflight !== null) {
        this.#sendInflight();
      } else {
        this.#sendNext();
      }
    }
    this.#events.access(m.role, this.#archived);
    this.#events.status();
  }

  #takeBackQueued(code) {
    if (this.#queue.length === 0) {
      return;
    }
    const [first, ...rest] = this.#queue;
    const op = rest.reduce((all, entry) => all.compose(entry.op), first.op);
    const base =
      this.#inflight === null ? this.#confirmed : this.#inflight.op.apply(this.#confirmed);
    const undo = op.invert(base);
    this.#queue = [];
    this.#document = undo.apply(this.#document);
    this.#events.remoteOp(undo);
    this.#events.refused({ code, local: false, units: insertedUnits(op) });
  }

  // ---- errors ----

  #onError(m) {
    const aboutInflight = this.#inflight !== null && m.seq === this.#inflight.seq;
    switch (m.code) {
      case 'frame-too-large':
      case 'document-too-large':
        if (aboutInflight) {
          this.#takeBack(m);
          return;
        }
        break;
      case 'forbidden':
        if (aboutInflight) {
          this.#takeBack(m);
        }
        this.#setTrouble(m);
        return;
      case 'room-archived':
        // sent before this page heard of the archive: the access message that says so follows
        if (aboutInflight) {
          this.#takeBack(m);
        }
        return;
      case 'store-diverged':
      case 'room-broken':
        // the edit stays pending: it is sent again once a snapshot shows the room repaired
        this.#setTrouble(m);
        return;
      case 'version-too-old':
        if (aboutInflight) {
          this.#tooOld();
          return;
        }
        break;
      case 'future-version':
        // this page has versions the server does not know: start over from the server's document
        if (aboutInflight || m.seq == null) {
          this.#reload(`the server does not know version ${this.#version}`);
          return;
        }
        break;
      default:
        if (aboutInflight && m.retryable) {
          this.#scheduleResend(m.retryAfterMs);
          return;
        }
        if (aboutInflight) {
          this.#reload(`the server refused an edit: ${m.message}`);
          return;
        }
    }
    console.warn(`Ensemble: server error ${m.code}: ${m.message}`);
  }

  /**
   * The server refused the edit in flight for good: it is taken back here, with the rest of the
   * edit it is a piece of, and the edits made after it stay and are sent.
   */
  #takeBack(m) {
    const taken = [this.#inflight];
    const group = this.#inflight.group;
    while (group !== 0 && this.#queue[0]?.group === group) {
      taken.push(this.#queue.shift());
    }
    const op = taken.slice(1).reduce((all, entry) => all.compose(entry.op), taken[0].op);
    let undo = op.invert(this.#confirmed);
    this.#queue = this.#queue.map((entry) => {
      const moved = { ...entry };
      [undo, moved.op] = TextOperation.transform(undo, entry.op);
      return moved;
    });
    this.#document = undo.apply(this.#document);
    this.#cancelResend();
    this.#inflight = null;
    this.#tooOldAt = -1;
    this.#events.remoteOp(undo);
    this.#events.refused({
      code: m.code,
      local: false,
      units: taken[0].units,
      documentUnits: this.#confirmed.length,
      maxDocumentChars: this.#limits.maxDocumentChars,
      bytes: operationBytes(op),
      maxFrameBytes: this.#limits.maxFrameBytes,
      message: m.message,
    });
    this.#sendNext();
    this.#events.status();
  }

  /**
   * The edit in flight was based too many versions back: catch up, then send it again on the
   * version reached. Refused twice at one version, the catch-up brings nothing: reload.
   */
  #tooOld() {
    if (this.#tooOldAt === this.#version) {
      this.#reload(`the edit in flight stays too old at version ${this.#version}`);
      return;
    }
    this.#tooOldAt = this.#version;
    this.#message({ type: 'catchup', v: this.#version }, false);
    this.#sendInflight();
  }

  #setTrouble(m) {
    this.#trouble = { code: m.code, message: m.message };
    this.#cancelResend();
    this.#events.trouble(this.#trouble);
    this.#events.status();
  }

  // ---- sending ----

  /** Puts the next queued edit in flight when nothing is; a large one goes in pieces. */
  #sendNext() {
    if (this.#inflight !== null || this.#queue.length === 0) {
      return;
    }
    const next = this.#queue[0];
    const budget = operationBudget(this.#limits.maxFrameBytes);
    if (next.group === 0 && operationBytes(next.op) > budget) {
      const group = this.#nextGroup++;
      const pieces = splitOperation(next.op, budget).map((op, i, all) => ({
        op,
        edits: i === all.length - 1 ? next.edits : 0,
        group,
        units: next.units,
      }));
      this.#queue.splice(0, 1, ...pieces);
    }
    this.#inflight = { ...this.#queue.shift(), seq: this.#seqs.take() };
    this.#sendInflight();
  }

  #resendIfCaughtUp() {
    if (this.#catchingUpTo >= 0 && this.#version >= this.#catchingUpTo) {
      this.#catchingUpTo = -1;
      this.#sendInflight();
    }
  }

  #scheduleResend(retryAfterMs) {
    this.#clock.clearTimeout(this.#resendTimer);
    let delay = retryAfterMs;
    if (!(delay >= 0)) {
      const ceiling = Math.min(MAX_RESEND_DELAY_MS, 100 * 2 ** this.#resendAttempts++);
      delay = ceiling / 2 + Math.random() * (ceiling / 2);
    }
    this.#resendTimer = this.#clock.setTimeout(() => {
      this.#resendTimer = null;
      this.#sendInflight();
    }, delay);
  }

  #cancelResend() {
    this.#clock.clearTimeout(this.#resendTimer);
    this.#resendTimer = null;
    this.#resendAttempts = 0;
  }

  #sendInflight() {
    if (
      !this.#live ||
      this.#inflight === null ||
      this.#catchingUpTo >= 0 ||
      this.#trouble !== null
    ) {
      return;
    }
    // seq first: a refusal of a message too large to read names it from its start
    this.#message(
      { type: 'op', seq: this.#inflight.seq, v: this.#version, op: this.#inflight.op },
      true,
    );
  }

  /** Sends `message` if there is a connection; `answered`: the server replies to it. */
  #message(message, answered) {
    this.#send?.(JSON.stringify(message), answered);
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
