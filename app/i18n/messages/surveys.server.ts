import { defineMessages } from '../locales.ts'

export const surveysMessages = defineMessages({})
