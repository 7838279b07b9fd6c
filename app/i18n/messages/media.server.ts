import { defineMessages } from '../locales.ts'

// The media library and resumable uploads.
export const mediaMessages = defineMessages({})
