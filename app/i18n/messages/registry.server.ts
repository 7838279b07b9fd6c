import { defineMessages } from '../locales.ts'

// Keys start with 'registry.'.
export const registryMessages = defineMessages({})
