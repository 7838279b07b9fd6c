import { z } from 'zod'
import { newId } from '#db/ids.server.ts'
import { LOCK_SPACES, lockKeys } from '#db/locks.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import { FailureSchema, LineErrorsSchema, lineErrors } from '#app/modules/jobs/import-outcomes.server.ts'
import { createJob, readJob, STALE_MS, yieldToServer, type JobHandle, type JobKind, type JobView } from '#app/modules/jobs/jobs.server.ts'
import { loadPlaceData } from '#app/modules/reference/places-data.server.ts'
import { indexPlaces } from '#app/modules/reference/places.ts'
import type { Table } from '#app/modules/spreadsheet/table.server.ts'
import { applyStaged, dropStaged, knownSchools, stageChanges } from './apply.server.ts'
import { planRegistry } from './plan.ts'
import { checkRegistryRows, type RegistryColumn } from './registry-file.server.ts'

// Importing the national registry of education organisations as a job: the
// rows checked in chunks (every problem with its line), the changes worked
// out by BIN, staged in short steps and applied in one short transaction
// (apply.server.ts, ADR 026). One registry import runs at a time. The file
// lives only in the memory of the process that runs the job, so a job whose
// process died is failed as interrupted; its staged rows are cleared by the next.

const CountsSchema = z.object({
  kind: z.literal('counts'),
  created: z.number(),
  updated: z.number(),
  closed: z.number(),
  reopened: z.number(),
  unchanged: z.number(),
})
const ResultSchema = z.discriminatedUnion('kind', [CountsSchema, LineErrorsSchema, FailureSchema])
export type RegistryResult = z.infer<typeof ResultSchema>

const ParamsSchema = z.object({ full: z.boolean(), sheet: z.string().nullable(), rows: z.number() })
type RegistryParams = z.infer<typeof ParamsSchema>

export const registryImportJob: JobKind<RegistryParams, RegistryResult> = {
  name: 'registry',
  params: ParamsSchema,
  result: ResultSchema,
  crashed: { kind: 'failure', key: 'registry.job.crashed' },
  interrupted: { kind: 'failure', key: 'registry.job.interrupted' },
}

type RegistryJob = JobHandle<RegistryParams, RegistryResult>

/** Whether a registry import is running now (its runner still beating). */
export async function registryImportRunning(work: Work): Promise<boolean> {
  const fresh = new Date(work.now().getTime() - STALE_MS).toISOString()
  const row = await work.db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', registryImportJob.name)
    .where('status', '=', 'running')
    .where('heartbeat_at', '>=', fresh)
    .executeTakeFirst()
  return Boolean(row)
}

/**
 * Records a registry import for `work`'s actor and starts it once recorded;
 * refused while another runs. `done` settles when the job has ended. The
 * caller checks that the actor may import the registry.
 */
export async function startRegistryImport(
  work: Work,
  table: Table<RegistryColumn>,
  input: { fileName: string; full: boolean; sheet: string | null },
): Promise<Result<{ jobId: string; done: Promise<void> }, ImportMessage>> {
  return write(work, async (tx) => {
    // One start at a time, so two cannot both find none running (ADR 035).
    await lockKeys(tx.db, LOCK_SPACES.importKind, [registryImportJob.name])
    if (await registryImportRunning(tx.work)) return fail({ key: 'registry.busy' })
    const rows = table.rows.length
    // Checking counts one step a row, saving one a row again.
    const job = await createJob(tx, registryImportJob, { fileName: input.fileName, params: { full: input.full, sheet: input.sheet, rows }, total: rows * 2 })
    tx.afterCommit(() => job.begin(work, (handle) => runRegistryImport(handle, table)))
    return ok({ jobId: job.id, done: job.done })
  })
}

async function runRegistryImport(job: RegistryJob, table: Table<RegistryColumn>): Promise<void> {
  const { work, params } = job
  const index = indexPlaces(await loadPlaceData(work))
  const checked = await checkRegistryRows(index, table.rows, async (processed) => {
    await job.progress(processed)
    await yieldToServer()
  })
  if (!checked.ok) return job.finish(work.db, 'failed', lineErrors(checked.error))
  const districts = await work.db.selectFrom('districts').select(['id', 'name_kk']).execute()
  const { changes, counts } = await planRegistry({
    entries: checked.value,
    known: await knownSchools(work),
    full: params.full,
    districtNames: new Map(districts.map((d) => [d.id, d.name_kk])),
    newId,
    between: yieldToServer,
  })
  try {
    await stageChanges(work, job.id, changes, (staged) => job.progress(params.rows + Math.round((staged / Math.max(1, changes.length)) * params.rows)))
    await write(work, async (tx) => {
      const applied = await applyStaged(tx.db, job.id, work.now().toISOString())
      if (applied !== changes.length) throw new Error(`registry import ${job.id}: ${applied} staged rows of ${changes.length}`)
      tx.audit({ action: 'registry.import', targetType: 'schools', targetId: job.id, details: { ...counts, full: params.full, rows: params.rows } })
      await job.finish(tx.db, 'done', { kind: 'counts', ...counts })
    })
  } catch (error) {
    await dropStaged(work, job.id)
    // A BIN added since the check: nothing was written.
    if (!(error instanceof Error && /UNIQUE constraint failed|duplicate key value/i.test(error.message))) throw error
    await job.finish(work.db, 'failed', { kind: 'failure', key: 'registry.job.changed' })
  }
}

export type RegistryJobView = JobView<RegistryParams, RegistryResult>

export async function getRegistryJob(work: Work, jobId: string): Promise<RegistryJobView | null> {
  return readJob(work, registryImportJob, jobId)
}
