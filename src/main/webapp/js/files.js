// Files in and out of a room: the document saved as a file named after the room, and a text file
// opened from disk, by button or by drag and drop, with its language guessed from its extension.

/** The extension each language saves with; the first of its list. */
const EXTENSIONS = {
  plaintext: ['txt', 'text', 'log'],
  javascript: ['js', 'mjs', 'cjs', 'jsx'],
  typescript: ['ts', 'tsx', 'mts', 'cts'],
  java: ['java'],
  python: ['py', 'pyw'],
  go: ['go'],
  rust: ['rs'],
  c: ['c', 'h'],
  cpp: ['cpp', 'cc', 'cxx', 'hpp', 'hh', 'hxx'],
  csharp: ['cs'],
  html: ['html', 'htm'],
  css: ['css'],
  json: ['json'],
  markdown: ['md', 'markdown'],
  sql: ['sql'],
  yaml: ['yaml', 'yml'],
  shell: ['sh', 'bash', 'zsh'],
};

const LANGUAGE_OF = new Map(
  Object.entries(EXTENSIONS).flatMap(([language, extensions]) =>
    extensions.map((extension) => [extension, language]),
  ),
);

/** `room.py` for a Python room; `.txt` for a language without an extension of its own. */
export function fileNameFor(room, language) {
  return `${room}.${(EXTENSIONS[language] ?? EXTENSIONS.plaintext)[0]}`;
}

/** The language a file's name suggests, or null when its extension says nothing. */
export function languageOf(fileName) {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? null : (LANGUAGE_OF.get(fileName.slice(dot + 1).toLowerCase()) ?? null);
}

/** Hands `text` to the browser as a download named `fileName`. */
export function download(fileName, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file that cannot become a room's text, with what to tell the person. */
export class UnreadableFile extends Error {}

/**
 * The text of a file, its line endings made `\n`, as rooms keep them.
 *
 * @throws UnreadableFile for a file that is not UTF-8 text or is larger than `maxChars`
 */
export async function readText(file, maxChars) {
  if (file.size > 4 * maxChars) {
    throw new UnreadableFile(`${file.name} is ${describeSize(file.size)}: ${tooLarge(maxChars)}`);
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    throw new UnreadableFile(`${file.name} is not a text file (it is not UTF-8).`);
  }
  if (text.includes('\u0000')) {
    throw new UnreadableFile(`${file.name} is not a text file.`);
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.length > maxChars) {
    throw new UnreadableFile(`${file.name} has ${text.length.toLocaleString()} characters: ${tooLarge(maxChars)}`);
  }
  return text;
}

function tooLarge(maxChars) {
  return `a room holds at most ${maxChars.toLocaleString()} characters.`;
}

function describeSize(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The first file a drag carries, or null. */
export function droppedFile(event) {
  return event.dataTransfer?.files?.[0] ?? null;
}

/** Whether a drag carries files, so that a drop target can accept it. */
export function carriesFiles(event) {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}
