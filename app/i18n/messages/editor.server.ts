import { defineMessages } from '../locales.ts'

// The lesson editor: source, palette, live preview.
export const editorMessages = defineMessages({})
