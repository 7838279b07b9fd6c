import { defineMessages } from '../locales.ts'

// Coordinators' pages: the centre, recording sessions, offline queue.
export const parentsUiMessages = defineMessages({})
