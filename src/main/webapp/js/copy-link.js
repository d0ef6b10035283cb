// The buttons that copy a room's address, to paste it to the people to invite.

const LABEL_MS = 1500;

/** `button` copies what `text()` gives: by default the page's address, with its key. */
export function bindCopyLink(button, text = () => location.href) {
  const label = button.textContent;
  button.addEventListener('click', async () => {
    try {
      await copyText(text());
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => {
      button.textContent = label;
    }, LABEL_MS);
  });
}

export function copyText(text) {
  if (navigator.clipboard) {
    return navigator.clipboard.writeText(text);
  }
  // the Clipboard API exists only in secure contexts; over plain http a selection is copied
  const field = document.body.appendChild(document.createElement('textarea'));
  field.value = text;
  field.select();
  const copied = document.execCommand('copy');
  field.remove();
  return copied ? Promise.resolve() : Promise.reject(new Error('the browser refused to copy'));
}
