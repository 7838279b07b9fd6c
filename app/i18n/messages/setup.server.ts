import { defineMessages } from '../locales.ts'

// Keys start with 'setup.'.
export const setupMessages = defineMessages({})
