import { defineMessages } from '../locales.ts'

export const cohortsMessages = defineMessages({})
