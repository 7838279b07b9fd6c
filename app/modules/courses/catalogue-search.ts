// Searching the catalogue's titles and descriptions. The catalogue is a few
// dozen published manifests already read into memory (catalogue.server.ts),
// so the match runs here rather than in SQL: SQLite's lower() folds only
// ASCII, and one rule in one place reads Kazakh the same on SQLite and
// PostgreSQL.

/** The longest search text the catalogue accepts. */
export const SEARCH_MAX = 100

// Kazakh letters are often typed as their Russian or Latin look-alikes on a
// keyboard without them (қ as к, і as и or i, ү as у): both the text and the
// query are folded the same way, so "казак" finds "Қазақ" and "Қазақ" still
// finds only what "казак" finds.
const FOLD: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', i: 'и', ё: 'е' }

/** Lower case (Cyrillic and Kazakh letters included), composed, with look-alike letters folded and spaces collapsed. */
export function searchFold(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[әғқңөұүһіiё]/g, (c) => FOLD[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim()
}

/** Whether every word of the query occurs in one of the texts (in any order). */
export function matchesSearch(texts: string[], query: string): boolean {
  const words = searchFold(query).split(' ').filter(Boolean)
  if (!words.length) return true
  const haystack = searchFold(texts.join(' \n '))
  return words.every((w) => haystack.includes(w))
}
