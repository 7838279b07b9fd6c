import { defineMessages } from '../locales.ts'

// Keys start with 'delivery.'.
export const deliveryMessages = defineMessages({})
