import { defineMessages } from '../locales.ts'

// Parent lessons for everyone, check-in and feedback pages.
export const parentLessonsMessages = defineMessages({})
