// The people in the room as chips: this user first, marked "(you)", then the others by name.

import { shade } from './colours.js';
import { theme } from './theme.js';

export class People {
  #list;
  #self = null;
  /** clientId → {name, color} */
  #others = new Map();

  constructor(list) {
    this.#list = list;
  }

  setSelf(clientId, name, color) {
    this.#self = { clientId, name, color };
    this.#render();
  }

  /** Adds or updates someone; renders only when what shows changed, as presence comes often. */
  upsert(clientId, name, color) {
    const known = this.#others.get(clientId);
    if (known?.name !== name || known?.color !== color) {
      this.#others.set(clientId, { name, color });
      this.#render();
    }
  }

  /** Everyone else, with the colour each shows. */
  others() {
    return [...this.#others.entries()].map(([clientId, { color }]) => ({ clientId, colour: color }));
  }

  /** Draws the chips again, in the shades of the theme now shown. */
  refresh() {
    this.#render();
  }

  remove(clientId) {
    if (this.#others.delete(clientId)) {
      this.#render();
    }
  }

  clear() {
    this.#others.clear();
    this.#render();
  }

  #render() {
    const others = [...this.#others.entries()].sort(([, a], [, b]) => a.name.localeCompare(b.name));
    const items = others.map(([clientId, person]) => chip(clientId, person));
    if (this.#self) {
      const mine = chip(this.#self.clientId, this.#self);
      mine.classList.add('self');
      // in signin mode the page does not know the signed-in name and calls this user "You"
      if (this.#self.name !== 'You') {
        const you = document.createElement('span');
        you.className = 'person-you';
        you.textContent = '(you)';
        mine.append(you);
      }
      items.unshift(mine);
    }
    this.#list.replaceChildren(...items);
  }
}

function chip(clientId, { name, color }) {
  const item = document.createElement('li');
  item.dataset.client = clientId;
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.background = shade(color, theme());
  const label = document.createElement('span');
  label.className = 'person-name';
  label.textContent = name;
  item.append(swatch, label);
  return item;
}
