// The start page: create a room; then, as the server's access mode has it, either open a link and
// pick one of the rooms this browser opened (links), or join a room by name and pick one of the
// active rooms (open), or pick one of the rooms the signed-in person owns or was given (signin;
// a browser not signed in is sent to sign in).

import {
  accessMode,
  api,
  openCreated,
  parseLink,
  recentRooms,
  roomLink,
  shareableSecret,
  signinUrl,
} from './access.js';
import { carriesFiles, droppedFile, languageOf, readText } from './files.js';
import { LANGUAGES, fillLanguageSelect } from './languages.js';
import { apiUrl, appPath, roomUrl } from './paths.js';
import { bindThemeToggle } from './theme.js';

const ROOM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const REFRESH_MS = 3000;
const ROLE_NAMES = { owner: 'owner', editor: 'can edit', viewer: 'view only' };
const OPENED = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const $ = (id) => document.getElementById(id);
const languageNames = new Map(LANGUAGES);

fillLanguageSelect($('create-language'));
bindThemeToggle($('theme'));

/** Resolves to the access mode once the server tells it, asking again while it cannot. */
async function learnMode() {
  const error = $('create-error');
  for (;;) {
    try {
      const mode = await accessMode();
      error.hidden = true;
      return mode;
    } catch (e) {
      error.textContent = `Could not reach the server: ${e.message}`;
      error.hidden = false;
      await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
    }
  }
}

const mode = await learnMode();

/** Set (to the page's path) while a sign-in this page started is under way: tried only once. */
const SIGNIN_TRIED = 'ensemble.signin-tried';
/** True once the page is on its way to sign in, or shows the Sign in button: no more refreshes. */
let stopped = false;

/** Not signed in (signin mode): off to the issuer once; if that did not help, a Sign in button. */
function needSignin() {
  stopped = true;
  const page = appPath();
  if (sessionStorage.getItem(SIGNIN_TRIED) !== page) {
    sessionStorage.setItem(SIGNIN_TRIED, page);
    location.assign(signinUrl(page));
    return;
  }
  sessionStorage.removeItem(SIGNIN_TRIED);
  $('create-panel').hidden = true;
  $('active-panel').hidden = true;
  $('signout').hidden = true;
  $('signin-panel').hidden = false;
}

/** Creates a room of `body` ({language, content}) and opens it, as its owner where there are keys. */
async function createRoom(body, button, error) {
  button.disabled = true;
  error.hidden = true;
  try {
    openCreated(await api('rooms', { method: 'POST', body }));
  } catch (e) {
    if (mode === 'signin' && e.status === 401) {
      needSignin();
      return;
    }
    error.textContent = `Could not create a room: ${e.message}`;
    error.hidden = false;
    button.disabled = false;
  }
}

$('create-room').disabled = false;
$('create-room').addEventListener('click', () =>
  createRoom({ language: $('create-language').value }, $('create-room'), $('create-error')),
);

/** A new room holding a file's text, in the language its name suggests. */
async function createRoomFrom(file) {
  const error = $('create-error');
  let content;
  try {
    // the server knows how much a room holds, and says so if the file is more
    content = await readText(file, Number.MAX_SAFE_INTEGER);
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
    return;
  }
  const language = languageOf(file.name) ?? $('create-language').value;
  await createRoom({ language, content }, $('open-file'), error);
}

$('open-file').disabled = false;
$('open-file').addEventListener('click', () => $('open-file-input').click());
$('open-file-input').addEventListener('change', (event) => {
  const file = event.target.files[0];
  event.target.value = '';
  if (file) {
    createRoomFrom(file);
  }
});
document.addEventListener('dragover', (event) => {
  if (carriesFiles(event) && !$('create-panel').hidden) {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }
});
document.addEventListener('drop', (event) => {
  const file = droppedFile(event);
  if (file && !$('create-panel').hidden) {
    event.preventDefault();
    createRoomFrom(file);
  }
});

if (mode === 'links') {
  $('open-panel').hidden = false;
  $('recent-panel').hidden = false;
  showRecentRooms();
  // another tab may open or create rooms meanwhile
  window.addEventListener('storage', showRecentRooms);
} else if (mode === 'signin') {
  $('room-list-title').textContent = 'Your rooms';
  $('room-list-empty').textContent =
    'You have no rooms yet: create one, or ask someone to share theirs with you.';
  $('signout').hidden = false;
  $('active-panel').hidden = false;
  refreshRooms();
} else {
  $('join-panel').hidden = false;
  $('active-panel').hidden = false;
  refreshRooms();
}

// ---- links mode ----

$('open-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const error = $('open-error');
  const link = parseLink($('open-link').value, ROOM_ID);
  if (link.error) {
    error.textContent = link.error;
    error.hidden = false;
    $('open-link').focus();
    return;
  }
  error.hidden = true;
  location.assign(roomLink(link.roomId, link.secret));
});

$('open-link').addEventListener('input', () => {
  $('open-error').hidden = true;
});

function showRecentRooms() {
  const rooms = recentRooms();
  $('recent-list').replaceChildren(...rooms.map(recentItem));
  $('recent-empty').hidden = rooms.length > 0;
}

function recentItem(room) {
  const item = document.createElement('li');
  item.dataset.room = room.id;
  const link = document.createElement('a');
  // an owner comes back with the owner key the page finds in this browser
  link.href = roomLink(room.id, shareableSecret(room));
  const role = room.ownerKey ? 'owner' : room.role;
  const opened = span('room-opened', room.openedAt ? OPENED.format(new Date(room.openedAt)) : '');
  link.append(
    span('room-id', room.id),
    ' ',
    span('room-role', ROLE_NAMES[role] ?? ''),
    ' ',
    opened,
  );
  item.dataset.role = role ?? '';
  item.append(link);
  return item;
}

// ---- open mode ----

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('join-name').value.trim();
  const error = $('join-error');
  if (!ROOM_ID.test(name)) {
    error.textContent =
      'A room name is 1 to 64 letters, digits, "-" or "_", starting with a letter or digit.';
    error.hidden = false;
    $('join-name').focus();
    return;
  }
  error.hidden = true;
  location.assign(roomUrl(name));
});

$('join-name').addEventListener('input', () => {
  $('join-error').hidden = true;
});

async function refreshRooms() {
  const error = $('room-list-error');
  try {
    const response = await fetch(apiUrl('rooms'), { cache: 'no-store' });
    if (mode === 'signin' && response.status === 401) {
      needSignin();
      return;
    }
    if (mode === 'signin') {
      sessionStorage.removeItem(SIGNIN_TRIED);
    }
    if (!response.ok) {
      throw new Error(`the server answered ${response.status}`);
    }
    showRooms(await response.json());
    error.hidden = true;
  } catch (e) {
    error.textContent = `Could not load the rooms: ${e.message}`;
    error.hidden = false;
  }
  if (!stopped) {
    setTimeout(refreshRooms, REFRESH_MS);
  }
}

function showRooms(rooms) {
  const sorted = [...rooms].sort((a, b) => b.sessions - a.sessions || a.id.localeCompare(b.id));
  $('room-list').replaceChildren(...sorted.map(roomItem));
  $('room-list-empty').hidden = rooms.length > 0;
}

function roomItem(room) {
  const item = document.createElement('li');
  item.dataset.room = room.id;
  const link = document.createElement('a');
  link.href = roomUrl(room.id);
  const id = span('room-id', room.id);
  const language = span('room-language', languageNames.get(room.language) ?? room.language);
  const count = span('room-count', String(room.sessions));
  count.title = `${room.sessions} ${room.sessions === 1 ? 'person' : 'people'} editing`;
  link.append(id, ' ', language, ' ', count);
  item.append(link);
  return item;
}

function span(className, text) {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}
