import { defineMessages } from '../locales.ts'

// A language named inside a sentence, in the reader's language ("the text is in
// Kazakh"). The language switcher keeps each language's own name (localeNames).
export const languagesMessages = defineMessages({
  'language.name.kk': { kk: 'қазақ тілі', ru: 'казахский', en: 'Kazakh' },
  'language.name.ru': { kk: 'орыс тілі', ru: 'русский', en: 'Russian' },
  'language.name.en': { kk: 'ағылшын тілі', ru: 'английский', en: 'English' },
  // "in Kazakh", as a sentence says it: Kazakh's locative, Russian's prepositional.
  'language.in.kk': { kk: 'қазақ тілінде', ru: 'на казахском', en: 'in Kazakh' },
  'language.in.ru': { kk: 'орыс тілінде', ru: 'на русском', en: 'in Russian' },
  'language.in.en': { kk: 'ағылшын тілінде', ru: 'на английском', en: 'in English' },
  'language.fallback.label': { kk: 'Сабақ тілі', ru: 'Язык занятия', en: 'Lesson language' },
  'language.fallback.notice': {
    kk: 'Бұл сабақ әзірге {wanted} жоқ, сондықтан {shown} көрсетілген.',
    ru: 'Этого занятия пока нет {wanted}, поэтому оно показано {shown}.',
    en: 'This lesson is not yet available {wanted}; it is shown {shown}.',
  },
  'language.fallback.switch': { kk: 'Интерфейс тілін ауыстыру:', ru: 'Переключить язык интерфейса:', en: 'Switch the interface to:' },
})
