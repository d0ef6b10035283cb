// Undo and redo of this user's own edits only. The stacks hold inverse operations; every operation
// of someone else is transformed into them, so an undo takes back exactly what this user did, at
// wherever it has moved to, and leaves the others' edits alone.

import { TextOperation } from './ot.js';

const GROUP_MS = 500;

export class UndoManager {
  #undoStack = [];
  #redoStack = [];
  #lastEditAt = -Infinity;
  /** Set while an undo or redo is being applied, whose edit must not be recorded as a new one. */
  #replaying = false;
  #text;
  #apply;

  /** text() is the current document; apply(op) makes op a local edit of the editor. */
  constructor(text, apply) {
    this.#text = text;
    this.#apply = apply;
  }

  /** Records a local edit made on the document `before`; quick keystrokes make one step. */
  record(op, before) {
    if (this.#replaying || op.isNoop()) {
      return;
    }
    const inverse = op.invert(before);
    const now = performance.now();
    const top = this.#undoStack.at(-1);
    if (top && now - this.#lastEditAt < GROUP_MS) {
      this.#undoStack[this.#undoStack.length - 1] = inverse.compose(top);
    } else {
      this.#undoStack.push(inverse);
    }
    this.#lastEditAt = now;
    this.#redoStack = [];
  }

  /** Makes the stacks fit the document after someone else's `op`. */
  transform(op) {
    this.#undoStack = transformStack(this.#undoStack, op);
    this.#redoStack = transformStack(this.#redoStack, op);
    // what comes after another person's edit is a new step
    this.#lastEditAt = -Infinity;
  }

  /** Ends the current step: the next edit starts one of its own, however soon it comes. */
  separate() {
    this.#lastEditAt = -Infinity;
  }

  clear() {
    this.#undoStack = [];
    this.#redoStack = [];
  }

  undo() {
    this.#replay(this.#undoStack, this.#redoStack);
  }

  redo() {
    this.#replay(this.#redoStack, this.#undoStack);
  }

  #replay(from, to) {
    const op = from.pop();
    if (!op) {
      return;
    }
    to.push(op.invert(this.#text()));
    this.#lastEditAt = -Infinity;
    this.#replaying = true;
    try {
      this.#apply(op);
    } finally {
      this.#replaying = false;
    }
  }
}

/**
 * Each entry applies to the document the entry above it leaves, so `op` is carried down the stack,
 * itself transformed past every entry it crosses. Entries that no longer change anything go.
 */
function transformStack(stack, op) {
  const transformed = [];
  let incoming = op;
  for (let i = stack.length - 1; i >= 0; i--) {
    const [entry, rest] = TextOperation.transform(stack[i], incoming);
    if (!entry.isNoop()) {
      transformed.push(entry);
    }
    incoming = rest;
  }
  return transformed.reverse();
}
