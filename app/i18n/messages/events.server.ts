import { defineMessages } from '../locales.ts'

// Wellbeing events (children's rights and wellbeing) and the teachers who took part.
export const eventsMessages = defineMessages({
  'admin.nav.events': { kk: 'Іс-шаралар', ru: 'Мероприятия', en: 'Events' },
})
