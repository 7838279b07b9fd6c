import { defineMessages } from '../locales.ts'

// Keys start with 'roster.'.
export const rosterMessages = defineMessages({})
