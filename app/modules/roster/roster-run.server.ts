import { write } from '#app/core/work.server.ts'
import type { Result } from '#app/core/result.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import { lineErrors, type RowError } from '#app/modules/jobs/import-outcomes.server.ts'
import { loadPlaceData } from '#app/modules/reference/places-data.server.ts'
import type { PlaceData } from '#app/modules/reference/places.ts'
import { applyStaged, inviteStaged } from './apply.server.ts'
import { readRoster, type RosterRead } from './read-roster.ts'
import { checkAgainstDatabase } from './roster-check.server.ts'
import { CountsSchema, ROSTER_INTERRUPTED, type Counts, type RosterJob } from './roster-outcome.server.ts'
import type { CheckedRow } from './roster-rows.ts'
import { dropStaged, stageAndCommit } from './stage.server.ts'
import { RosterLost, type Phase } from './steps.server.ts'

// A roster import from its file to its end (ADR 025), on whichever thread
// runs it: the roster's worker thread with a connection of its own (see
// roster-thread.server.ts), so that neither the reading and checking nor the
// writing holds the server's event loop.

export interface ReadRequest {
  bytes: Uint8Array
  sheet: string | null
  places: PlaceData
}

export interface ReadOutcome extends RosterRead {
  rows: CheckedRow[]
  errors: RowError[]
}

export type RosterReader = (request: ReadRequest, progress: (processed: number, total: number) => void) => Promise<Result<ReadOutcome, ImportMessage>>

/** Reads and checks a roster on this thread. */
export const readHere: RosterReader = async (request, progress) => {
  const rows: CheckedRow[] = []
  const errors: RowError[] = []
  const read = await readRoster(request.bytes, request.sheet, request.places, {
    progress,
    rows: (slice) => void rows.push(...slice),
    errors: (slice) => void errors.push(...slice),
  })
  return read.ok ? { ok: true, value: { ...read.value, rows, errors } } : read
}

/** Reads, checks, stages and applies a roster; a failure is recorded in the job. */
export async function runRoster(job: RosterJob, bytes: Uint8Array, read: RosterReader): Promise<void> {
  const { work, params } = job
  let staging = false
  try {
    await job.progress(0, 0, 'reading')
    const places = await loadPlaceData(work)
    // Progress reports are written one after another, never two at once.
    let reported = Promise.resolve()
    const outcome = await read({ bytes, sheet: params.sheet, places }, (processed, total) => {
      reported = reported.then(() => job.progress(processed, total, 'reading' satisfies Phase))
    })
    await reported
    if (!outcome.ok) return await job.finish(work.db, 'failed', { kind: 'failure', key: outcome.error.key, params: outcome.error.params })
    const { rows, errors, notices, total } = outcome.value
    // Rows already refused while reading count as checked: the bar runs over the whole file.
    const refused = total - rows.length
    await job.progress(refused, total, 'checking' satisfies Phase)
    const checked = await checkAgainstDatabase(work, rows, { access: params.access, cohortId: params.cohortId, today: localIsoDate(work.now()) }, (processed) =>
      job.progress(refused + processed),
    )
    const all = [...errors, ...checked.errors]
    if (all.length) return await job.finish(work.db, 'failed', lineErrors(all))
    const counts: Counts = { kind: 'counts', ...checked.counts, notices }
    staging = true
    await stageAndCommit(work, job.id, checked.plan, counts)
    staging = false
    await finishCommitted(job, counts, total)
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
export async function resumeRoster(job: RosterJob): Promise<void> {
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
  await job.finish(work.db, 'failed', ROSTER_INTERRUPTED)
}
