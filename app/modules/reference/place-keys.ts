import {
  cityWords,
  districtWords,
  fillerWords,
  kazakhPlainForms,
  legalFormAbbreviations,
  legalFormPhrases,
  numberSigns,
  ordinalSuffixes,
  ownerHeadsKk,
  ownerTailsRu,
  plainSchoolWords,
  regionWords,
} from '#db/reference/place-names.ts'

// The keys place and school names are compared by. Pure, like places.ts.
//
// Folding is for comparing only, never for showing: case and ё/е do not
// count; the Kazakh letters fold to the Russian ones people type for them on a
// Russian keyboard (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и), and ы, й, э
// fold too (Жетісу / Жетысу, Екібастұз / Экибастуз), ь and ъ drop (Есіл /
// Есиль). Latin letters that look like Cyrillic ones (a, c, e, i, o, p, x …)
// count as Cyrillic inside a Cyrillic word. Punctuation (dots, quotes,
// hyphens, commas) is a space. The names compared are few and long enough that
// these folds join no two real places: the tests check every pair.

const KAZAKH: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ы: 'и',
  й: 'и',
  ё: 'е',
  э: 'е',
  ь: '',
  ъ: '',
}
const LOOK_ALIKE: Record<string, string> = { a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', i: 'і', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у' }
const CYRILLIC = /[\u0400-\u04ff]/
const WORD = /\p{L}+|\p{N}+|№/gu // a run of letters or of digits: 5-ші, №5 and 5мектеп all part there
// NFKC (full-width letters, ligatures) is slow; text of ASCII, Cyrillic and the
// usual quotes and dashes needs none.
const NEEDS_NFKC = /[^\u0020-\u007f\t\n\r\u00a0\u00ab\u00bb\u0400-\u04ff\u2013\u2014\u2018\u2019\u201c-\u201e\u2116]/

// In a Cyrillic word: the Kazakh folds, and Latin look-alikes as the Cyrillic letters folded.
const IN_CYRILLIC: Record<string, string> = {
  ...KAZAKH,
  ...Object.fromEntries(Object.entries(LOOK_ALIKE).map(([latin, cyrillic]) => [latin, KAZAKH[cyrillic] ?? cyrillic])),
}

function foldWord(word: string): string {
  if (word === '№') return 'no'
  if (!CYRILLIC.test(word)) return word
  let folded = ''
  for (const c of word) folded += IN_CYRILLIC[c] ?? c
  return folded
}

/** Lower case, folded letters, single spaces between words of letters and digits. */
export function fold(text: string): string {
  const words = (NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text).toLowerCase().match(WORD)
  if (!words) return ''
  let out = ''
  for (const word of words) {
    const f = foldWord(word)
    if (f) out = out ? `${out} ${f}` : f
  }
  return out
}

const folded = (words: readonly string[]) => new Set(words.map(fold))

export type PlaceWord = 'region' | 'city' | 'district'

/** A place name without the words that say what it is, and what those words said. */
export interface ParsedPlace {
  words: string[]
  markers: Set<PlaceWord>
}

const MARKERS: [PlaceWord, Set<string>][] = [
  ['region', folded(regionWords)],
  ['city', folded(cityWords)],
  ['district', folded(districtWords)],
]
const FILLER = folded(fillerWords)

/**
 * `Алматы облысы`, `г. Алматы`, `Бостандыкский р-н` → the name's words and
 * the kinds its words named. One-letter words (қ., г., р.) count only before
 * or after the name: inside it they are initials (Т. Рысқұлов).
 */
export function parsePlace(text: string): ParsedPlace {
  const all = fold(text).split(' ').filter(Boolean)
  const words: string[] = []
  const markers = new Set<PlaceWord>()
  all.forEach((w, i) => {
    const last = i === all.length - 1
    if (w === 'р' && all[i + 1] === 'н') return void markers.add('district') // р-н
    if (w === 'н' && all[i - 1] === 'р') return
    if (w === 'к' && all[i + 1] === 'а' && i + 1 === all.length - 1) return void markers.add('city') // қ.ә.
    if (w === 'а' && all[i - 1] === 'к' && last) return
    if (w.length === 1 && i > 0 && !last) return void words.push(w)
    const kind = MARKERS.find(([, set]) => set.has(w))?.[0]
    if (kind) markers.add(kind)
    else if (!FILLER.has(w)) words.push(w)
  })
  return { words, markers }
}

const phrases = (list: readonly string[]) => list.map(fold).sort((a, b) => b.length - a.length)
const LEGAL_PHRASES = phrases(legalFormPhrases)
const LEGAL_WORDS = folded(legalFormAbbreviations)
const OWNER_TAILS = phrases(ownerTailsRu)
const OWNER_HEADS = phrases(ownerHeadsKk)
const PLAIN = new Map(Object.entries(kazakhPlainForms).map(([k, v]) => [fold(k), fold(v)]))
const ORDINAL = folded(ordinalSuffixes)
const NUMBER_SIGN = folded(numberSigns)

/** Where a whole-word phrase starts in a folded text, or -1. */
function wordIndex(text: string, phrase: string): number {
  return text.includes(phrase) ? ` ${text} `.indexOf(` ${phrase} `) : -1
}

/**
 * The key a school name is compared by: case, quotes, punctuation, the word
 * order, how a number is written (№5, № 5, N5, No. 5, 5-ші, 5-я), the legal
 * form («КММ», КГУ, "Коммунальное государственное учреждение", ТОО …) and the
 * owner (…отдела образования … района; … ауданы білім бөлімінің …) do not count.
 */
export function schoolNameKey(name: string): string {
  let text = fold(name)
  for (const tail of OWNER_TAILS) {
    const at = wordIndex(text, tail)
    if (at > 0) text = text.slice(0, at).trim()
  }
  for (const head of OWNER_HEADS) {
    const at = wordIndex(text, head)
    const rest = at < 0 ? '' : text.slice(at + head.length).trim()
    if (rest) text = rest
  }
  for (const phrase of LEGAL_PHRASES) {
    for (let at = wordIndex(text, phrase); at >= 0; at = wordIndex(text, phrase)) text = `${text.slice(0, at)} ${text.slice(at + phrase.length)}`.trim()
  }
  const all = text.split(' ').filter(Boolean)
  const words: string[] = []
  all.forEach((w, i) => {
    const isNumber = /^\d+$/.test(w)
    if (isNumber) return void words.push(`#${w.replace(/^0+(?=\d)/, '')}`)
    if (NUMBER_SIGN.has(w) && /^\d+$/.test(all[i + 1] ?? '')) return
    if (ORDINAL.has(w) && /^\d+$/.test(all[i - 1] ?? '')) return
    if (LEGAL_WORDS.has(w) || FILLER.has(w)) return
    words.push(PLAIN.get(w) ?? w)
  })
  return words.length > 0 ? words.sort().join(' ') : fold(name)
}

const PLAIN_SCHOOL = folded(plainSchoolWords)

/** For the key of a plain school's name with one number (#12 мектеп орта), that number's word (#12); otherwise null. */
export function schoolNumberKey(key: string): string | null {
  const words = key.split(' ')
  const numbers = words.filter((w) => w.startsWith('#'))
  return numbers.length === 1 && words.every((w) => w.startsWith('#') || PLAIN_SCHOOL.has(w)) ? numbers[0]! : null
}
