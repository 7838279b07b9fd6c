import { z } from 'zod'
import { allMessageKeys, type MessageKey } from '#app/i18n/catalog.server.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'

// The outcomes every CSV import job shares, besides its own counts: the file
// refused line by line (nothing written), or the whole job failed for one
// reason. Results are read back from the database through these schemas.

/** Line errors kept with a job; the page says how many more there were. */
export const MAX_STORED_ERRORS = 1_000

const knownKeys = new Set<string>(allMessageKeys())
export const isMessageKey = (k: string): k is MessageKey => knownKeys.has(k)
export const MessageKeySchema = z.string().refine(isMessageKey)
const ParamsSchema = z.record(z.union([z.string(), z.number()])).optional()

export interface RowError extends ImportMessage {
  line: number
}

export const LineErrorsSchema = z.object({
  kind: z.literal('errors'),
  errors: z.array(z.object({ line: z.number(), key: MessageKeySchema, params: ParamsSchema })),
  errorCount: z.number(),
  lineCount: z.number(),
})

export const FailureSchema = z.object({ kind: z.literal('failure'), key: MessageKeySchema, params: ParamsSchema })

/** Errors by line, sorted, the first MAX_STORED_ERRORS of them kept. */
export function lineErrors(errors: RowError[]): z.infer<typeof LineErrorsSchema> {
  const sorted = [...errors].sort((a, b) => a.line - b.line)
  return { kind: 'errors', errors: sorted.slice(0, MAX_STORED_ERRORS), errorCount: sorted.length, lineCount: new Set(sorted.map((e) => e.line)).size }
}
