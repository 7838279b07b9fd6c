import { defineMessages } from '../locales.ts'

export const supportMessages = defineMessages({})
