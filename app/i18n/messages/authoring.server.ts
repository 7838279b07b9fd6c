import { defineMessages } from '../locales.ts'

// The course authoring pages: drafts, publishing, versions, parity, hours.
export const authoringMessages = defineMessages({})
