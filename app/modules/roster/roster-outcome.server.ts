import { z } from 'zod'
import { FailureSchema, LineErrorsSchema, MessageKeySchema } from '#app/modules/jobs/import-outcomes.server.ts'
import type { JobHandle } from '#app/modules/jobs/jobs.server.ts'
import { RosterAccessSchema } from './access.ts'

// What a roster job is given and what it ends with, as its row in `jobs` stores them.

export const CountsSchema = z.object({
  kind: z.literal('counts'),
  usersCreated: z.number(),
  usersUpdated: z.number(),
  usersFound: z.number(),
  enrolled: z.number(),
  alreadyEnrolled: z.number(),
  /** What the person should know that refused nothing (columns ignored). */
  notices: z.array(z.object({ key: MessageKeySchema, params: z.record(z.union([z.string(), z.number()])).optional() })).default([]),
})
export const RosterResultSchema = z.discriminatedUnion('kind', [CountsSchema, LineErrorsSchema, FailureSchema])
export type RosterResult = z.infer<typeof RosterResultSchema>
export type Counts = z.infer<typeof CountsSchema>

export const RosterParamsSchema = z.object({ cohortId: z.string().nullable(), sheet: z.string().nullable(), access: RosterAccessSchema })
export type RosterParams = z.infer<typeof RosterParamsSchema>
export type RosterJob = JobHandle<RosterParams, RosterResult>

export const ROSTER_CRASHED = { kind: 'failure', key: 'import.job.crashed' } as const satisfies RosterResult
export const ROSTER_INTERRUPTED = { kind: 'failure', key: 'import.job.interrupted' } as const satisfies RosterResult
