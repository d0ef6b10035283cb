// Light or dark: the system's preference, until the person picks one with the toggle, which this
// browser then remembers. The page's colours follow `data-theme` on the root element (css), and
// anything else (Monaco) listens through onThemeChange.

const KEY = 'ensemble.theme';
const systemDark = matchMedia('(prefers-color-scheme: dark)');
const listeners = [];

/** 'dark' or 'light', as chosen here, else as the system prefers. */
export function theme() {
  const chosen = localStorage.getItem(KEY);
  if (chosen === 'dark' || chosen === 'light') {
    return chosen;
  }
  return systemDark.matches ? 'dark' : 'light';
}

function apply() {
  const current = theme();
  document.documentElement.dataset.theme = current;
  listeners.forEach((listener) => listener(current));
}

/** Calls `listener` with the theme now and at every change. */
export function onThemeChange(listener) {
  listeners.push(listener);
  listener(theme());
}

/** Makes `button` switch between the themes and remember the choice. */
export function bindThemeToggle(button) {
  const label = (current) => {
    button.textContent = current === 'dark' ? 'Light theme' : 'Dark theme';
    button.setAttribute('aria-pressed', String(current === 'dark'));
  };
  onThemeChange(label);
  button.addEventListener('click', () => {
    localStorage.setItem(KEY, theme() === 'dark' ? 'light' : 'dark');
    apply();
  });
}

systemDark.addEventListener('change', apply);
apply();
