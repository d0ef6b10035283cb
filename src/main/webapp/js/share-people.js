// The owner's Share dialog in signin mode: the people and groups the room is shared with, each as
// editor or viewer, and whether everyone signed in may open it. Every change is saved at once: the
// dialog sends the whole sharing with PUT and shows what the server answers.

import { api } from './access.js';

const ROLE_NAMES = { editor: 'Can edit', viewer: 'View only' };
const KIND_NAMES = { people: 'Person', groups: 'Group' };

const $ = (id) => document.getElementById(id);

export class PeopleShareDialog {
  #dialog;
  #path;
  /** The sharing as the server last said: {people, groups, everyone}. */
  #sharing = { people: {}, groups: {}, everyone: null };

  /** `links` is the dialog of the room's share links, one step away from this one. */
  constructor(dialog, roomId, links) {
    this.#dialog = dialog;
    $('share-people-links').addEventListener('click', () => {
      this.close();
      links.open();
    });
    this.#path = `rooms/${encodeURIComponent(roomId)}/access`;
    dialog.querySelector('.dialog-close').addEventListener('click', () => dialog.close());
    $('share-add').addEventListener('submit', (event) => {
      event.preventDefault();
      this.#add();
    });
    $('share-add-name').addEventListener('input', () => this.#showError(null));
    $('share-everyone').addEventListener('change', () =>
      this.#save((sharing) => {
        sharing.everyone = $('share-everyone').value || null;
      }),
    );
  }

  open() {
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
      this.#show(await api(this.#path));
    } catch (e) {
      this.#showError(`Could not load who the room is shared with: ${e.message}`);
    }
  }

  #show(access) {
    this.#sharing = {
      people: { ...access.people },
      groups: { ...access.groups },
      everyone: access.everyone ?? null,
    };
    const rows = [];
    for (const kind of ['people', 'groups']) {
      const names = Object.keys(this.#sharing[kind]).sort((a, b) => a.localeCompare(b));
      rows.push(...names.map((name) => this.#row(kind, name, this.#sharing[kind][name])));
    }
    $('share-grants').replaceChildren(...rows);
    $('share-grants-empty').hidden = rows.length > 0;
    $('share-everyone').value = this.#sharing.everyone ?? '';
  }

  #row(kind, name, role) {
    const row = document.createElement('tr');
    row.dataset.kind = kind;
    row.dataset.name = name;
    row.dataset.role = role;

    const who = document.createElement('td');
    who.className = 'grant-who';
    const label = document.createElement('span');
    label.className = 'grant-kind';
    label.textContent = `${KIND_NAMES[kind]} `;
    const shown = document.createElement('span');
    shown.className = 'grant-name';
    shown.textContent = name;
    who.append(label, shown);

    const select = document.createElement('select');
    select.className = 'grant-role';
    select.setAttribute('aria-label', `What ${name} may do`);
    for (const [value, text] of Object.entries(ROLE_NAMES)) {
      select.add(new Option(text, value, false, value === role));
    }
    select.addEventListener('change', () =>
      this.#save((sharing) => {
        sharing[kind][name] = select.value;
      }),
    );
    const roleCell = document.createElement('td');
    roleCell.append(select);

    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'grant-remove';
    remove.textContent = 'Remove';
    remove.addEventListener('click', () =>
      this.#save((sharing) => {
        delete sharing[kind][name];
      }),
    );
    const actions = document.createElement('td');
    actions.className = 'link-actions';
    actions.append(remove);

    row.append(who, roleCell, actions);
    return row;
  }

  #add() {
    const name = $('share-add-name').value.trim();
    if (!name) {
      this.#showError('Type the name of the person or group, as the sign-in gives it.');
      $('share-add-name').focus();
      return;
    }
    const kind = $('share-add-kind').value;
    this.#save((sharing) => {
      sharing[kind][name] = $('share-add-role').value;
    }).then((saved) => {
      if (saved) {
        $('share-add-name').value = '';
      }
    });
  }

  /** Applies `change` to a copy of the sharing and saves it; resolves to whether it was saved. */
  async #save(change) {
    const sharing = {
      people: { ...this.#sharing.people },
      groups: { ...this.#sharing.groups },
      everyone: this.#sharing.everyone,
    };
    change(sharing);
    this.#showError(null);
    this.#dialog.classList.add('saving');
    try {
      this.#show(await api(this.#path, { method: 'PUT', body: sharing }));
      return true;
    } catch (e) {
      this.#showError(`Could not change the sharing: ${e.message}`);
      await this.#load();
      return false;
    } finally {
      this.#dialog.classList.remove('saving');
    }
  }

  #showError(text) {
    const error = $('share-people-error');
    error.textContent = text ?? '';
    error.hidden = text === null;
  }
}
