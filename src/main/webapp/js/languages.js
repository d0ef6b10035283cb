// The languages a room can be set to: Monaco's language ids, which the server stores as they are.
export const LANGUAGES = [
  ['plaintext', 'Plain text'],
  ['javascript', 'JavaScript'],
  ['typescript', 'TypeScript'],
  ['java', 'Java'],
  ['python', 'Python'],
  ['go', 'Go'],
  ['rust', 'Rust'],
  ['c', 'C'],
  ['cpp', 'C++'],
  ['csharp', 'C#'],
  ['html', 'HTML'],
  ['css', 'CSS'],
  ['json', 'JSON'],
  ['markdown', 'Markdown'],
  ['sql', 'SQL'],
  ['yaml', 'YAML'],
  ['shell', 'Shell'],
];

/** Fills a <select> with the languages, choosing `selected`. */
export function fillLanguageSelect(select, selected = 'plaintext') {
  select.replaceChildren(...LANGUAGES.map(([id, label]) => new Option(label, id)));
  showLanguage(select, selected);
}

/** Selects `id`, adding it when the room uses a language this page does not list. */
export function showLanguage(select, id) {
  if (![...select.options].some((o) => o.value === id)) {
    select.add(new Option(id, id));
  }
  select.value = id;
}
