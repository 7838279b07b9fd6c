import { defineMessages } from '../locales.ts'

// Parent attendance reports and the sessions CSV import.
export const parentReportsMessages = defineMessages({})
