import { defineMessages } from '../locales.ts'

export const coursesMessages = defineMessages({})
