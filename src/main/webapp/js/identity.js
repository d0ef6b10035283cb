// Who this browser is: a name and colour remembered across visits, and the secret key the server
// derives this tab's operation source (src) from, with its sequence numbers, kept per tab so that
// resends after a reconnect or reload are recognised by the server.

import { colourFor, isPaletteColour } from './colours.js';

const NAME_KEY = 'ensemble.name';
const COLOR_KEY = 'ensemble.color';
const KEY_KEY = 'ensemble.key';
const SEQ_KEY = 'ensemble.seq';
const MAX_NAME = 64;

/** How to show someone whose presence may lack a name or carry no usable colour. */
export function shownPerson({ clientId, name, color }) {
  return {
    name: name || 'Anonymous',
    color: /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/.test(color ?? '') ? color : colourFor(clientId),
  };
}

/**
 * The person's name: from ?name= (which also removes it from the address, so that a copied link
 * does not carry it), else remembered, else asked in the page's dialog.
 */
export async function resolveName(dialog, input) {
  const url = new URL(location.href);
  const fromUrl = cleanName(url.searchParams.get('name') ?? '');
  if (fromUrl) {
    url.searchParams.delete('name');
    history.replaceState(null, '', url);
    localStorage.setItem(NAME_KEY, fromUrl);
    return fromUrl;
  }
  return localStorage.getItem(NAME_KEY) || askName(dialog, input);
}

function askName(dialog, input) {
  return new Promise((resolve) => {
    const form = dialog.querySelector('form');
    form.addEventListener('submit', function submitted(event) {
      event.preventDefault();
      const name = cleanName(input.value);
      if (!name) {
        input.focus();
        return;
      }
      form.removeEventListener('submit', submitted);
      localStorage.setItem(NAME_KEY, name);
      dialog.close();
      resolve(name);
    });
    // the page is useless without a name, so Escape must not close the dialog
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    dialog.showModal();
    input.focus();
  });
}

/**
 * Asks for a new name in the page's dialog, `current` filled in; resolves to it, remembered, or to
 * null when the person closes the dialog with Escape.
 */
export function askNewName(dialog, input, current) {
  return new Promise((resolve) => {
    const form = dialog.querySelector('form');
    dialog.querySelector('h2').textContent = 'Change your name';
    form.querySelector('button[type=submit]').textContent = 'Save';
    const done = (name) => {
      form.removeEventListener('submit', submitted);
      dialog.removeEventListener('cancel', cancelled);
      dialog.close();
      resolve(name);
    };
    function submitted(event) {
      event.preventDefault();
      const name = cleanName(input.value);
      if (!name) {
        input.focus();
        return;
      }
      localStorage.setItem(NAME_KEY, name);
      done(name);
    }
    function cancelled() {
      done(null);
    }
    form.addEventListener('submit', submitted);
    dialog.addEventListener('cancel', cancelled);
    input.value = current;
    dialog.showModal();
    input.select();
  });
}

function cleanName(raw) {
  return raw.trim().slice(0, MAX_NAME);
}

/** The colour this browser prefers, remembered: a palette colour chosen by the name at first. */
export function resolveColor(name) {
  let color = localStorage.getItem(COLOR_KEY);
  if (!isPaletteColour(color)) {
    color = colourFor(name);
    localStorage.setItem(COLOR_KEY, color);
  }
  return color;
}

/**
 * This tab's key and a counter of its sequence numbers, both in sessionStorage. The key stays
 * secret: the server derives the tab's src from it, so nobody else can submit under that src. A
 * duplicated tab starts with a copy of that storage; two live pages sharing a key would have the
 * server take one page's edits for resends of the other's, so a page holds a Web Lock on its key
 * and picks a new one when another page holds it.
 */
export async function resolveKey() {
  let key = sessionStorage.getItem(KEY_KEY);
  if (!key || !(await claim(key))) {
    key = randomKey();
    sessionStorage.setItem(KEY_KEY, key);
    sessionStorage.setItem(SEQ_KEY, '1');
    await claim(key);
  }
  let next = Number(sessionStorage.getItem(SEQ_KEY)) || 1;
  return {
    key,
    seqs: {
      take() {
        const seq = next++;
        sessionStorage.setItem(SEQ_KEY, String(next));
        return seq;
      },
    },
  };
}

function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'k' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** True when this page now holds the lock on `key`; Web Locks only exist in secure contexts. */
function claim(key) {
  if (!navigator.locks) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    navigator.locks.request(`ensemble.key.${key}`, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      // held for the page's lifetime
      return lock === null ? undefined : new Promise(() => {});
    });
  });
}
