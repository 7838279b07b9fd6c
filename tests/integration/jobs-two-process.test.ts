import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { MINUTE, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { readJob, STALE_MS } from '#app/modules/jobs/jobs.server.ts'
import { recoverStaleJobs } from '#app/modules/jobs/kinds.server.ts'
import { rosterImportJob } from '#app/modules/roster/roster.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { copyTemplateDatabase, type DatabaseCopy } from '#tests/setup/databases.ts'
import { freePort, launchServer, type ServerProcess } from '#tests/setup/process.ts'
import { sessionLogin } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// A job's state is its row (ADR 013): a job run by one process reads as
// running from every other process while its runner beats, however long ago
// it started, and as interrupted once the runner has died and its heartbeat
// has gone stale. Three processes share one database: a child process runs
// the job, a server shows its page, and this test reads it through the jobs
// module. All three clocks move together, as they would in real time.

let database: DatabaseCopy
let db: Database
let server: ServerProcess
let runner: ChildProcessWithoutNullStreams
let jobId: string
let cohortId: string
let cookie: string

beforeAll(async () => {
  database = await copyTemplateDatabase('jobs_two_process')
  db = openDatabase(database.url)
  const admin = await createUser(db, { roles: ['admin'] })
  cohortId = await createTestCohort(db, await createTestCourse(db))
  server = await launchServer(await freePort(), { DATABASE_URL: database.url })
  cookie = await sessionLogin(() => ({ url: server.url, dbFile: database.url, exportsDir: '', output: server.output, stop: server.stop }))(admin)
  runner = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/job-process.ts', database.url, cohortId, admin.id], { stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  runner.stderr.on('data', (d: Buffer) => (output += d.toString()))
  jobId = await new Promise<string>((resolve, reject) => {
    runner.stdout.on('data', (d: Buffer) => {
      output += d.toString()
      const match = /job ([a-z2-7]{16})/.exec(output)
      if (match) resolve(match[1]!)
    })
    runner.once('exit', () => reject(new Error(`the job process exited:\n${output}`)))
  })
}, 30_000)

afterAll(async () => {
  setClockOffset(0)
  runner?.kill('SIGKILL')
  await server?.stop()
  await db?.destroy()
  await database?.remove()
})

let serverOffset = 0
/** Moves the clocks of all three processes to `ms` past the run's start. */
async function moveClocks(ms: number) {
  setClockOffset(ms)
  if (runner.exitCode === null && runner.signalCode === null) runner.stdin.write(`clock ${ms}\n`)
  const res = await fetch(`${server.url}/__test/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ minutes: (ms - serverOffset) / MINUTE }),
  })
  expect(res.ok).toBe(true)
  serverOffset = ms
}

const page = async () => (await fetch(`${server.url}/admin/import/${jobId}`, { headers: { Cookie: cookie } })).text()
const beat = () => new Promise((resolve) => setTimeout(resolve, 300))

test('a job another process runs reads as running while it beats, however long ago it started', async () => {
  // Ten minutes on: five times what this process used to allow a job it did not run itself.
  await moveClocks(10 * MINUTE)
  await beat()
  const job = await readJob(testWork(db), rosterImportJob, jobId)
  expect(job).toMatchObject({ status: 'running', result: null })
  expect(job!.processed).toBeGreaterThan(0)
  expect(job!.runner).toMatch(new RegExp(`:${runner.pid}$`))
  const html = await page()
  expect(html).toContain('<meta http-equiv="refresh" content="1"/>')
  expect(html).not.toContain('role="alert"')
})

test('once its process has died, the job reads as interrupted everywhere after the stale limit, and recovery fails it', async () => {
  runner.kill('SIGKILL')
  await new Promise((resolve) => runner.once('exit', resolve))
  // Just dead: its last heartbeat is still fresh.
  expect(await readJob(testWork(db), rosterImportJob, jobId)).toMatchObject({ status: 'running' })

  const later = 10 * MINUTE + STALE_MS + 5_000
  await moveClocks(later)
  expect(await readJob(testWork(db), rosterImportJob, jobId)).toMatchObject({ status: 'failed', result: { kind: 'failure', key: 'import.job.interrupted' } })
  const html = await page()
  expect(html).not.toContain('http-equiv="refresh"')
  expect(html).toContain('role="alert"')

  const recovered = await recoverStaleJobs(testWork(db))
  // A roster job resumes only past its commit point; this one had staged nothing, so its resumption fails it.
  expect(recovered).toMatchObject({ resumed: [jobId], failed: [] })
  await recovered.done
  const row = await db.selectFrom('jobs').select(['status', 'result', 'finished_at']).where('id', '=', jobId).executeTakeFirstOrThrow()
  expect(row.status).toBe('failed')
  expect(JSON.parse(row.result!)).toEqual({ kind: 'failure', key: 'import.job.interrupted' })
})
