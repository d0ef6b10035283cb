// The operation type of Ensemble, a port of dev.ensemble.ot.TextOperation: client and server must
// agree on every result, including the tie-break of transform, or documents drift apart.
//
// Components use the wire form: a positive integer retains, a string inserts, a negative integer
// deletes. Lengths are UTF-16 code units, the unit of JavaScript strings, Java strings and Monaco
// offsets.

const MAX_INT = 2147483647;

/** The one error the OT code throws for malformed input; `problem` mirrors the Java enum. */
export class InvalidOperationError extends Error {
  constructor(problem, message) {
    super(message);
    this.name = 'InvalidOperationError';
    this.problem = problem;
  }
}

const isRetain = (c) => typeof c === 'number' && c > 0;
const isDelete = (c) => typeof c === 'number' && c < 0;
const isInsert = (c) => typeof c === 'string';
const isHighSurrogate = (unit) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit) => unit >= 0xdc00 && unit <= 0xdfff;

/** An immutable edit; build one with TextOperation.builder() or TextOperation.fromJSON(). */
export class TextOperation {
  #components;
  #baseLength;
  #targetLength;

  constructor(components, baseLength, targetLength) {
    this.#components = components;
    this.#baseLength = baseLength;
    this.#targetLength = targetLength;
  }

  static builder() {
    return new Builder();
  }

  /**
   * Reads the wire form [5, "abc", -3, 10]; adjacent components of one kind are merged.
   * Throws InvalidOperationError for anything else, as the Java class does.
   */
  static fromJSON(values) {
    if (values === null || values === undefined) {
      throw new InvalidOperationError('NULL_COMPONENT', 'operation is null');
    }
    if (!Array.isArray(values)) {
      throw new InvalidOperationError('NOT_A_COMPONENT', 'operation is not an array');
    }
    const builder = new Builder();
    values.forEach((value, i) => {
      if (typeof value === 'string') {
        if (value === '') {
          throw new InvalidOperationError('EMPTY_INSERT', `component ${i} inserts an empty string`);
        }
        builder.insert(value);
      } else if (typeof value === 'number') {
        const n = wireInteger(value, i);
        if (n > 0) {
          builder.retain(n);
        } else {
          builder.delete(-n);
        }
      } else if (value === null || value === undefined) {
        throw new InvalidOperationError('NULL_COMPONENT', `component ${i} is null`);
      } else if (Array.isArray(value)) {
        throw new InvalidOperationError('NESTED_ARRAY', `component ${i} is a nested array`);
      } else {
        throw new InvalidOperationError(
          'NOT_A_COMPONENT',
          `component ${i} is a ${typeof value}, not a number or string`,
        );
      }
    });
    return builder.build();
  }

  /** The wire form; JSON.stringify uses it too. */
  toJSON() {
    return [...this.#components];
  }

  /** The components in wire form, read-only. */
  get components() {
    return this.#components;
  }

  get baseLength() {
    return this.#baseLength;
  }

  get targetLength() {
    return this.#targetLength;
  }

  /** True if applying it leaves every document unchanged. */
  isNoop() {
    const c = this.#components;
    return c.length === 0 || (c.length === 1 && isRetain(c[0]));
  }

  apply(doc) {
    this.#requireBaseLength(doc);
    const parts = [];
    let pos = 0;
    for (const c of this.#components) {
      if (isRetain(c)) {
        parts.push(doc.slice(pos, pos + c));
        pos = checkBoundary(doc, pos + c);
      } else if (isInsert(c)) {
        parts.push(c);
      } else {
        pos = checkBoundary(doc, pos - c);
      }
    }
    return parts.join('');
  }

  /** The operation that undoes this one on the document it produces from `doc`. */
  invert(doc) {
    this.#requireBaseLength(doc);
    const inverse = new Builder();
    let pos = 0;
    for (const c of this.#components) {
      if (isRetain(c)) {
        inverse.retain(c);
        pos += c;
      } else if (isInsert(c)) {
        inverse.delete(c.length);
      } else {
        inverse.insert(doc.slice(pos, pos - c));
        pos -= c;
      }
    }
    return inverse.build();
  }

  /** One operation with the effect of this one followed by `next`. */
  compose(next) {
    if (this.#targetLength !== next.baseLength) {
      throw new InvalidOperationError(
        'BASE_LENGTH_MISMATCH',
        `cannot compose: the second operation's base length ${next.baseLength} differs from the ` +
          `first's target length ${this.#targetLength}`,
      );
    }
    const out = new Builder();
    const first = new Cursor(this.#components);
    const second = new Cursor(next.components);
    while (first.kind !== END || second.kind !== END) {
      if (first.kind === DELETE) {
        const n = first.remaining;
        out.delete(n);
        first.skip(n);
      } else if (second.kind === INSERT) {
        out.insert(second.takeText(second.remaining));
      } else {
        // the lengths match, so neither cursor is at its end here
        const n = Math.min(first.remaining, second.remaining);
        const keeps = second.kind === RETAIN;
        if (first.kind === INSERT) {
          if (keeps) {
            out.insert(first.takeText(n));
          } else {
            first.skip(n);
          }
        } else {
          if (keeps) {
            out.retain(n);
          } else {
            out.delete(n);
          }
          first.skip(n);
        }
        second.skip(n);
      }
    }
    return out.build();
  }

  /**
   * Rewrites two operations made on the same document so that each applies after the other:
   * returns [aPrime, bPrime]. `a` is the operation already in the log: when both insert at one
   * position, a's text ends up first.
   */
  static transform(a, b) {
    if (a.baseLength !== b.baseLength) {
      throw new InvalidOperationError(
        'BASE_LENGTH_MISMATCH',
        `cannot transform operations with base lengths ${a.baseLength} and ${b.baseLength}`,
      );
    }
    const aPrime = new Builder();
    const bPrime = new Builder();
    const x = new Cursor(a.components);
    const y = new Cursor(b.components);
    while (x.kind !== END || y.kind !== END) {
      if (x.kind === INSERT) {
        const text = x.takeText(x.remaining);
        aPrime.insert(text);
        bPrime.retain(text.length);
      } else if (y.kind === INSERT) {
        const text = y.takeText(y.remaining);
        aPrime.retain(text.length);
        bPrime.insert(text);
      } else {
        const n = Math.min(x.remaining, y.remaining);
        const aDeletes = x.kind === DELETE;
        const bDeletes = y.kind === DELETE;
        if (!aDeletes && !bDeletes) {
          aPrime.retain(n);
          bPrime.retain(n);
        } else if (aDeletes && !bDeletes) {
          aPrime.delete(n);
        } else if (bDeletes && !aDeletes) {
          bPrime.delete(n);
        }
        x.skip(n);
        y.skip(n);
      }
    }
    return [aPrime.build(), bPrime.build()];
  }

  /**
   * Where a position of the base document ends up after `op`. Inside a deleted range it moves to
   * the range's start; at an insert exactly at it, ownInsertFirst = true keeps it before the
   * inserted text, false moves it after.
   */
  static transformPosition(index, op, ownInsertFirst) {
    if (!Number.isInteger(index) || index < 0 || index > op.baseLength) {
      throw new InvalidOperationError(
        'POSITION_OUT_OF_RANGE',
        `position ${index} is outside a document of ${op.baseLength} units`,
      );
    }
    let pos = 0;
    let moved = index;
    for (const c of op.components) {
      if (pos > index) {
        break;
      }
      if (isInsert(c)) {
        if (pos < index || !ownInsertFirst) {
          moved += c.length;
        }
      } else if (isRetain(c)) {
        pos += c;
      } else {
        moved -= Math.min(-c, index - pos);
        pos -= c;
      }
    }
    return moved;
  }

  #requireBaseLength(doc) {
    if (typeof doc !== 'string') {
      throw new InvalidOperationError('NULL_COMPONENT', 'document is not a string');
    }
    if (doc.length !== this.#baseLength) {
      throw new InvalidOperationError(
        'BASE_LENGTH_MISMATCH',
        `operation base length ${this.#baseLength} differs from document length ${doc.length}`,
      );
    }
  }
}

/**
 * Builds operations in canonical form: no empty components, neighbours of one kind merged, an
 * insert before an adjacent delete.
 */
class Builder {
  #components = [];
  #baseLength = 0;
  #targetLength = 0;

  retain(n) {
    requireCount('retain', n);
    if (n > 0) {
      this.#baseLength += n;
      this.#targetLength += n;
      const last = this.#last(0);
      if (isRetain(last)) {
        this.#components[this.#components.length - 1] = sum(last, n);
      } else {
        this.#components.push(n);
      }
    }
    return this;
  }

  delete(n) {
    requireCount('delete', n);
    if (n > 0) {
      this.#baseLength += n;
      const last = this.#last(0);
      if (isDelete(last)) {
        this.#components[this.#components.length - 1] = -sum(-last, n);
      } else {
        this.#components.push(-n);
      }
    }
    return this;
  }

  insert(text) {
    if (typeof text !== 'string') {
      throw new InvalidOperationError('NULL_COMPONENT', 'insert text is not a string');
    }
    if (text === '') {
      return this;
    }
    requireWellFormed(text);
    this.#targetLength += text.length;
    const components = this.#components;
    const size = components.length;
    const last = this.#last(0);
    if (isInsert(last)) {
      components[size - 1] = last + text;
    } else if (isDelete(last)) {
      const before = this.#last(1);
      if (isInsert(before)) {
        components[size - 2] = before + text;
      } else {
        components.splice(size - 1, 0, text);
      }
    } else {
      components.push(text);
    }
    return this;
  }

  build() {
    if (this.#baseLength > MAX_INT || this.#targetLength > MAX_INT) {
      throw new InvalidOperationError('OUT_OF_RANGE', `operation spans more than ${MAX_INT} units`);
    }
    return new TextOperation(
      Object.freeze([...this.#components]),
      this.#baseLength,
      this.#targetLength,
    );
  }

  #last(back) {
    return this.#components[this.#components.length - 1 - back];
  }
}

/** The wire number as a non-zero int whose negation is also an int, checked in Java's order. */
function wireInteger(value, index) {
  if (!Number.isFinite(value)) {
    throw new InvalidOperationError(
      'NOT_AN_INTEGER',
      `component ${index} is not a finite number: ${value}`,
    );
  }
  if (value === 0) {
    throw new InvalidOperationError('ZERO_LENGTH', `component ${index} is zero`);
  }
  if (Math.abs(value) > MAX_INT) {
    throw new InvalidOperationError(
      'OUT_OF_RANGE',
      `component ${index} is out of range (|n| > ${MAX_INT}): ${value}`,
    );
  }
  if (!Number.isInteger(value)) {
    throw new InvalidOperationError(
      'NOT_AN_INTEGER',
      `component ${index} is not an integer: ${value}`,
    );
  }
  return value;
}

function requireCount(kind, n) {
  if (!Number.isInteger(n)) {
    throw new InvalidOperationError('NOT_AN_INTEGER', `${kind} count must be an integer, was ${n}`);
  }
  if (n < 0) {
    throw new InvalidOperationError('OUT_OF_RANGE', `${kind} count must not be negative, was ${n}`);
  }
  if (n > MAX_INT) {
    throw new InvalidOperationError(
      'OUT_OF_RANGE',
      `${kind} count spans more than ${MAX_INT} units`,
    );
  }
}

function sum(a, b) {
  if (a + b > MAX_INT) {
    throw new InvalidOperationError('OUT_OF_RANGE', `component spans more than ${MAX_INT} units`);
  }
  return a + b;
}

function requireWellFormed(text) {
  if (text.isWellFormed?.() === true) {
    return;
  }
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      i++;
    } else if (isHighSurrogate(unit) || isLowSurrogate(unit)) {
      throw new InvalidOperationError(
        'UNPAIRED_SURROGATE',
        `insert has an unpaired surrogate at index ${i}`,
      );
    }
  }
}

/** A boundary between components must not fall between the two halves of a surrogate pair. */
function checkBoundary(doc, pos) {
  if (
    pos > 0 &&
    pos < doc.length &&
    isHighSurrogate(doc.charCodeAt(pos - 1)) &&
    isLowSurrogate(doc.charCodeAt(pos))
  ) {
    throw new InvalidOperationError(
      'SPLITS_SURROGATE_PAIR',
      `operation splits the surrogate pair at ${pos - 1}`,
    );
  }
  return pos;
}

const RETAIN = 'retain';
const INSERT = 'insert';
const DELETE = 'delete';
const END = 'end';

/** Walks components in pieces of any size, so that two operations can be traversed in lock step. */
class Cursor {
  #components;
  #index = 0;
  #offset = 0;

  constructor(components) {
    this.#components = components;
  }

  get kind() {
    if (this.#index === this.#components.length) {
      return END;
    }
    const c = this.#components[this.#index];
    return isRetain(c) ? RETAIN : isInsert(c) ? INSERT : DELETE;
  }

  /** Units left in the current component (0 at the end). */
  get remaining() {
    return this.#index === this.#components.length
      ? 0
      : length(this.#components[this.#index]) - this.#offset;
  }

  /** The next n units of the current insert; advances past them. */
  takeText(n) {
    const text = this.#components[this.#index];
    const piece =
      this.#offset === 0 && n === text.length ? text : text.slice(this.#offset, this.#offset + n);
    this.skip(n);
    return piece;
  }

  skip(n) {
    this.#offset += n;
    if (this.#offset === length(this.#components[this.#index])) {
      this.#index++;
      this.#offset = 0;
    }
  }
}

function length(c) {
  return isInsert(c) ? c.length : Math.abs(c);
}
