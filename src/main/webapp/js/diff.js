// The change between two texts as one operation, for carrying edits over onto a document the
// server sent anew. It mirrors dev.ensemble.client.Diff: keep the common start and end, replace
// what lies between.

import { TextOperation } from './ot.js';

const isHighSurrogate = (unit) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit) => unit >= 0xdc00 && unit <= 0xdfff;

/** An operation that turns `from` into `to`; it never cuts a surrogate pair. */
export function diff(from, to) {
  const max = Math.min(from.length, to.length);
  let prefix = 0;
  while (prefix < max && from.charCodeAt(prefix) === to.charCodeAt(prefix)) {
    prefix++;
  }
  if (prefix > 0 && isHighSurrogate(from.charCodeAt(prefix - 1))) {
    prefix--;
  }
  let suffix = 0;
  while (
    suffix < max - prefix &&
    from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(from.charCodeAt(from.length - suffix))) {
    suffix--;
  }
  return TextOperation.builder()
    .retain(prefix)
    .delete(from.length - prefix - suffix)
    .insert(to.slice(prefix, to.length - suffix))
    .retain(suffix)
    .build();
}
