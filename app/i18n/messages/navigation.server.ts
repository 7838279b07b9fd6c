import { defineMessages } from '../locales.ts'

// The site header's menu button on a phone.
export const navigationMessages = defineMessages({
  'nav.menu': { kk: 'Мәзір', ru: 'Меню', en: 'Menu' },
})
