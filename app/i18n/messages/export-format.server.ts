import { defineMessages } from '../locales.ts'

// Keys start with 'exportFormat.'.
export const exportFormatMessages = defineMessages({})
