// The banner under the top bar that tells the user something happened to their document, and the
// words for it.

const FADE_MS = 10000;

const notice = document.getElementById('notice');
let fadeTimer = null;

notice.querySelector('.notice-close').addEventListener('click', () => {
  notice.hidden = true;
});

/** Shows `text`; it goes away by itself unless `fades` is false. */
export function showNotice(text, fades = true) {
  notice.querySelector('.notice-text').textContent = text;
  notice.hidden = false;
  clearTimeout(fadeTimer);
  if (fades) {
    fadeTimer = setTimeout(() => {
      notice.hidden = true;
    }, FADE_MS);
  }
}

export function hideNotice() {
  clearTimeout(fadeTimer);
  notice.hidden = true;
}

/** Why an edit was refused and taken back, from the `refused` event of the protocol client. */
export function describeRefusal(r) {
  const what = r.units > 0 ? `This paste is ${size(r.units)}` : 'This edit is too large';
  const outcome = r.local ? 'so it was not added' : 'so it was taken back';
  switch (r.code) {
    case 'document-too-large': {
      const room = `a room holds at most ${size(r.maxDocumentChars)}`;
      const has = r.documentUnits > 0 ? ` and this one has ${size(r.documentUnits)} already` : '';
      return `${what}; ${room}${has}, ${outcome}. Your other edits are kept.`;
    }
    case 'frame-too-large':
      return (
        `This edit takes ${size(r.bytes, 'bytes')} to send; the server takes at most ` +
        `${size(r.maxFrameBytes, 'bytes')} in one message, ${outcome}. Your other edits are kept.`
      );
    case 'forbidden':
      return 'You may not edit this room, so your edit was taken back.';
    case 'room-archived':
      return 'This room is archived and takes no edits, so your edit was taken back.';
    default:
      return `The server refused an edit (${r.message}), ${outcome}.`;
  }
}

/** Why the room takes no edits, from the `trouble` event of the protocol client. */
export function describeTrouble({ code }) {
  const kept = 'Your unsaved edits stay in this page and are sent once the room works again.';
  switch (code) {
    case 'store-diverged':
      return (
        'This room is read-only for now: its storage lost recent changes that the server could ' +
        `not restore, and an administrator has to repair it. ${kept}`
      );
    case 'room-broken':
      return (
        'This room is read-only for now: part of its saved history cannot be read, and an ' +
        `administrator has to repair it. ${kept}`
      );
    case 'forbidden':
      return 'You may look at this room but not edit it.';
    default:
      return `This room takes no edits for now (${code}). ${kept}`;
  }
}

/** A count of characters (or bytes) as a person reads it; for plain text the two are alike. */
function size(units, small = 'characters') {
  const KB = 1024;
  const MB = 1024 * KB;
  if (units >= MB) {
    return `${trim((units / MB).toFixed(1))} MB`;
  }
  if (units >= KB) {
    return `${trim((units / KB).toFixed(units >= 10 * KB ? 0 : 1))} KB`;
  }
  return `${units} ${units === 1 ? small.slice(0, -1) : small}`;
}

function trim(number) {
  return number.replace(/\.0$/, '');
}
