import { LOCK_SPACES, lockKeys } from '#db/locks.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import { STALE_MS, createJob, readJob, type JobKind } from '#app/modules/jobs/jobs.server.ts'
import type { RosterAccess } from './access.ts'
import { ROSTER_CRASHED, ROSTER_INTERRUPTED, RosterParamsSchema, RosterResultSchema, type RosterParams, type RosterResult } from './roster-outcome.server.ts'
import { runRosterJob } from './roster-thread.server.ts'

export type { RosterResult } from './roster-outcome.server.ts'

// The national roster import (ADR 025): one file of up to 100,000 teachers
// registered or updated, enrolled in the cohorts it names and invited, all or
// nothing, while the site keeps serving. The whole job runs in a worker
// thread with its own database connection (roster-thread.server.ts): reading
// and the row checks, the checks against the database, and the writes in
// short steps after a small commit point, so a restarted process finishes an
// import that was committed (the `resume` below).

export const rosterImportJob: JobKind<RosterParams, RosterResult> = {
  name: 'roster',
  params: RosterParamsSchema,
  result: RosterResultSchema,
  crashed: ROSTER_CRASHED,
  interrupted: ROSTER_INTERRUPTED,
  resume: (job) => runRosterJob(job, { kind: 'resume' }),
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
    // One start at a time, so two cannot both find none running (ADR 035).
    await lockKeys(tx.db, LOCK_SPACES.importKind, [rosterImportJob.name])
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
    tx.afterCommit(() => job.begin(work, (handle) => runRosterJob(handle, { kind: 'import', bytes })))
    return ok({ jobId: job.id, done: job.done })
  })
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
