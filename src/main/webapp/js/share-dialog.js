// The owner's Share dialog: the room's links with their role, age and expiry, and what an owner
// does with them — copy, switch between editing and viewing, revoke, create. The server keeps only
// hashes of the secrets, so a link can be copied only from the browser that created it.

import { api, keepOnlyLinks, remembered, rememberLink, roomLink } from './access.js';
import { bindCopyLink } from './copy-link.js';

const ROLE_NAMES = { editor: 'Can edit', viewer: 'View only' };
const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const $ = (id) => document.getElementById(id);

export class ShareDialog {
  #dialog;
  #roomId;
  #ownerKey;
  #path;

  constructor(dialog, roomId, ownerKey) {
    this.#dialog = dialog;
    this.#roomId = roomId;
    this.#ownerKey = ownerKey;
    this.#path = `rooms/${encodeURIComponent(roomId)}`;
    dialog.querySelector('.dialog-close').addEventListener('click', () => dialog.close());
    $('share-create').addEventListener('submit', (event) => {
      event.preventDefault();
      this.#create();
    });
    bindCopyLink($('share-new-copy'), () => $('share-new-link').value);
  }

  open() {
    $('share-new').hidden = true;
    this.#showError(null);
    if (!this.#dialog.open) {
      this.#dialog.showModal();
    }
    return this.#load();
  }

  close() {
    if (this.#dialog.open) {
      this.#dialog.close();
    }
  }

  async #load() {
    try {
      const { links } = await this.#call('/access');
      keepOnlyLinks(this.#roomId, links.map((link) => link.id));
      this.#show(links);
    } catch (e) {
      this.#showError(`Could not load the links: ${e.message}`);
    }
  }

  #show(links) {
    const known = remembered(this.#roomId)?.links ?? {};
    const sorted = [...links].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
    $('share-links').replaceChildren(...sorted.map((link) => this.#row(link, known[link.id])));
    $('share-links-empty').hidden = links.length > 0;
  }

  /** A row of the table; `known` holds the link's secret if this browser created it. */
  #row(link, known) {
    const row = document.createElement('tr');
    row.dataset.link = link.id;
    row.dataset.role = link.role;
    const expired = link.expiresAt !== null && link.expiresAt <= Date.now();

    const role = document.createElement('select');
    role.className = 'link-role';
    role.setAttribute('aria-label', 'What the link allows');
    for (const [value, label] of Object.entries(ROLE_NAMES)) {
      role.add(new Option(label, value, false, value === link.role));
    }
    role.addEventListener('change', () => this.#changeRole(link, role));

    const expires = cell('link-expires', expiryText(link.expiresAt, expired));
    if (expired) {
      row.classList.add('expired');
    }

    const actions = document.createElement('td');
    actions.className = 'link-actions';
    if (known?.secret) {
      const copy = button('link-copy', 'Copy link');
      bindCopyLink(copy, () => roomLink(this.#roomId, known.secret));
      actions.append(copy);
    } else {
      const note = document.createElement('span');
      note.className = 'link-elsewhere';
      note.textContent = 'made in another browser';
      note.title = 'The server keeps no copy of a link: it can be copied only where it was made.';
      actions.append(note);
    }
    const revoke = button('link-revoke', 'Revoke');
    revoke.addEventListener('click', () => this.#revoke(link, revoke));
    actions.append(revoke);

    const roleCell = document.createElement('td');
    roleCell.append(role);
    row.append(roleCell, cell('link-created', time(link.createdAt)), expires, actions);
    return row;
  }

  async #changeRole(link, select) {
    select.disabled = true;
    this.#showError(null);
    try {
      const changed = await this.#call(`/links/${encodeURIComponent(link.id)}`, {
        method: 'PATCH',
        body: { role: select.value },
      });
      rememberLink(this.#roomId, changed);
    } catch (e) {
      this.#showError(`Could not change the link: ${e.message}`);
    }
    await this.#load();
  }

  async #revoke(link, revoke) {
    revoke.disabled = true;
    this.#showError(null);
    try {
      await this.#call(`/links/${encodeURIComponent(link.id)}`, { method: 'DELETE' });
    } catch (e) {
      // a link that is gone already is what was wanted
      if (e.code !== 'link-not-found') {
        this.#showError(`Could not revoke the link: ${e.message}`);
      }
    }
    await this.#load();
  }

  async #create() {
    const submit = $('share-create').querySelector('button[type=submit]');
    submit.disabled = true;
    this.#showError(null);
    try {
      const body = { role: $('share-role').value };
      const seconds = Number($('share-expiry').value);
      if (seconds > 0) {
        body.expiresInSeconds = seconds;
      }
      const link = await this.#call('/links', { method: 'POST', body });
      rememberLink(this.#roomId, link);
      const field = $('share-new-link');
      field.value = roomLink(this.#roomId, link.secret);
      $('share-new').dataset.role = link.role;
      $('share-new').hidden = false;
      field.select();
      await this.#load();
    } catch (e) {
      this.#showError(`Could not create a link: ${e.message}`);
    } finally {
      submit.disabled = false;
    }
  }

  #call(suffix, options = {}) {
    return api(this.#path + suffix, { ...options, secret: this.#ownerKey });
  }

  #showError(text) {
    const error = $('share-error');
    error.textContent = text ?? '';
    error.hidden = text === null;
  }
}

function expiryText(expiresAt, expired) {
  if (expiresAt === null || expiresAt === undefined) {
    return 'never';
  }
  return expired ? `expired ${time(expiresAt)}` : time(expiresAt);
}

function time(millis) {
  return millis === null || millis === undefined ? '—' : TIME.format(new Date(millis));
}

function cell(className, text) {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}

function button(className, text) {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.textContent = text;
  return element;
}
