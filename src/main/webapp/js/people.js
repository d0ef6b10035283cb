// The people in the room as chips: this user first, marked "(you)", then the others by name.

import { shade } from './colours.js';
import { theme } from './theme.js';

export class People {
  #list;
  #self = null;
  /** clientId → {name, color} */
  #others = new Map();
  #following = null;

  /** `pick(clientId, self)` is called when a chip is clicked: self is true for this user's. */
  constructor(list, pick) {
    this.#list = list;
    list.addEventListener('click', (event) => {
      const item = event.target.closest('li[data-client]');
      if (item) {
        pick(item.dataset.client, item.classList.contains('self'));
      }
    });
  }

  /** Marks whom this user follows; null for nobody. */
  follow(clientId) {
    this.#following = clientId;
    this.#render();
  }

  /** This user; `renamable` when a click on their chip changes their name. */
  setSelf(clientId, name, color, renamable = true) {
    this.#self = { clientId, name, color, renamable };
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
    const items = others.map(([clientId, person]) => {
      const item = chip(clientId, person, `Go to ${person.name}'s cursor and follow it`);
      const followed = clientId === this.#following;
      item.classList.toggle('following', followed);
      item.querySelector('button').setAttribute('aria-pressed', String(followed));
      return item;
    });
    if (this.#self) {
      const mine = chip(
        this.#self.clientId,
        this.#self,
        this.#self.renamable ? 'Change your name' : 'You',
      );
      mine.classList.add('self');
      // in signin mode the page does not know the signed-in name and calls this user "You"
      if (this.#self.name !== 'You') {
        const you = document.createElement('span');
        you.className = 'person-you';
        you.textContent = '(you)';
        mine.querySelector('button').append(you);
      }
      items.unshift(mine);
    }
    this.#list.replaceChildren(...items);
  }
}

function chip(clientId, { name, color }, title) {
  const item = document.createElement('li');
  item.dataset.client = clientId;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'person';
  button.title = title;
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.background = shade(color, theme());
  const label = document.createElement('span');
  label.className = 'person-name';
  label.textContent = name;
  button.append(swatch, label);
  item.append(button);
  return item;
}
