// The start page: create a room, join one by name, or pick one of the active rooms.

import { LANGUAGES, fillLanguageSelect } from './languages.js';

const ROOM_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const REFRESH_MS = 3000;

const $ = (id) => document.getElementById(id);
const languageNames = new Map(LANGUAGES);

fillLanguageSelect($('create-language'));

$('create-room').addEventListener('click', async () => {
  const button = $('create-room');
  const error = $('create-error');
  button.disabled = true;
  error.hidden = true;
  try {
    const response = await fetch('/api/rooms', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ language: $('create-language').value }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.message ?? `the server answered ${response.status}`);
    }
    location.assign(roomUrl(body.id));
  } catch (e) {
    error.textContent = `Could not create a room: ${e.message}`;
    error.hidden = false;
    button.disabled = false;
  }
});

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

function roomUrl(id) {
  return `/r/${encodeURIComponent(id)}`;
}

async function refreshRooms() {
  const error = $('room-list-error');
  try {
    const response = await fetch('/api/rooms', { cache: 'no-store' });
    if (!response.ok) {
      throw new Error(`the server answered ${response.status}`);
    }
    showRooms(await response.json());
    error.hidden = true;
  } catch (e) {
    error.textContent = `Could not load the active rooms: ${e.message}`;
    error.hidden = false;
  } finally {
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

refreshRooms();
