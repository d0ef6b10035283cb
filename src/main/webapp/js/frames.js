// How operations fit into the server's messages: their size on the wire, and an operation too large
// for one message cut into pieces that, applied one after the other, are the operation.

import { TextOperation } from './ot.js';

/** Room under maxFrameBytes for the rest of an op message ({"type":"op","seq":…,"v":…,"op":…}). */
const ENVELOPE_BYTES = 256;

const isHighSurrogate = (unit) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit) => unit >= 0xdc00 && unit <= 0xdfff;

/** The most bytes the components of one operation may take, for a server's frame limit. */
export function operationBudget(maxFrameBytes) {
  // a margin of 1/32 besides the envelope, so that a count that is off by a little never matters
  return Math.max(64, maxFrameBytes - ENVELOPE_BYTES - Math.ceil(maxFrameBytes / 32));
}

/** Bytes of `op` as JSON in UTF-8, as JSON.stringify writes it and the server counts it. */
export function operationBytes(op) {
  let bytes = 2 + Math.max(0, op.components.length - 1);
  for (const c of op.components) {
    bytes += typeof c === 'string' ? stringBytes(c, 0, c.length) : String(c).length;
  }
  return bytes;
}

/** UTF-16 units that `op` inserts. */
export function insertedUnits(op) {
  let units = 0;
  for (const c of op.components) {
    if (typeof c === 'string') {
      units += c.length;
    }
  }
  return units;
}

/**
 * Pieces of `op` whose composition is `op`, each at most `budget` bytes as JSON; `[op]` when it
 * fits. Each piece retains what the pieces before it produced, applies the next components (an
 * insert too long for the piece is cut, never inside a surrogate pair) and retains the rest of the
 * document, so that every piece is a whole operation on the document the ones before leave.
 */
export function splitOperation(op, budget) {
  if (operationBytes(op) <= budget) {
    return [op];
  }
  const components = op.components;
  const pieces = [];
  let index = 0;
  /** Units of the current component's insert already in earlier pieces. */
  let offset = 0;
  /** Units the earlier pieces produced, at the start of the document they leave. */
  let produced = 0;
  /** Units of the original document not consumed by the earlier pieces. */
  let unconsumed = op.baseLength;
  while (index < components.length) {
    const piece = TextOperation.builder().retain(produced);
    // brackets, the leading retain and the trailing one (at most ten digits and a comma each)
    let bytes = 2 + 11 + 11;
    let changes = 0;
    while (index < components.length) {
      const c = components[index];
      if (typeof c === 'number') {
        const cost = String(c).length + 1;
        if (changes > 0 && bytes + cost > budget) {
          break;
        }
        if (c > 0) {
          piece.retain(c);
          produced += c;
        } else {
          piece.delete(-c);
        }
        unconsumed -= Math.abs(c);
        bytes += cost;
        index++;
        changes++;
        continue;
      }
      // quotes and a comma around the text
      const room = budget - bytes - 3;
      const end = longestPrefix(c, offset, room);
      if (end === offset) {
        if (changes === 0) {
          throw new RangeError(`a frame of ${budget} bytes cannot hold one character of this edit`);
        }
        break;
      }
      piece.insert(c.slice(offset, end));
      produced += end - offset;
      bytes += stringBytes(c, offset, end) + 3;
      changes++;
      if (end === c.length) {
        index++;
        offset = 0;
      } else {
        offset = end;
        break;
      }
    }
    pieces.push(piece.retain(unconsumed).build());
  }
  return pieces;
}

/** The end of the longest piece of `text` from `start` that takes at most `room` bytes in JSON. */
function longestPrefix(text, start, room) {
  let bytes = 0;
  let i = start;
  while (i < text.length) {
    const pair = isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1));
    const width = pair ? 2 : 1;
    const cost = stringBytes(text, i, i + width) - 2;
    if (bytes + cost > room) {
      break;
    }
    bytes += cost;
    i += width;
  }
  return i;
}

/** Bytes of text.slice(start, end) as a JSON string in UTF-8, quotes included. */
function stringBytes(text, start, end) {
  let bytes = 2;
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x22 || unit === 0x5c) {
      bytes += 2;
    } else if (unit < 0x20) {
      // \b \t \n \f \r, else \u00XX
      bytes += unit === 8 || unit === 9 || unit === 10 || unit === 12 || unit === 13 ? 2 : 6;
    } else if (unit < 0x80) {
      bytes += 1;
    } else if (unit < 0x800) {
      bytes += 2;
    } else if (isHighSurrogate(unit) && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else if (isHighSurrogate(unit) || isLowSurrogate(unit)) {
      // JSON.stringify escapes a lone surrogate as \uXXXX
      bytes += 6;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}
