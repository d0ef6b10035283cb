// Access in `links` mode, as far as the browser takes part in it: the secret a link carries in its
// fragment, the rooms this browser opened with the keys it holds for them, and the owner's calls to
// the REST API. A secret never goes to the server in a URL: the fragment stays in the browser, the
// WebSocket gets it in its hello and REST in an Authorization header.

import { apiUrl, appPath, appUrl, roomOf, roomUrl } from './paths.js';

const ROOMS_KEY = 'ensemble.rooms';
/**
 * The store keeps the rooms opened last, and every room this browser owns: an owner key given up
 * would be the room's ownership lost.
 */
const MAX_ROOMS = 50;

/**
 * 'signin', 'links' or 'open'; a server from before access modes has no /api/access and is open.
 */
export async function accessMode() {
  return (await accessInfo()).mode;
}

/** The access mode, and in signin mode the name of the person signed in (else null). */
export async function accessInfo() {
  const response = await fetch(apiUrl('access'), { cache: 'no-store' });
  if (response.status === 404) {
    return { mode: 'open', person: null };
  }
  if (!response.ok) {
    throw new Error(`the server answered ${response.status}`);
  }
  const { mode, person } = await response.json();
  return {
    mode: mode === 'links' || mode === 'signin' ? mode : 'open',
    person: typeof person === 'string' ? person : null,
  };
}

/**
 * Where a browser signs in (signin mode) and then comes back to `path`, a path inside the
 * application (`/`, `/r/{id}`); by default this page.
 */
export function signinUrl(path = appPath()) {
  return appUrl(`signin?to=${encodeURIComponent(path)}`);
}

/** The secret of the link this page was opened with (`#k=`), or null. */
export function fragmentSecret() {
  const secret = new URLSearchParams(location.hash.slice(1)).get('k');
  return secret ? secret.trim() : null;
}

const LINK_THROUGH_SIGNIN = 'ensemble.link-through-signin';

/**
 * Keeps the secret of the link a page was opened with across the sign-in, which comes back without
 * the fragment: the secret must not travel to the server in the `to` address, where logs keep it.
 */
export function keepLinkThroughSignin(roomId, secret) {
  sessionStorage.setItem(LINK_THROUGH_SIGNIN, JSON.stringify({ roomId, secret }));
}

/** The secret kept for `roomId` before the sign-in, once; null if none. */
export function takeLinkKeptThroughSignin(roomId) {
  const kept = sessionStorage.getItem(LINK_THROUGH_SIGNIN);
  sessionStorage.removeItem(LINK_THROUGH_SIGNIN);
  try {
    const { roomId: keptFor, secret } = JSON.parse(kept ?? 'null') ?? {};
    return keptFor === roomId && typeof secret === 'string' ? secret : null;
  } catch {
    return null;
  }
}

/** The address of a room reached with `secret`, or the bare room address without one. */
export function roomLink(roomId, secret = null) {
  const url = roomUrl(roomId);
  return secret ? `${url}#k=${secret}` : url;
}

/**
 * The room and the secret a link names: {roomId, secret} from a pasted address (absolute, or
 * relative to the application: r/…), or {error} saying what is wrong with it in the user's words.
 */
export function parseLink(text, roomIdPattern) {
  let url;
  try {
    url = new URL(text.trim(), appUrl());
  } catch {
    return { error: 'This is not a link. Paste the whole address you were sent.' };
  }
  const roomId = roomOf(url.href);
  if (roomId === null || !roomIdPattern.test(roomId)) {
    return { error: `This is not a link to a room of this site (${location.host}).` };
  }
  const secret = new URLSearchParams(url.hash.slice(1)).get('k');
  if (!secret) {
    return {
      error: 'This link has no key (the part from "#k=" on). Paste the whole link you were sent.',
    };
  }
  return { roomId, secret };
}

// ---- the rooms this browser opened ----
//
// localStorage `ensemble.rooms`: room id → {ownerKey?, links: {linkId: {role, secret}}, secret?,
// role?, openedAt}. `links` are the links this browser created, whose secrets the server does not
// keep; `secret` is the link this browser was let in with, `role` what it gave last.

function readRooms() {
  try {
    const rooms = JSON.parse(localStorage.getItem(ROOMS_KEY) ?? '{}');
    return rooms && typeof rooms === 'object' && !Array.isArray(rooms) ? rooms : {};
  } catch {
    return {};
  }
}

function writeRooms(rooms) {
  const newestFirst = Object.entries(rooms).sort(
    ([, a], [, b]) => (b.openedAt ?? 0) - (a.openedAt ?? 0),
  );
  const owned = newestFirst.filter(([, entry]) => entry.ownerKey).length;
  let others = Math.max(0, MAX_ROOMS - owned);
  const kept = newestFirst.filter(([, entry]) => entry.ownerKey || others-- > 0);
  localStorage.setItem(ROOMS_KEY, JSON.stringify(Object.fromEntries(kept)));
}

function update(roomId, change) {
  const rooms = readRooms();
  const entry = { links: {}, ...rooms[roomId] };
  change(entry);
  rooms[roomId] = entry;
  writeRooms(rooms);
}

/** What this browser holds for the room, or null. */
export function remembered(roomId) {
  const entry = readRooms()[roomId];
  return entry ? { links: {}, ...entry } : null;
}

/** The rooms this browser opened, newest first, each with its id. */
export function recentRooms() {
  return Object.entries(readRooms())
    .map(([id, entry]) => ({ links: {}, ...entry, id }))
    .sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0));
}

/** A room just created here: its owner key and the links that came with it. */
export function rememberCreated(room) {
  update(room.id, (entry) => {
    entry.ownerKey = room.ownerKey;
    entry.role = 'owner';
    entry.openedAt = Date.now();
    for (const link of room.links ?? []) {
      entry.links[link.id] = { role: link.role, secret: link.secret };
    }
  });
}

/**
 * Opens a room the server just created: as its owner with its edit link where there are keys (the
 * owner key exists only in this browser from now on: the server keeps its hash), else by address.
 */
export function openCreated(room) {
  if (room.ownerKey) {
    rememberCreated(room);
    const edit = room.links?.find((link) => link.role === 'editor');
    location.assign(roomLink(room.id, edit?.secret));
  } else {
    location.assign(roomUrl(room.id));
  }
}

/** The server let this browser in with `secret` as `role`. */
export function rememberOpened(roomId, secret, role) {
  update(roomId, (entry) => {
    if (secret && secret !== entry.ownerKey) {
      entry.secret = secret;
    }
    entry.role = role;
    entry.openedAt = Date.now();
  });
}

/** A link the owner created or changed here; its secret only if the server just showed it. */
export function rememberLink(roomId, link) {
  update(roomId, (entry) => {
    const known = entry.links[link.id];
    const secret = link.secret ?? known?.secret;
    if (secret) {
      entry.links[link.id] = { role: link.role, secret };
    }
  });
}

/** Forgets the links of the room that the server no longer has (revoked, or expired and gone). */
export function keepOnlyLinks(roomId, linkIds) {
  const live = new Set(linkIds);
  update(roomId, (entry) => {
    for (const [id, link] of Object.entries(entry.links)) {
      if (!live.has(id)) {
        delete entry.links[id];
        if (entry.secret === link.secret) {
          delete entry.secret;
        }
      }
    }
  });
}

/**
 * The server turned `secret` down for the room. A room that does not exist is forgotten; a link
 * secret that no longer works is, and the room with it when nothing else of it is held. An owner
 * key is never dropped: losing it would lose the room.
 */
export function forgetRefused(roomId, code, secret) {
  const rooms = readRooms();
  const entry = rooms[roomId];
  if (!entry || secret === entry.ownerKey) {
    return;
  }
  if (code === 'room-not-found') {
    delete rooms[roomId];
  } else if (secret && secret === entry.secret) {
    delete entry.secret;
    if (Object.keys(entry.links ?? {}).length === 0) {
      delete rooms[roomId];
    }
  }
  writeRooms(rooms);
}

/** The secret to open the room with: the owner key if held, else the link's, else a known one. */
export function secretFor(roomId, fromLink) {
  const entry = remembered(roomId);
  return entry?.ownerKey ?? fromLink ?? entry?.secret ?? null;
}

/**
 * The link to give for a room: the one this browser came in with, else one it created, an edit
 * link before a view link; null when it knows none.
 */
export function shareableSecret(entry) {
  if (!entry) {
    return null;
  }
  const links = Object.values(entry.links);
  const pick = (role) => links.find((link) => link.role === role)?.secret;
  return entry.secret ?? pick('editor') ?? pick('viewer') ?? null;
}

// ---- the owner's REST calls ----

/** A refusal of the REST API, with its stable code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls `path` of the REST API (`rooms`, `rooms/{id}/links`) with `secret` as bearer; resolves to
 * the parsed body (null for 204).
 */
export async function api(path, { method = 'GET', secret = null, body } = {}) {
  const headers = {};
  if (secret) {
    headers.Authorization = `Bearer ${secret}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(apiUrl(path), {
    method,
    headers,
    cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) {
    return null;
  }
  const parsed = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(
      response.status,
      parsed?.code ?? 'unknown',
      parsed?.message ?? `the server answered ${response.status}`,
    );
  }
  return parsed;
}
