import { defineMessages } from '../locales.ts'

// A language named inside a sentence, in the reader's language ("the text is in
// Kazakh"). The language switcher keeps each language's own name (localeNames).
export const languagesMessages = defineMessages({
  'language.name.kk': { kk: 'қазақ тілі', ru: 'казахский', en: 'Kazakh' },
  'language.name.ru': { kk: 'орыс тілі', ru: 'русский', en: 'Russian' },
  'language.name.en': { kk: 'ағылшын тілі', ru: 'английский', en: 'English' },
})
