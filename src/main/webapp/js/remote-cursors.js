// The carets and selections of the other people in the room, kept as offsets of the local document
// and moved through every operation applied to it, drawn as Monaco decorations with a name label.

import { shade, textOn } from './colours.js';
import { TextOperation } from './ot.js';
import { theme } from './theme.js';

export class RemoteCursors {
  #monaco;
  #editor;
  #styles;
  /** clientId → {name, color, selections, decorations, widget, label, styleRule} */
  #cursors = new Map();
  /** Class names must not carry client ids, which may hold any character; a counter names them. */
  #nextClass = 1;

  constructor(monaco, editor) {
    this.#monaco = monaco;
    this.#editor = editor;
    this.#styles = document.head.appendChild(document.createElement('style'));
    this.#styles.id = 'remote-cursor-styles';
  }

  /**
   * Shows where someone is: selections are [anchor, head] offsets of the local document; the
   * colour must be a checked #hex colour, as it goes into a style sheet.
   */
  set({ clientId, name, color, selections }) {
    let cursor = this.#cursors.get(clientId);
    if (!cursor) {
      cursor = this.#create(clientId);
      this.#cursors.set(clientId, cursor);
    }
    cursor.name = name;
    cursor.color = color;
    cursor.selections = selections;
    this.#render(cursor);
  }

  /** Where someone's caret is (a Monaco position), or null when unknown. */
  positionOf(clientId) {
    return this.#cursors.get(clientId)?.position ?? null;
  }

  /** Draws every cursor again, in the shades of the theme now shown. */
  refresh() {
    for (const cursor of this.#cursors.values()) {
      this.#render(cursor);
    }
  }

  remove(clientId) {
    const cursor = this.#cursors.get(clientId);
    if (cursor) {
      cursor.decorations.clear();
      this.#editor.removeContentWidget(cursor.widget);
      cursor.style.remove();
      this.#cursors.delete(clientId);
    }
  }

  clear() {
    for (const clientId of [...this.#cursors.keys()]) {
      this.remove(clientId);
    }
  }

  /** Moves every cursor through an operation just applied to the local document. */
  transform(op) {
    const move = (p) => TextOperation.transformPosition(Math.min(p, op.baseLength), op, false);
    for (const cursor of this.#cursors.values()) {
      cursor.selections = cursor.selections.map(([anchor, head]) => [move(anchor), move(head)]);
      this.#render(cursor);
    }
  }

  /** [{clientId, name, offset}], offset being the caret of each person's first selection. */
  list() {
    return [...this.#cursors.entries()]
      .filter(([, cursor]) => cursor.selections.length > 0)
      .map(([clientId, cursor]) => ({
        clientId,
        name: cursor.name,
        offset: cursor.selections[0][1],
      }));
  }

  #create(clientId) {
    const className = `remote-${this.#nextClass++}`;
    const label = document.createElement('div');
    label.className = 'remote-cursor-label';
    label.dataset.client = clientId;
    const cursor = {
      className,
      label,
      position: null,
      selections: [],
      decorations: this.#editor.createDecorationsCollection(),
      style: this.#styles.appendChild(document.createTextNode('')),
    };
    const { ContentWidgetPositionPreference } = this.#monaco.editor;
    cursor.widget = {
      getId: () => `ensemble.${className}`,
      getDomNode: () => label,
      getPosition: () =>
        cursor.position && {
          position: cursor.position,
          preference: [
            ContentWidgetPositionPreference.ABOVE,
            ContentWidgetPositionPreference.BELOW,
          ],
        },
    };
    this.#editor.addContentWidget(cursor.widget);
    return cursor;
  }

  #render(cursor) {
    const model = this.#editor.getModel();
    const length = model.getValueLength();
    const { className } = cursor;
    const color = shade(cursor.color, theme());
    cursor.style.data =
      `.${className}-selection { background: color-mix(in srgb, ${color} 25%, transparent); }\n` +
      `.${className}-caret { border-left-color: ${color}; }\n`;
    cursor.label.textContent = cursor.name;
    cursor.label.style.background = color;
    cursor.label.style.color = textOn(color);
    cursor.decorations.set(
      cursor.selections.map(([anchor, head]) => {
        const from = model.getPositionAt(Math.min(anchor, head, length));
        const to = model.getPositionAt(Math.min(Math.max(anchor, head), length));
        const caret = `remote-caret ${className}-caret`;
        return {
          range: this.#monaco.Range.fromPositions(from, to),
          options: {
            className: `${className}-selection`,
            stickiness: this.#monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
            // the caret is drawn on the side of the head
            beforeContentClassName: head <= anchor ? caret : null,
            afterContentClassName: head > anchor ? caret : null,
          },
        };
      }),
    );
    const head = cursor.selections[0]?.[1];
    cursor.position = head === undefined ? null : model.getPositionAt(Math.min(head, length));
    this.#editor.layoutContentWidget(cursor.widget);
  }
}
