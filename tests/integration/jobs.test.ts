import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { newId } from '#db/ids.server.ts'
import { write } from '#app/core/work.server.ts'
import { MINUTE, now, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { createJob, readJob, recoverJobs, RUNNER, STALE_MS, type JobKind } from '#app/modules/jobs/jobs.server.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The jobs module on its own: a job's row is its whole state, its heartbeat
// tells a live runner from a dead one, and recovery resumes or fails the
// jobs whose runner died.

const db = createTestDb()
let admin: FixtureUser
beforeAll(async () => {
  admin = await createUser(db, { roles: ['admin'] })
})
afterEach(() => setClockOffset(0))

const Result = z.discriminatedUnion('kind', [z.object({ kind: z.literal('sum'), sum: z.number() }), z.object({ kind: z.literal('failure'), key: z.string() })])
type Outcome = z.infer<typeof Result>
const Params = z.object({ numbers: z.array(z.number()) })

const runs: string[] = []
const summing: JobKind<z.infer<typeof Params>, Outcome> = {
  name: 'test.sum',
  params: Params,
  result: Result,
  crashed: { kind: 'failure', key: 'crashed' },
  interrupted: { kind: 'failure', key: 'interrupted' },
  resume: async (job) => {
    runs.push(job.id)
    await job.finish(job.work.db, 'done', { kind: 'sum', sum: job.params.numbers.reduce((a, b) => a + b, 0) })
  },
}
const oneShot: JobKind<z.infer<typeof Params>, Outcome> = { ...summing, name: 'test.once', resume: undefined }

/** A job row left running by a process that died `ago` ms before now. */
async function orphan(kind: string, ago: number, params: object = { numbers: [1, 2, 3] }) {
  const id = newId()
  const at = new Date(now().getTime() - ago).toISOString()
  await db
    .insertInto('jobs')
    .values({
      id,
      kind,
      status: 'running',
      file_name: 'x.csv',
      total: 3,
      processed: 1,
      result: null,
      params: JSON.stringify(params),
      created_by: admin.id,
      created_at: at,
      started_at: at,
      heartbeat_at: at,
      runner: 'elsewhere:1',
      finished_at: null,
    })
    .execute()
  return id
}

describe('a job', () => {
  test('is recorded in the caller’s write, runs after the commit, reports progress and finishes', async () => {
    const work = testWork(db, { actorId: admin.id })
    const seen: number[] = []
    const started = await write(work, async (tx) => {
      const job = await createJob(tx, summing, { fileName: 'numbers.csv', params: { numbers: [4, 5, 6] }, total: 3 })
      tx.afterCommit(() =>
        job.begin(work, async (handle) => {
          for (let i = 1; i <= 3; i++) {
            await handle.progress(i)
            seen.push((await readJob(work, summing, handle.id))!.processed)
          }
          await handle.finish(work.db, 'done', { kind: 'sum', sum: 15 })
        }),
      )
      return job
    })
    await started.done
    expect(seen).toEqual([1, 2, 3])
    const job = await readJob(work, summing, started.id)
    expect(job).toMatchObject({ status: 'done', processed: 3, total: 3, result: { kind: 'sum', sum: 15 }, createdBy: admin.id, runner: RUNNER })
    expect(job?.startedAt).not.toBeNull()
    expect(job?.finishedAt).not.toBeNull()
    expect(await readJob(work, oneShot, started.id)).toBeNull()
  })

  test('is never begun when its write rolls back', async () => {
    const work = testWork(db, { actorId: admin.id })
    let id = ''
    await expect(
      write(work, async (tx) => {
        const job = await createJob(tx, summing, { fileName: 'n.csv', params: { numbers: [] }, total: 0 })
        id = job.id
        tx.afterCommit(() => job.begin(work, () => Promise.reject(new Error('never'))))
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await db.selectFrom('jobs').select('id').where('id', '=', id).execute()).toEqual([])
  })

  test('that throws is failed as crashed, and the error is logged', async () => {
    const work = testWork(db, { actorId: admin.id })
    const started = await write(work, async (tx) => {
      const job = await createJob(tx, summing, { fileName: 'n.csv', params: { numbers: [1] }, total: 1 })
      tx.afterCommit(() => job.begin(work, () => Promise.reject(new Error('disk full'))))
      return job
    })
    await started.done
    expect(await readJob(work, summing, started.id)).toMatchObject({ status: 'failed', result: { kind: 'failure', key: 'crashed' } })
    expect(work.log.lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'a job failed' }))
  })

  test('reads as running while its heartbeat is fresh, and as interrupted once it is stale, whoever reads it', async () => {
    const id = await orphan(summing.name, 0)
    // Started long before: only the heartbeat counts.
    await db
      .updateTable('jobs')
      .set({ created_at: new Date(now().getTime() - 60 * MINUTE).toISOString() })
      .where('id', '=', id)
      .execute()
    expect(await readJob(testWork(db), summing, id)).toMatchObject({ status: 'running', result: null })
    setClockOffset(STALE_MS - 1_000)
    expect(await readJob(testWork(db), summing, id)).toMatchObject({ status: 'running' })
    setClockOffset(STALE_MS + 1_000)
    expect(await readJob(testWork(db), summing, id)).toMatchObject({ status: 'failed', result: { kind: 'failure', key: 'interrupted' } })
  })
})

describe('recovery', () => {
  test('resumes a stale job of a kind that can resume, fails one that cannot, and leaves live ones alone', async () => {
    const resumable = await orphan(summing.name, STALE_MS + 1_000, { numbers: [10, 20] })
    const lost = await orphan(oneShot.name, STALE_MS + 1_000)
    const unknown = await orphan('test.gone', STALE_MS + 1_000)
    const live = await orphan(oneShot.name, 1_000)
    const recovered = await recoverJobs(testWork(db), [summing, oneShot])
    expect(recovered.resumed).toEqual([resumable])
    expect(recovered.failed.sort()).toEqual([lost, unknown].sort())
    await recovered.done
    expect(runs).toEqual([resumable])
    expect(await readJob(testWork(db), summing, resumable)).toMatchObject({ status: 'done', result: { kind: 'sum', sum: 30 }, runner: RUNNER })
    const rows = await db.selectFrom('jobs').select(['id', 'status', 'result']).where('id', 'in', [lost, unknown, live]).execute()
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.result && JSON.parse(r.result)]]))).toEqual({
      [lost]: ['failed', { kind: 'failure', key: 'interrupted' }],
      [unknown]: ['failed', null],
      [live]: ['running', null],
    })
    // A second recovery finds nothing left to take.
    expect(await recoverJobs(testWork(db), [summing, oneShot])).toMatchObject({ resumed: [], failed: [] })
  })

  test('a runner whose job was failed meanwhile cannot record an outcome over it', async () => {
    const work = testWork(db, { actorId: admin.id })
    let release!: () => void
    const paused = new Promise<void>((resolve) => (release = resolve))
    let refused: unknown = null
    const started = await write(work, async (tx) => {
      const job = await createJob(tx, oneShot, { fileName: 'n.csv', params: { numbers: [1] }, total: 1 })
      tx.afterCommit(() =>
        job.begin(work, async (handle) => {
          await paused
          await handle.finish(work.db, 'done', { kind: 'sum', sum: 1 }).catch((error: unknown) => {
            refused = error
            throw error
          })
        }),
      )
      return job
    })
    setClockOffset(STALE_MS + 1_000)
    expect((await recoverJobs(testWork(db), [oneShot])).failed).toContain(started.id)
    release()
    await started.done
    expect(refused).toBeInstanceOf(Error)
    expect(await readJob(testWork(db), oneShot, started.id)).toMatchObject({ status: 'failed', result: { kind: 'failure', key: 'interrupted' } })
  })
})
