import { parseWithZod } from '@conform-to/zod'
import { invariantResponse } from './errors.ts'

// Conform reads a field named items[99999999] as an array of that length, and
// a refused submission's reply sends the payload back to be shown again: one
// small post made the server write 30 MB for ten million empty places, and
// far more would stop it. No form here numbers its fields past a few dozen,
// so a larger index is refused before Conform reads anything.
export const MAX_FIELD_INDEX = 999

const INDEX = /\[(\d+)\]/g

export function hasOversizedIndex(names: Iterable<string>): boolean {
  for (const name of names) {
    for (const match of name.matchAll(INDEX)) if (Number(match[1]) > MAX_FIELD_INDEX) return true
  }
  return false
}

/** Conform's parseWithZod for an action, after refusing field names that would build huge arrays (400, translated). */
export const parseSubmission: typeof parseWithZod = ((payload: FormData | URLSearchParams, options: Parameters<typeof parseWithZod>[1]) => {
  invariantResponse(!hasOversizedIndex(payload.keys()), 'error.form.malformed', { status: 400 })
  return parseWithZod(payload, options)
}) as typeof parseWithZod
