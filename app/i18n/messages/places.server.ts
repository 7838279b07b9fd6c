import { defineMessages } from '../locales.ts'

// Keys start with 'places.'.
export const placesMessages = defineMessages({})
