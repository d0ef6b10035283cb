// People's colours. Each colour of the palette has a shade for each theme, both at least 4.5:1
// against the editor's background and against the label text drawn on them (white on the light
// theme's shades, near-black on the dark theme's). A presence carries the light shade; each page
// draws the shade of its own theme. In a room, nobody shares a colour while there are colours
// left: of two people with one colour, the one with the greater client id moves to a free one.

const PALETTE = [
  { light: '#c62828', dark: '#ff8a80' },
  { light: '#2e7d32', dark: '#81c784' },
  { light: '#1565c0', dark: '#90caf9' },
  { light: '#b34700', dark: '#ffb74d' },
  { light: '#6a1b9a', dark: '#ce93d8' },
  { light: '#00695c', dark: '#4db6ac' },
  { light: '#ad1457', dark: '#f48fb1' },
  { light: '#795548', dark: '#bcaaa4' },
  { light: '#5d6b00', dark: '#c0ca33' },
  { light: '#3949ab', dark: '#9fa8da' },
  { light: '#00708a', dark: '#4dd0e1' },
  { light: '#455a64', dark: '#b0bec5' },
];

const BY_LIGHT = new Map(PALETTE.map((entry) => [entry.light, entry]));

/** The palette's colours as presences carry them. */
export const COLOURS = PALETTE.map((entry) => entry.light);

/** Whether `colour` is one of the palette's. */
export function isPaletteColour(colour) {
  return BY_LIGHT.has(colour?.toLowerCase());
}

/** A palette colour chosen by a stable hash of `text`. */
export function colourFor(text) {
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    hash = (hash * 31 + text.charCodeAt(i)) | 0;
  }
  return COLOURS[Math.abs(hash) % COLOURS.length];
}

/** How `colour` shows on `theme`: the theme's shade of a palette colour; any other as it is. */
export function shade(colour, theme) {
  const entry = BY_LIGHT.get(colour?.toLowerCase());
  return entry ? entry[theme === 'dark' ? 'dark' : 'light'] : colour;
}

/** The text colour that reads best on `background` (#rrggbb or #rgb). */
export function textOn(background) {
  return luminance(background) > 0.18 ? '#111111' : '#ffffff';
}

function luminance(hex) {
  const digits = hex.replace('#', '');
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits.slice(0, 6);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The colour this person shows in a room: `preferred`, unless someone there with a smaller client
 * id shows it too; then the first palette colour after it that nobody there shows, if any is left.
 *
 * @param others [{clientId, colour}] of everyone else in the room
 */
export function distinctColour(preferred, clientId, others) {
  const taken = new Set(others.map((o) => o.colour?.toLowerCase()));
  const yields = others.some(
    (o) => o.colour?.toLowerCase() === preferred.toLowerCase() && o.clientId < clientId,
  );
  if (!yields) {
    return preferred;
  }
  const start = Math.max(0, COLOURS.indexOf(preferred.toLowerCase()));
  for (let i = 1; i <= COLOURS.length; i++) {
    const candidate = COLOURS[(start + i) % COLOURS.length];
    if (!taken.has(candidate)) {
      return candidate;
    }
  }
  return preferred;
}
