// The banner under the top bar that tells the user something happened to their document.

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
