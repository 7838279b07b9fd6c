import os from 'node:os'
import type { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import type { Tx, Work } from '#app/core/work.server.ts'

// Background jobs (ADR 013): an import validated and written in chunks, an
// archive of certificates rendered one by one. A job's whole state is its row
// in `jobs`, so every process of a cluster, and every machine behind a
// balancer, reads the same truth. The process running a job refreshes its
// heartbeat as it works; a running job whose heartbeat is older than
// STALE_MS has lost its runner (killed, crashed, restarted) and reads as
// interrupted wherever it is read, never because the reading process does
// not happen to be the one running it.

/** The runner writes the heartbeat at least this often, on top of every progress report. */
export const HEARTBEAT_MS = 5_000
/**
 * A running job whose heartbeat is older than this has lost its runner. On
 * SQLite a write transaction holds the one connection, heartbeat included, so
 * no step of a job may hold the database this long: the largest import
 * (50,000 rows) is written in one transaction, tens of seconds on a busy
 * machine.
 */
export const STALE_MS = 3 * 60_000

/** Lets the server answer other requests (the job's own page among them) between a job's steps. */
export const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve))

/** This process, as it signs the jobs it runs. */
export const RUNNER = `${os.hostname()}:${process.pid}`

/** What a kind of job stores and how its results read back. */
export interface JobKind<P, R> {
  /** The `kind` column. */
  name: string
  params: z.ZodType<P, z.ZodTypeDef, unknown>
  result: z.ZodType<R, z.ZodTypeDef, unknown>
  /** The outcome of a job whose run threw: logged, and shown as this. */
  crashed: R
  /** The outcome of a job whose runner stopped beating. */
  interrupted: R
  /**
   * Runs a job of this kind again from its params after its runner died. Absent
   * when its input lived only in the dead process's memory (an uploaded file):
   * such a job is failed as interrupted instead.
   */
  resume?: JobRun<P, R>
}

/** What a job's run is given. */
export interface JobHandle<P, R> {
  readonly id: string
  readonly params: P
  /** The work the job acts in: the starting request's actor and address, the root database. */
  readonly work: Work
  /**
   * Records how far the job is (and that its runner is alive); `total` when the
   * count of steps changed, `phase` when a job of several phases moved on.
   */
  progress(processed: number, total?: number, phase?: string): Promise<void>
  /**
   * Records the outcome. Pass a write's `tx.db` so that the job's own writes
   * and its end commit together; throws when the job is no longer this
   * runner's (it was failed as interrupted meanwhile), which undoes that write.
   */
  finish(db: Database, status: 'done' | 'failed', result: R): Promise<void>
}

export type JobRun<P, R> = (job: JobHandle<P, R>) => Promise<void>

export interface JobView<P, R> {
  id: string
  kind: string
  status: 'running' | 'done' | 'failed'
  fileName: string
  total: number
  processed: number
  /** What a job of several phases is doing now; null for a job of one. */
  phase: string | null
  params: P
  result: R | null
  createdBy: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  heartbeatAt: string
  runner: string | null
}

/** A job created in a write, to begin once that write has committed. */
export interface NewJob<P, R> {
  id: string
  /**
   * Starts the run in this process. Call it from `tx.afterCommit` with the
   * request's own `work` (not `tx.work`, whose transaction is over by then).
   */
  begin(work: Work, run: JobRun<P, R>): void
  /** Settles when the run has ended, however it ended; never if the write rolled back. */
  done: Promise<void>
}

class JobLost extends Error {
  constructor(id: string) {
    super(`job ${id} is no longer running here`)
  }
}

const staleBefore = (work: Work) => new Date(work.now().getTime() - STALE_MS).toISOString()

/** Writes a job's row, running, in the caller's write; the caller begins it after the commit. */
export async function createJob<P, R>(tx: Tx, kind: JobKind<P, R>, input: { fileName: string; params: NoInfer<P>; total: number }): Promise<NewJob<P, R>> {
  const id = newId()
  const at = tx.work.now().toISOString()
  await tx.db
    .insertInto('jobs')
    .values({
      id,
      kind: kind.name,
      status: 'running',
      file_name: input.fileName.slice(0, 200),
      total: input.total,
      processed: 0,
      result: null,
      params: JSON.stringify(kind.params.parse(input.params)),
      created_by: tx.work.actorId,
      created_at: at,
      started_at: null,
      heartbeat_at: at,
      runner: RUNNER,
      finished_at: null,
    })
    .execute()
  let settle!: () => void
  const done = new Promise<void>((resolve) => (settle = resolve))
  return {
    id,
    done,
    begin: (work, run) => {
      void execute(work, kind, id, kind.params.parse(input.params), run).finally(settle)
    },
  }
}

const mineIn = (id: string) => (db: Database) => db.updateTable('jobs').where('id', '=', id).where('status', '=', 'running').where('runner', '=', RUNNER)

async function execute<P, R>(work: Work, kind: JobKind<P, R>, id: string, params: P, run: JobRun<P, R>): Promise<void> {
  const mine = mineIn(id)
  const beat = () => mine(work.db).set({ heartbeat_at: work.now().toISOString() }).execute()
  const timer = setInterval(() => {
    beat().catch((error: unknown) => work.log.error({ err: error, jobId: id }, 'a job heartbeat failed'))
  }, HEARTBEAT_MS)
  timer.unref()
  const handle = jobHandle<P, R>(work, id, params)
  try {
    await mine(work.db).set({ started_at: work.now().toISOString(), heartbeat_at: work.now().toISOString() }).execute()
    await run(handle)
  } catch (error) {
    if (error instanceof JobLost) return
    work.log.error({ err: error, jobId: id, kind: kind.name }, 'a job failed')
  } finally {
    clearInterval(timer)
  }
  // A run that ended without its outcome (it threw, or forgot) is a crash.
  await handle.finish(work.db, 'failed', kind.crashed).catch((error: unknown) => {
    if (!(error instanceof JobLost)) work.log.error({ err: error, jobId: id }, 'a failed job could not be recorded')
  })
}

/**
 * The handle of a job this process runs, for `work`: the run's own, or one a
 * worker thread of this process makes to report and finish the job itself
 * (the process's heartbeat goes on meanwhile).
 */
export function jobHandle<P, R>(work: Work, id: string, params: P): JobHandle<P, R> {
  const mine = mineIn(id)
  return {
    id,
    params,
    work,
    progress: async (processed, total, phase) => {
      await mine(work.db)
        .set({ processed, heartbeat_at: work.now().toISOString(), ...(total === undefined ? {} : { total }), ...(phase === undefined ? {} : { phase }) })
        .execute()
    },
    finish: async (db, status, result) => {
      const at = work.now().toISOString()
      const updated = await mine(db)
        .set({ status, result: JSON.stringify(result), finished_at: at, heartbeat_at: at })
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) === 0) throw new JobLost(id)
    },
  }
}

/**
 * A job of `kind` as every process sees it, or null when there is none. A
 * running job whose heartbeat is stale reads as failed with the kind's
 * interrupted outcome (recoverJobs records it so later).
 */
export async function readJob<P, R>(work: Work, kind: JobKind<P, R>, id: string): Promise<JobView<P, R> | null> {
  const row = await work.db.selectFrom('jobs').selectAll().where('id', '=', id).where('kind', '=', kind.name).executeTakeFirst()
  if (!row) return null
  const params = kind.params.safeParse(JSON.parse(row.params))
  if (!params.success) return null
  const parsed = row.result === null ? null : kind.result.safeParse(JSON.parse(row.result))
  const view: JobView<P, R> = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    fileName: row.file_name,
    total: row.total,
    processed: row.processed,
    phase: row.phase,
    params: params.data,
    result: parsed?.success ? parsed.data : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    heartbeatAt: row.heartbeat_at,
    runner: row.runner,
  }
  if (view.status === 'running' && view.heartbeatAt < staleBefore(work)) return { ...view, status: 'failed', result: kind.interrupted }
  return view
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind checks its own params and results
export type AnyJobKind = JobKind<any, any>

/**
 * After a crash (at start-up, then now and again): every running job whose
 * heartbeat is stale is resumed here when its kind can resume, else failed
 * with the kind's interrupted outcome; a kind not in `kinds` is failed without
 * one. A job is claimed with a conditional update, so two processes
 * recovering at once never both take it. `done` settles when the resumed
 * runs have ended.
 */
export async function recoverJobs(work: Work, kinds: readonly AnyJobKind[]): Promise<{ resumed: string[]; failed: string[]; done: Promise<void> }> {
  const cutoff = staleBefore(work)
  const stale = await work.db
    .selectFrom('jobs')
    .select(['id', 'kind', 'params', 'file_name'])
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', cutoff)
    .execute()
  const resumed: string[] = []
  const failed: string[] = []
  const runs: Promise<void>[] = []
  for (const job of stale) {
    const kind = kinds.find((k) => k.name === job.kind)
    const params = kind?.params.safeParse(JSON.parse(job.params))
    const at = work.now().toISOString()
    const claim = work.db.updateTable('jobs').where('id', '=', job.id).where('status', '=', 'running').where('heartbeat_at', '<', cutoff)
    if (kind?.resume && params?.success) {
      const taken = await claim.set({ runner: RUNNER, heartbeat_at: at, processed: 0 }).executeTakeFirst()
      if (Number(taken.numUpdatedRows) === 0) continue
      resumed.push(job.id)
      work.log.warn({ jobId: job.id, kind: job.kind }, 'resuming a job whose runner stopped')
      runs.push(execute(work, kind, job.id, params.data, kind.resume))
    } else {
      const result = kind ? JSON.stringify(kind.interrupted) : null
      const taken = await claim.set({ status: 'failed', result, finished_at: at }).executeTakeFirst()
      if (Number(taken.numUpdatedRows) > 0) failed.push(job.id)
    }
  }
  return { resumed, failed, done: Promise.all(runs).then(() => {}) }
}
