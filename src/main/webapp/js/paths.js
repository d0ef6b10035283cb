// Every address of the application. The WAR runs under any context root (`/`, `/ensemble`), so no
// page or script names a path from the server's root: they all start from the application's root,
// found as the folder above this script's own (`<root>/js/paths.js`), which is the same from every
// page, unlike the page's own address (`<root>/` or `<root>/r/{id}`).

const ROOT = new URL('../', import.meta.url);

/** The absolute address of `path`, a path inside the application without a leading slash. */
export function appUrl(path = '') {
  return new URL(path, ROOT).href;
}

/** The REST API's address of `path` (`rooms`, `rooms/{id}/links`). */
export function apiUrl(path) {
  return appUrl(`api/${path}`);
}

/** A room's page, without a key. */
export function roomUrl(roomId) {
  return appUrl(`r/${encodeURIComponent(roomId)}`);
}

/** A room's WebSocket: ws: or wss: as the page itself came. */
export function socketUrl(roomId) {
  const url = new URL(`ws/rooms/${encodeURIComponent(roomId)}`, ROOT);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/**
 * The path of `url` inside the application, from its root: `/` for the start page, `/r/{id}` for
 * a room; null when `url` is not of this application.
 */
export function appPath(url = location.href) {
  const parsed = new URL(url, ROOT);
  if (parsed.origin !== ROOT.origin || !parsed.pathname.startsWith(ROOT.pathname)) {
    return null;
  }
  return `/${parsed.pathname.slice(ROOT.pathname.length)}`;
}

/** The room whose page `url` is (`<root>/r/{id}`), or null. */
export function roomOf(url = location.href) {
  const match = /^\/r\/([^/]+)$/.exec(appPath(url) ?? '');
  return match ? decodeURIComponent(match[1]) : null;
}
