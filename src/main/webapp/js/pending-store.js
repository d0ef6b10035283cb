// Edits not acknowledged yet, kept in localStorage so that a reload of the page (or a crash of the
// browser) does not lose what was typed while the connection was down. One entry per room and tab
// key: two tabs of one room have two keys (identity.js), so neither overwrites the other's edits,
// and the reloaded tab, which keeps its key and sequence numbers in sessionStorage, sends the
// edit in flight again under the seq it had, which the server recognises as a resend.
//
// An entry is two items: the edits (small, written on every change) and the document they are
// based on (written only when that version changes, as it may be large).

const PREFIX = 'ensemble.pending.';
const BASE_PREFIX = 'ensemble.pending-base.';
/** Entries nobody came back for are dropped after this long, so that they cannot fill storage. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/**
 * With storage full, entries older than this are dropped too: younger ones may belong to a tab
 * still open, whose edits would then be lost on its reload.
 */
const FULL_MAX_AGE_MS = 24 * 3600 * 1000;

export class PendingStore {
  #storage;
  #edits;
  #base;
  /** The version of the base written last, so that it is not written again for every keystroke. */
  #baseVersion = -1;

  constructor(roomId, key, storage = localStorage) {
    this.#storage = storage;
    this.#edits = `${PREFIX}${roomId}.${key}`;
    this.#base = `${BASE_PREFIX}${roomId}.${key}`;
  }

  /**
   * The entry kept by this tab for this room: {v, content, language, inflight, queue, savedAt},
   * or null. An entry that cannot be read (written by another version of the page, or half
   * written when storage ran full) is dropped.
   */
  load() {
    try {
      const edits = JSON.parse(this.#storage.getItem(this.#edits));
      const base = JSON.parse(this.#storage.getItem(this.#base));
      if (edits === null) {
        this.clear();
        return null;
      }
      if (base === null || base.v !== edits.v || typeof base.content !== 'string') {
        throw new Error('the document the edits are based on is missing');
      }
      return { ...edits, content: base.content };
    } catch (e) {
      console.warn(`Ensemble: dropping unreadable offline edits: ${e.message}`);
      this.clear();
      return null;
    }
  }

  /**
   * Keeps `state` (a CollabClient's pendingState(): null when nothing is pending, which clears
   * the entry). False when storage is full even after dropping old entries of other rooms: then
   * nothing is kept.
   */
  save(state) {
    if (state === null) {
      this.clear();
      return true;
    }
    const { content, ...edits } = state;
    try {
      this.#write(content, { ...edits, savedAt: Date.now() });
      return true;
    } catch (e) {
      if (!isQuotaError(e)) {
        throw e;
      }
    }
    sweep(this.#storage, FULL_MAX_AGE_MS, this.#edits);
    try {
      this.#write(content, { ...edits, savedAt: Date.now() });
      return true;
    } catch (e) {
      if (!isQuotaError(e)) {
        throw e;
      }
      // half an entry would be read as a broken one; none is better
      this.clear();
      return false;
    }
  }

  #write(content, edits) {
    if (this.#baseVersion !== edits.v) {
      this.#baseVersion = -1;
      this.#storage.setItem(this.#base, JSON.stringify({ v: edits.v, content }));
      this.#baseVersion = edits.v;
    }
    this.#storage.setItem(this.#edits, JSON.stringify(edits));
  }

  clear() {
    this.#storage.removeItem(this.#edits);
    this.#storage.removeItem(this.#base);
    this.#baseVersion = -1;
  }
}

/** Drops the entries of every room saved longer than `maxAgeMs` ago, but the one named `keep`. */
export function sweep(storage = localStorage, maxAgeMs = MAX_AGE_MS, keep = null) {
  const now = Date.now();
  const names = [];
  for (let i = 0; i < storage.length; i++) {
    names.push(storage.key(i));
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX) || name === keep) {
      continue;
    }
    let savedAt = 0;
    try {
      savedAt = JSON.parse(storage.getItem(name)).savedAt ?? 0;
    } catch {
      // unreadable: as good as old
    }
    if (now - savedAt >= maxAgeMs) {
      storage.removeItem(name);
      storage.removeItem(BASE_PREFIX + name.slice(PREFIX.length));
    }
  }
}

function isQuotaError(e) {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}
