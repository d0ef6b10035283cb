// Between a Monaco model and the protocol: the user's edits become operations, and operations of
// others become model edits that neither come back as local edits nor drag the user's caret.

import { TextOperation } from './ot.js';

export class MonacoBinding {
  #monaco;
  #editor;
  #model;
  /** True while this binding changes the model itself, so that its own changes are not reported. */
  #applying = false;

  /** onLocalEdit(op) gets one operation per change event of the user. */
  constructor(monaco, editor, onLocalEdit) {
    this.#monaco = monaco;
    this.#editor = editor;
    this.#model = editor.getModel();
    this.#model.onDidChangeContent((event) => {
      if (!this.#applying) {
        onLocalEdit(operationOf(event.changes, this.#model.getValueLength()));
      }
    });
  }

  /** Replaces the whole text, as for a room's first snapshot. */
  setText(text) {
    this.#quietly(() => {
      this.#model.setValue(text);
      // offsets must be the server's: one unit per line break
      this.#model.setEOL(this.#monaco.editor.EndOfLineSequence.LF);
    });
  }

  /**
   * Applies someone else's operation. Returns true when it moved the user's carets differently
   * from how the server moves this user's published presence, so that it must be sent again.
   */
  applyRemote(op) {
    const before = this.#editor.getSelections().map((s) => this.#selectionOffsets(s));
    let republish = false;
    this.#quietly(() => {
      this.#model.applyEdits(this.#editsOf(op));
      // a caret standing exactly at a remote insert stays before it, as the user was there
      // first and their next keystrokes belong there; a selection does not grow at its edges
      const after = before.map(([anchor, head]) => {
        if (anchor === head) {
          const p = TextOperation.transformPosition(head, op, true);
          republish ||= p !== TextOperation.transformPosition(head, op, false);
          return [p, p];
        }
        const forward = anchor < head;
        const start = TextOperation.transformPosition(Math.min(anchor, head), op, false);
        const end = Math.max(
          start,
          TextOperation.transformPosition(Math.max(anchor, head), op, true),
        );
        republish ||= end !== TextOperation.transformPosition(Math.max(anchor, head), op, false);
        return forward ? [start, end] : [end, start];
      });
      const current = this.#editor.getSelections().map((s) => this.#selectionOffsets(s));
      if (JSON.stringify(current) !== JSON.stringify(after)) {
        this.#editor.setSelections(after.map(([anchor, head]) => this.#selectionAt(anchor, head)));
      }
    });
    return republish;
  }

  /** Applies an operation as the user's own (undo, redo); the caret goes to its last change. */
  applyLocal(op) {
    this.#model.applyEdits(this.#editsOf(op));
    const caret = this.#model.getPositionAt(lastChangeEnd(op));
    this.#editor.setPosition(caret);
    this.#editor.revealPositionInCenterIfOutsideViewport(caret);
  }

  /** The user's selections as [anchor, head] offsets. */
  selections() {
    return this.#editor.getSelections().map((s) => this.#selectionOffsets(s));
  }

  /** Calls `listener` when the user moves a caret or selection, not when a remote edit does. */
  onSelectionChange(listener) {
    this.#editor.onDidChangeCursorSelection(() => {
      if (!this.#applying) {
        listener();
      }
    });
  }

  #quietly(change) {
    this.#applying = true;
    try {
      change();
    } finally {
      this.#applying = false;
    }
  }

  /** Model edits for `op`, with ranges in the model as it is before them, as applyEdits wants. */
  #editsOf(op) {
    const edits = [];
    let index = 0;
    let start = -1;
    let text = '';
    const flush = () => {
      if (start >= 0) {
        const range = this.#monaco.Range.fromPositions(
          this.#model.getPositionAt(start),
          this.#model.getPositionAt(index),
        );
        edits.push({ range, text });
        start = -1;
        text = '';
      }
    };
    for (const c of op.components) {
      if (typeof c === 'number' && c > 0) {
        flush();
        index += c;
      } else {
        if (start < 0) {
          start = index;
        }
        if (typeof c === 'string') {
          text += c;
        } else {
          index -= c;
        }
      }
    }
    flush();
    return edits;
  }

  #selectionOffsets(selection) {
    return [
      this.#model.getOffsetAt({
        lineNumber: selection.selectionStartLineNumber,
        column: selection.selectionStartColumn,
      }),
      this.#model.getOffsetAt({
        lineNumber: selection.positionLineNumber,
        column: selection.positionColumn,
      }),
    ];
  }

  #selectionAt(anchor, head) {
    const a = this.#model.getPositionAt(anchor);
    const h = this.#model.getPositionAt(head);
    return new this.#monaco.Selection(a.lineNumber, a.column, h.lineNumber, h.column);
  }
}

/**
 * One operation for one change event. Monaco gives every change of an event (multi-cursor typing,
 * paste, replace all) in offsets of the document before the event, without overlaps.
 */
function operationOf(changes, lengthAfter) {
  let lengthBefore = lengthAfter;
  for (const c of changes) {
    lengthBefore += c.rangeLength - c.text.length;
  }
  const sorted = [...changes].sort((x, y) => x.rangeOffset - y.rangeOffset);
  const builder = TextOperation.builder();
  let pos = 0;
  for (const c of sorted) {
    builder
      .retain(c.rangeOffset - pos)
      .delete(c.rangeLength)
      .insert(c.text);
    pos = c.rangeOffset + c.rangeLength;
  }
  return builder.retain(lengthBefore - pos).build();
}

/** Where the last insert or delete of `op` ends in the document it produces. */
function lastChangeEnd(op) {
  let target = 0;
  let end = 0;
  for (const c of op.components) {
    if (typeof c === 'string') {
      target += c.length;
      end = target;
    } else if (c > 0) {
      target += c;
    } else {
      end = target;
    }
  }
  return end;
}

/**
 * Monaco keeps every line break as "\n" and turns "\r\n" and "\r" into it, so text holding them
 * (a file created over the REST API, an edit of a non-browser client) would leave the model and
 * the document out of step. The operation that makes `text` what Monaco shows, or null.
 *
 * Every page in the room sends this fix at once. For "\r\n" it only deletes, and concurrent
 * deletes of one unit count once, so the room converges on one "\n". A lone "\r" (old Mac files,
 * rare) needs an insert, which every page makes: it may leave a blank line per page, which is still
 * better than joining the two lines.
 */
export function lineEndingFix(text) {
  if (!text.includes('\r')) {
    return null;
  }
  const builder = TextOperation.builder();
  let pos = 0;
  for (const match of text.matchAll(/\r\n?/g)) {
    builder.retain(match.index - pos);
    if (match[0] === '\r\n') {
      builder.delete(1);
    } else {
      builder.insert('\n').delete(1);
    }
    pos = match.index + 1;
  }
  return builder.retain(text.length - pos).build();
}
