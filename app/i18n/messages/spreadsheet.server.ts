import { defineMessages } from '../locales.ts'

// Keys start with 'spreadsheet.'.
export const spreadsheetMessages = defineMessages({})
