import { z } from 'zod'
import { write, type Work } from '#app/core/work.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import { FailureSchema, LineErrorsSchema, MessageKeySchema, lineErrors } from '#app/modules/jobs/import-outcomes.server.ts'
import { STALE_MS, createJob, readJob, type JobHandle, type JobKind } from '#app/modules/jobs/jobs.server.ts'
import { loadPlaceData } from '#app/modules/reference/places-data.server.ts'
import { RosterAccessSchema, type RosterAccess } from './access.ts'
import { applyStaged, inviteStaged } from './apply.server.ts'
import { dropStaged, stageAndCommit } from './stage.server.ts'
import { RosterLost, type Phase } from './steps.server.ts'
import { readInWorker } from './read-in-worker.server.ts'
import { checkAgainstDatabase } from './roster-check.server.ts'

// The national roster import (ADR 025): one file of up to 100,000 teachers
// registered or updated, enrolled in the cohorts it names and invited, all or
// nothing, while the site keeps serving. Reading and the row checks run in a
// worker thread; the checks against the database in chunks on this thread;
// the writes in short steps after a small commit point, so a restarted
// process finishes an import that was committed (the `resume` below).

const CountsSchema = z.object({
  kind: z.literal('counts'),
  usersCreated: z.number(),
  usersUpdated: z.number(),
  usersFound: z.number(),
  enrolled: z.number(),
  alreadyEnrolled: z.number(),
  /** What the person should know that refused nothing (columns ignored). */
  notices: z.array(z.object({ key: MessageKeySchema, params: z.record(z.union([z.string(), z.number()])).optional() })).default([]),
})
const ResultSchema = z.discriminatedUnion('kind', [CountsSchema, LineErrorsSchema, FailureSchema])
export type RosterResult = z.infer<typeof ResultSchema>
type Counts = z.infer<typeof CountsSchema>

const ParamsSchema = z.object({ cohortId: z.string().nullable(), sheet: z.string().nullable(), access: RosterAccessSchema })
type RosterParams = z.infer<typeof ParamsSchema>
type RosterJob = JobHandle<RosterParams, RosterResult>

export const rosterImportJob: JobKind<RosterParams, RosterResult> = {
  name: 'roster',
  params: ParamsSchema,
  result: ResultSchema,
  crashed: { kind: 'failure', key: 'import.job.crashed' },
  interrupted: { kind: 'failure', key: 'import.job.interrupted' },
  resume: resumeRoster,
}

export interface RosterInput {
  fileName: string
  /** The cohort chosen in the form, for rows without a cohort of their own. */
  cohortId: string | null
  /** The workbook's sheet to read, when it has several. */
  sheet: string | null
  access: RosterAccess
}

/**
 * Records a roster import for `work`'s actor and starts it once recorded:
 * `done` settles when the job has ended (failures are recorded in the job).
 * Refused while another roster import is running.
 */
export async function startRosterImport(
  work: Work,
  bytes: Uint8Array,
  input: RosterInput,
): Promise<Result<{ jobId: string; done: Promise<void> }, ImportMessage>> {
  return write(work, async (tx) => {
    const alive = new Date(work.now().getTime() - STALE_MS).toISOString()
    const running = await tx.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', rosterImportJob.name)
      .where('status', '=', 'running')
      .where('heartbeat_at', '>=', alive)
      .executeTakeFirst()
    if (running) return fail({ key: 'roster.job.busy' })
    const job = await createJob(tx, rosterImportJob, {
      fileName: input.fileName,
      params: { cohortId: input.cohortId, sheet: input.sheet, access: input.access },
      total: 0,
    })
    tx.afterCommit(() => job.begin(work, (handle) => runRoster(handle, bytes)))
    return ok({ jobId: job.id, done: job.done })
  })
}

async function runRoster(job: RosterJob, bytes: Uint8Array): Promise<void> {
  const { work, params } = job
  let staging = false
  try {
    await job.progress(0, 0, 'reading')
    const places = await loadPlaceData(work)
    // Progress reports from the worker are written one after another, never two at once.
    let reported = Promise.resolve()
    const read = await readInWorker({ bytes, sheet: params.sheet, places }, (processed, total) => {
      reported = reported.then(() => job.progress(processed, total, 'reading' satisfies Phase))
    })
    await reported
    if (!read.ok) return await job.finish(work.db, 'failed', { kind: 'failure', key: read.error.key, params: read.error.params })
    const { rows, errors, notices, total } = read.value
    // Rows already refused in the worker count as checked: the bar runs over the whole file.
    const refused = total - rows.length
    await job.progress(refused, total, 'checking' satisfies Phase)
    const checked = await checkAgainstDatabase(work, rows, { access: params.access, cohortId: params.cohortId, today: localIsoDate(work.now()) }, (processed) =>
      job.progress(refused + processed),
    )
    const all = [...errors, ...checked.errors]
    if (all.length) return await job.finish(work.db, 'failed', lineErrors(all))
    const outcome: Counts = { kind: 'counts', ...checked.counts, notices }
    staging = true
    await stageAndCommit(work, job.id, checked.plan, outcome)
    staging = false
    await finishCommitted(job, outcome, total)
  } catch (error) {
    if (staging) await dropStaged(work, job.id)
    if (error instanceof RosterLost) return
    throw error
  }
}

/** Applies a committed import, invites its new teachers, and records the outcome. */
async function finishCommitted(job: RosterJob, outcome: Counts, rows: number | null): Promise<void> {
  const { work } = job
  await applyStaged(work, job.id, work.actorId)
  await inviteStaged(work, job.id)
  await dropStaged(work, job.id)
  await write(work, async (tx) => {
    const { kind: _kind, notices: _notices, ...counts } = outcome
    if (counts.usersCreated + counts.usersUpdated + counts.enrolled > 0) {
      tx.audit({ action: 'import.enrolments', targetType: 'import_job', targetId: job.id, details: counts })
    }
    tx.audit({ action: 'import.run', targetType: 'import_job', targetId: job.id, details: { ...counts, rows, cohortId: job.params.cohortId } })
    await job.finish(tx.db, 'done', outcome)
  })
}

/**
 * After the runner died: an import past its commit point is applied to the
 * end from its staged rows; one before it had only staged rows, which are
 * dropped, and it fails as interrupted (the file lived in the dead process).
 */
async function resumeRoster(job: RosterJob): Promise<void> {
  const { work } = job
  const row = await work.db.selectFrom('jobs').select(['phase', 'result']).where('id', '=', job.id).executeTakeFirstOrThrow()
  const outcome = row.result === null ? null : CountsSchema.safeParse(JSON.parse(row.result))
  if ((row.phase === 'saving' || row.phase === 'inviting') && outcome?.success) {
    try {
      return await finishCommitted(job, outcome.data, null)
    } catch (error) {
      if (error instanceof RosterLost) return
      throw error
    }
  }
  await dropStaged(work, job.id)
  await job.finish(work.db, 'failed', rosterImportJob.interrupted)
}

/** A roster job as every process sees it, or null. */
export async function getRosterJob(work: Work, jobId: string) {
  const job = await readJob(work, rosterImportJob, jobId)
  if (!job) return null
  const { id, status, phase, fileName, total, processed, createdAt, createdBy, finishedAt, params } = job
  // Before the end, a stored outcome is the commit point's counts, not yet true.
  const result = status === 'running' ? null : job.result
  return { id, status, phase, fileName, total, processed, createdAt, createdBy, finishedAt, params, result }
}
