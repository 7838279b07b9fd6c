import type { SchoolKind, SchoolLanguage } from '#db/schema.ts'

// The words the registry writes for an organisation's type, its language of
// instruction and its status, in Kazakh, Russian or English, mapped to the
// values kept in `schools`. Compared without case, punctuation or extra spaces.

export const wordKey = (text: string) =>
  text
    .toLocaleLowerCase('kk')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

export const KIND_WORDS: Record<SchoolKind, readonly string[]> = {
  general: [
    'жалпы білім беретін мектеп',
    'жалпы орта білім беретін мектеп',
    'орта мектеп',
    'мектеп',
    'общеобразовательная школа',
    'средняя общеобразовательная школа',
    'средняя школа',
    'школа',
    'general',
  ],
  gymnasium: ['гимназия', 'мектеп-гимназия', 'школа-гимназия', 'gymnasium'],
  lyceum: ['лицей', 'мектеп-лицей', 'школа-лицей', 'lyceum'],
  specialised: ['мамандандырылған мектеп', 'специализированная школа', 'specialised', 'specialized'],
  small: ['шағын жинақты мектеп', 'малокомплектная школа', 'small'],
  boarding: ['мектеп-интернат', 'школа-интернат', 'интернат', 'boarding'],
  other: ['басқа', 'другое', 'другой', 'other'],
}

export const LANGUAGE_WORDS: Record<SchoolLanguage, readonly string[]> = {
  kk: ['қазақ', 'қазақ тілі', 'қазақша', 'казахский', 'казахский язык', 'kk', 'kazakh'],
  ru: ['орыс', 'орыс тілі', 'орысша', 'русский', 'русский язык', 'ru', 'russian'],
  mixed: ['аралас', 'қазақ, орыс', 'қазақ және орыс', 'смешанный', 'казахский, русский', 'казахский и русский', 'mixed'],
  other: ['басқа', 'ұйғыр', 'өзбек', 'тәжік', 'другой', 'уйгурский', 'узбекский', 'таджикский', 'other'],
}

export const STATUS_WORDS: Record<'open' | 'closed', readonly string[]> = {
  open: ['жұмыс істейді', 'жұмыс істейтін', 'ашық', 'действующая', 'действующий', 'действует', 'открыта', 'open', 'active'],
  closed: ['жабылған', 'жабық', 'таратылған', 'закрыта', 'закрытая', 'закрыт', 'ликвидирована', 'ликвидирован', 'closed'],
}

function lookup<V extends string>(words: Record<V, readonly string[]>): Map<string, V> {
  return new Map(Object.entries<readonly string[]>(words).flatMap(([value, list]) => list.map((w) => [wordKey(w), value as V] as const)))
}

const kinds = lookup(KIND_WORDS)
const languages = lookup(LANGUAGE_WORDS)
const statuses = lookup(STATUS_WORDS)

export const matchKind = (text: string): SchoolKind | undefined => kinds.get(wordKey(text))
export const matchLanguage = (text: string): SchoolLanguage | undefined => languages.get(wordKey(text))
export const matchStatus = (text: string): 'open' | 'closed' | undefined => statuses.get(wordKey(text))

/** The accepted words of a list, for an error message: the Kazakh and Russian ones, each once. */
export function acceptedWords(words: Record<string, readonly string[]>): string {
  return Object.values(words)
    .flatMap((list) => list.filter((w) => /[\u0400-\u04ff]/.test(w)).slice(0, 2))
    .join(', ')
}
