import { defineMessages } from '../locales.ts'

export const importMessages = defineMessages({})
