import { defineMessages } from '../locales.ts'

export const surveyReportsMessages = defineMessages({})
