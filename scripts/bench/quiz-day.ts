// npm run bench:quiz-day [-- --shape moodle|storm --users 2000 --workers 2 --time-scale 1 --database <file> | --postgres <server url>]
// A published Moodle load test, reproduced: 2,000 teachers open a 16-question
// test of 8 pages and answer a page every 30–90 s. Two shapes:
// --shape moodle (the default) runs it as the reference Moodle 4.5 load test
// does: logins ramped evenly over 180 s, every teacher then held at a
// synchronizing point after opening the course, and all start the test at
// once; targets 0 errors and every step p95 < 500 ms. --shape storm logs
// everyone in at the same moment too; targets 0 errors, every step but logging
// in p95 < 1 s, and logging in beside its floor (logins × one argon2id hash,
// measured here, ÷ cores); the login form, which every browser asks for on a
// new connection in the same tick, is printed beside its floor too
// (browsers × the server's CPU for one such request ÷ cores). The moodle
// shape prints how fast the synchronized start was served.
// Starts the built server in cluster mode (server/cluster.ts, production) on a
// fresh temporary database (or a copy of --database, or a new database on the
// PostgreSQL server of --postgres, dropped afterwards) with the bench course of
// scripts/bench/fixtures/quiz-day, creates the teachers and enrols them in one
// cohort through the app's own functions, runs them, and prints errors and
// p50/p95/p99/max per step with the server's CPU and memory from /proc.
// --time-scale 0.1 makes the ramp and the think times ten times shorter for a
// quick run; --server-log <file> keeps the server's request log.
// --save <file.json> keeps each step's figures; --against <file.json> prints
// this run's steps beside a saved one's with their ratio, against the target
// "PostgreSQL within 1.5× of SQLite at every step": run the SQLite shape
// with --save, then the same settings with --postgres and --against.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { sql } from 'kysely'
import { z } from 'zod'
import { openDatabase, type Database } from '#db/client.server.ts'
import { write } from '#app/core/work.server.ts'
import { newId } from '#db/ids.server.ts'
import { iinCheckDigit } from '#app/modules/auth/iin.ts'
import { hashPassword, verifyPassword } from '#app/modules/auth/password.server.ts'
import { userSearchText } from '#app/modules/auth/users.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { createCohort } from '#app/modules/courses/cohorts.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { refreshMetrics } from '#app/modules/metrics/rollups.server.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'
import { Random } from '#tools/simulate/random.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { testWork } from '#tests/setup/work.ts'
import { sampleProcessTree, treeCpuMs } from './process-sampler.ts'
import { runTeacher, USER_AGENT, type AnswerKey, type QuizDayRun } from './quiz-day-user.ts'
import { fmt, startBenchServer } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 3195)
const CONTENT_DIR = 'scripts/bench/fixtures/quiz-day'
const COURSE = 'quiz-day'
const PAGES = 8
const PASSWORD = 'quiz-day-bench-2026'
const REGION = 'KZ-75'
const KNOWLEDGE = 0.85
/** The Moodle test plan's login ramp, before --time-scale. */
const RAMP_SECONDS = 180
const TARGET_P95_MS = { moodle: 500, storm: 1_000 }

const Options = z.object({
  shape: z.enum(['moodle', 'storm']),
  users: z.coerce.number().int().min(1).max(10_000),
  workers: z.coerce.number().int().min(1).max(64),
  timeScale: z.coerce.number().min(0).max(10),
  database: z.string().optional(),
  postgres: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL of a database on the server, for example postgres://user@host:5432/postgres')
    .optional(),
  serverLog: z.string().optional(),
  save: z.string().optional(),
  against: z.string().optional(),
  seed: z.string(),
})
const { values } = parseArgs({
  options: {
    shape: { type: 'string', default: 'moodle' },
    users: { type: 'string', default: '2000' },
    workers: { type: 'string', default: String(os.availableParallelism()) },
    'time-scale': { type: 'string', default: '1' },
    database: { type: 'string' },
    postgres: { type: 'string' },
    // One JSON line per request (LOG_LEVEL=info), written there at the end: for finding a slow step's cause.
    'server-log': { type: 'string' },
    seed: { type: 'string', default: 'quiz-day' },
    save: { type: 'string' },
    against: { type: 'string' },
  },
})
const parsed = Options.safeParse({ ...values, timeScale: values['time-scale'], serverLog: values['server-log'] })
if (parsed.success && parsed.data.database && parsed.data.postgres) {
  console.error('--database and --postgres: give one of them.')
  process.exit(1)
}
if (!parsed.success) {
  console.error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'))
  process.exit(1)
}
const options = parsed.data

/** What --save writes and --against reads: one run's settings and each step's figures. */
const SavedRunSchema = z.object({
  database: z.string(),
  shape: z.string(),
  users: z.number(),
  timeScale: z.number(),
  steps: z.record(z.object({ count: z.number(), errors: z.number(), p50: z.number(), p95: z.number() })),
})
type SavedRun = z.infer<typeof SavedRunSchema>
/** PostgreSQL within this many times SQLite's p95 at every step. */
const AGAINST_TARGET = 1.5
const saved = options.against ? SavedRunSchema.parse(JSON.parse(fs.readFileSync(options.against, 'utf8'))) : null
if (saved && (saved.shape !== options.shape || saved.users !== options.users || saved.timeScale !== options.timeScale)) {
  console.error(
    `--against ${options.against} was run with --shape ${saved.shape} --users ${saved.users} --time-scale ${saved.timeScale}: run this one the same.`,
  )
  process.exit(1)
}

const QuizKeySchema = z.array(z.object({ id: z.string(), type: z.enum(['single', 'multiple']), options: z.array(z.string()), correct: z.array(z.string()) }))

/** Valid IINs (born 1985–1995) that nobody in the database has. */
async function freeIins(db: Database, count: number): Promise<string[]> {
  const taken = new Set((await db.selectFrom('users').select('iin').where('iin', 'is not', null).execute()).map((u) => u.iin))
  const iins: string[] = []
  for (let serial = 0; iins.length < count; serial++) {
    const year = 85 + (serial % 11)
    const day = 1 + (Math.floor(serial / 11) % 28)
    const first11 = `${year}01${String(day).padStart(2, '0')}${3 + (serial % 2)}${String(Math.floor(serial / 308) % 10_000).padStart(4, '0')}`
    const check = iinCheckDigit(first11)
    if (check !== null && !taken.has(first11 + check)) iins.push(first11 + check)
  }
  return iins
}

/**
 * The teachers (one password hash for all: verifying it costs the server the
 * same), and their enrolments in one new cohort, as an admin's import does.
 */
async function setUp(db: Database, users: number): Promise<{ cohortId: string; emails: string[]; key: AnswerKey }> {
  let school = await db.selectFrom('schools').select('id').where('region_code', '=', REGION).orderBy('id').executeTakeFirst()
  if (!school) {
    await insertFixtureSchools(db)
    school = await db.selectFrom('schools').select('id').where('region_code', '=', REGION).orderBy('id').executeTakeFirstOrThrow()
  }
  const admin = await createUser(db, { roles: ['admin'] })
  const today = nowIso().slice(0, 10)
  const asAdmin = testWork(db, { actorId: admin.id })
  const cohort = await createCohort(
    asAdmin,
    {
      courseId: COURSE,
      title: `Quiz day ${nowIso().slice(0, 16)}`,
      lang: 'kk',
      startsOn: today,
      endsOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
      capacity: users,
      regionCode: REGION,
    },
    null,
  )
  if (!cohort.ok) throw new Error(`could not create the cohort: ${JSON.stringify(cohort.error)}`)
  const { cohortId } = cohort.value

  const passwordHash = await hashPassword(PASSWORD)
  const iins = await freeIins(db, users)
  const run = Date.now().toString(36)
  const emails = iins.map((_, i) => `quiz-day-${run}-${String(i + 1).padStart(5, '0')}@bench.orken.kz`)
  await write(asAdmin, async ({ db: trx, work }) => {
    const stamp = nowIso()
    const ids: string[] = []
    for (let from = 0; from < users; from += 500) {
      const rows = emails.slice(from, from + 500).map((email, j) => {
        const i = from + j
        const fullName = `Мұғалім ${String(i + 1).padStart(5, '0')}`
        const id = newId()
        ids.push(id)
        return {
          id,
          email,
          iin: iins[i]!,
          full_name: fullName,
          search_text: userSearchText(fullName, email, iins[i]!),
          phone: null,
          region_code: REGION,
          school_id: school.id,
          password_hash: passwordHash,
          locale: 'kk' as const,
          is_active: 1,
          is_demo: 0,
          created_at: stamp,
          updated_at: stamp,
          deactivated_at: null,
        }
      })
      await trx.insertInto('users').values(rows).execute()
    }
    for (let from = 0; from < ids.length; from += 500) {
      const roles = ids.slice(from, from + 500).map((userId) => ({
        id: newId(),
        user_id: userId,
        role: 'teacher' as const,
        scope: '',
        region_code: null,
        school_id: null,
        granted_by: null,
        granted_at: stamp,
      }))
      await trx.insertInto('user_roles').values(roles).execute()
    }
    await refreshMetrics(trx, ['registered_site_users'], ids)
    for (const userId of ids) {
      const enrolled = await enrol(work, { userId, cohortId, source: 'import', today })
      if (!enrolled.ok) throw new Error(`could not enrol a teacher: ${enrolled.error}`)
    }
  })

  const version = await db.selectFrom('cohorts').select('course_version_id').where('id', '=', cohortId).executeTakeFirstOrThrow()
  const key: AnswerKey = new Map()
  for (const row of await db.selectFrom('quiz_keys').select(['quiz_id', 'questions']).where('course_version_id', '=', version.course_version_id).execute()) {
    key.set(row.quiz_id, new Map(QuizKeySchema.parse(JSON.parse(row.questions)).map((q) => [q.id, q.correct])))
  }
  return { cohortId, emails, key }
}

const START_STEP = 'open test (page 1)'
const STEPS = [
  'login form',
  'log in',
  'open course',
  START_STEP,
  ...Array.from({ length: PAGES }, (_, i) => [`answer page ${i + 1}`, ...(i + 1 < PAGES ? [`open page ${i + 2}`] : [])]).flat(),
]

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : 0
}

// --- run ---------------------------------------------------------------------

if (!fs.existsSync('build/server/index.js')) {
  console.error('No build: run `npm run build` first.')
  process.exit(1)
}
let copyDir: string | null = null
const env: Record<string, string> = {
  CONTENT_DIR,
  TRUST_PROXY: 'true',
  WEB_CONCURRENCY: String(options.workers),
  LOG_LEVEL: options.serverLog ? 'info' : 'warn',
}
if (options.database) {
  const source = path.resolve(options.database)
  if (!fs.existsSync(source)) {
    console.error(`No database at ${source}.`)
    process.exit(1)
  }
  // A copy: the bench adds its teachers and answers, which the original must not keep.
  copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-quiz-day-'))
  env.DATABASE_URL = path.join(copyDir, path.basename(source))
  for (const suffix of ['', '-wal']) if (fs.existsSync(source + suffix)) fs.copyFileSync(source + suffix, env.DATABASE_URL + suffix)
}

// A database of its own on that server, so that the run starts empty and leaves nothing behind.
let dropPostgres: (() => Promise<void>) | null = null
if (options.postgres) {
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: options.postgres })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  const name = `orken_quiz_day_${Date.now().toString(36)}`
  await admin(`create database "${name}"`)
  const url = new URL(options.postgres)
  url.pathname = `/${name}`
  env.DATABASE_URL = url.toString()
  dropPostgres = () => admin(`drop database if exists "${name}" with (force)`)
}

/** One argon2id verification's time here, in ms: the median of a few, what each login costs the server. */
async function hashMs(): Promise<number> {
  const hash = await hashPassword(PASSWORD)
  const times: number[] = []
  for (let i = 0; i < 7; i++) {
    const started = performance.now()
    await verifyPassword(hash, PASSWORD)
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)[3]!
}

/** The synchronizing point: opens once every teacher has arrived or stopped. */
function barrier(count: number) {
  let waiting = count
  let open: () => void
  let openedAt: number | null = null
  const opened = new Promise<void>((resolve) => (open = resolve))
  const pass = () => {
    if (--waiting > 0) return
    openedAt = performance.now()
    open()
  }
  return {
    arrive: () => {
      pass()
      return opened
    },
    leave: pass,
    /** When the last teacher arrived and everyone was let through (performance.now()), null before. */
    openedAt: () => openedAt,
  }
}

/**
 * What one page costs the whole server in CPU, asked `count` times one after
 * another by a browser (gzip) before the run: a page that is the same for
 * everyone should cost little more than /healthz.
 */
async function cpuPerRequest(origin: string, pid: number, path: string, count = 200, newConnection = false): Promise<number> {
  const headers = { 'user-agent': USER_AGENT, 'accept-encoding': 'gzip', accept: 'text/html' }
  // A browser's first request comes on a connection of its own: accepted, set up and closed for this one request.
  const askOnNewConnection = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(origin + path, { agent: false, headers }, (res) => {
          res.resume()
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path} answered ${res.statusCode}`))))
        })
        .on('error', reject)
    })
  const ask = async () => {
    if (newConnection) return askOnNewConnection()
    const res = await fetch(origin + path, { headers })
    await res.arrayBuffer()
    if (!res.ok) throw new Error(`${path} answered ${res.status}`)
  }
  for (let i = 0; i < 10; i++) await ask()
  const before = treeCpuMs(pid)
  for (let i = 0; i < count; i++) await ask()
  return (treeCpuMs(pid) - before) / count
}

const rampMs = options.shape === 'moodle' ? RAMP_SECONDS * 1000 * options.timeScale : 0
console.log(
  `Quiz day, shape ${options.shape}: ${options.shape === 'moodle' ? `logins ramped over ${fmt(rampMs / 1000, 1)} s, everyone held after opening the course and starting the test at once` : 'every teacher logs in at the same moment'}`,
)
console.log(
  `${fmt(options.users)} teachers, a ${PAGES * 2}-question test of ${PAGES} pages, think time ${fmt(30 * options.timeScale, 1)}–${fmt(90 * options.timeScale, 1)} s per page; server: ${options.workers} worker(s) on ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
)
// Before the server starts, so that its boot does not slow the measurement.
const oneHashMs = await hashMs()
const server = await startBenchServer(PORT, env, 'server/cluster.ts').catch(async (error: unknown) => {
  if (dropPostgres) await dropPostgres()
  if (copyDir) fs.rmSync(copyDir, { recursive: true, force: true })
  throw error
})
try {
  const setupStarted = performance.now()
  const db = openDatabase(server.dbFile)
  const { cohortId, emails, key } = await setUp(db, options.users)
  console.log(
    `Set-up: ${fmt(options.users)} teachers created and enrolled in one cohort in ${fmt((performance.now() - setupStarted) / 1000, 1)} s (database ${options.database ? `copy of ${options.database}` : options.postgres ? `fresh, on PostgreSQL ${new URL(options.postgres).host}` : 'fresh SQLite'})`,
  )

  if (options.postgres) {
    // The figures depend on it: the test server (scripts/pg-test-server.sh) runs without durability.
    const setting = async (name: string) => String((await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db)).rows[0]?.value)
    console.log(
      `PostgreSQL settings: fsync ${await setting('fsync')}, synchronous_commit ${await setting('synchronous_commit')}, max_connections ${await setting('max_connections')}; the server's pool: PG_POOL_MAX ${process.env.PG_POOL_MAX ?? 'default'} per worker`,
    )
  }
  const pageCpu: Record<string, number> = {}
  for (const p of ['/healthz', '/login', `/courses/${COURSE}`]) pageCpu[p] = await cpuPerRequest(server.url, server.pid, p)
  // The storm's first step: every browser opens its connection and asks for the login form at once.
  const loginFormFreshCpu = await cpuPerRequest(server.url, server.pid, '/login', 200, true)
  console.log(
    `Server CPU per request, one at a time before the run: /healthz ${fmt(pageCpu['/healthz']!, 1)} ms, login form ${fmt(pageCpu['/login']!, 1)} ms, course page (visitor) ${fmt(pageCpu[`/courses/${COURSE}`]!, 1)} ms (target: a page the same for everyone costs ~2 ms more than /healthz at most); login form on a new connection each ${fmt(loginFormFreshCpu, 1)} ms`,
  )

  const stats = new Map(STEPS.map((s) => [s, { ms: [] as number[], errors: new Map<string, number>() }]))
  const startBarrier = options.shape === 'moodle' ? barrier(options.users) : undefined
  // The synchronized start's last answer: with the barrier's opening, how fast the server drained it.
  let startDoneAt: number | null = null
  const totals = { requests: 0, retries: 0, errors: 0, answered: 0, done: 0, failed: 0, accepted: 0 }
  const run: QuizDayRun = {
    origin: server.url,
    course: COURSE,
    pages: PAGES,
    timeScale: options.timeScale,
    knowledge: KNOWLEDGE,
    key,
    record: (step, ms, error) => {
      if (step === START_STEP) startDoneAt = performance.now()
      const s = stats.get(step)!
      if (error === null) {
        s.ms.push(ms)
        if (step.startsWith('answer')) totals.accepted++
      } else {
        totals.errors++
        s.errors.set(error, (s.errors.get(error) ?? 0) + 1)
      }
    },
    onRequest: () => totals.requests++,
    onRetry: () => totals.retries++,
    onPageAnswered: () => totals.answered++,
    barrier: startBarrier,
  }

  const sampler = sampleProcessTree(server.pid, (pid, cmdline) =>
    pid === server.pid ? 'primary' : cmdline.includes('server/index.ts') ? 'worker' : cmdline.includes('esbuild') ? 'esbuild (tsx, mdx)' : 'other',
  )
  const rng = new Random(options.seed)
  const clientCpu = process.cpuUsage()
  const started = performance.now()
  const progress = setInterval(() => {
    const s = Math.round((performance.now() - started) / 1000)
    console.log(
      `[${String(s).padStart(4)} s] logged in ${fmt(stats.get('log in')!.ms.length)}/${fmt(options.users)}, pages answered ${fmt(totals.answered)}/${fmt(options.users * PAGES)}, done ${fmt(totals.done)}, stopped by an error ${fmt(totals.failed)}; requests ${fmt(totals.requests)}, errors ${fmt(totals.errors)}; server CPU ${fmt(sampler.current())}% of all cores`,
    )
  }, 10_000)
  // Storm: every teacher begins in the same tick. Moodle: one after another, evenly over the ramp.
  await Promise.all(
    emails.map(async (email, i) => {
      const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
      const ok = await runTeacher(run, { email, password: PASSWORD, address, startAfterMs: (i * rampMs) / options.users }, rng.fork(String(i)))
      if (ok) totals.done++
      else totals.failed++
    }),
  )
  clearInterval(progress)
  const elapsed = (performance.now() - started) / 1000
  const usage = sampler.stop()

  // What the database holds must match what the server answered.
  const recorded = await db
    .selectFrom('quiz_attempts')
    .innerJoin('enrolments', 'enrolments.id', 'quiz_attempts.enrolment_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('enrolments.cohort_id', '=', cohortId)
    .executeTakeFirstOrThrow()
  const completed = await db
    .selectFrom('enrolments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cohort_id', '=', cohortId)
    .where('status', '=', 'completed')
    .executeTakeFirstOrThrow()
  const certificates = await db
    .selectFrom('certificates')
    .innerJoin('enrolments', 'enrolments.id', 'certificates.enrolment_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('enrolments.cohort_id', '=', cohortId)
    .executeTakeFirstOrThrow()
  await db.destroy()

  console.log(
    `\nFinished in ${fmt(elapsed, 1)} s: ${fmt(totals.done)} teachers answered all ${PAGES} pages, ${fmt(totals.failed)} stopped by an error; ${fmt(totals.requests)} requests (${fmt(totals.requests / elapsed, 1)}/s on average; ${fmt(totals.retries)} sent again on a new connection after the server closed an idle kept-alive one under them, as browsers do)`,
  )
  console.log(
    `Database: ${fmt(Number(recorded.n))} quiz attempts recorded for ${fmt(totals.accepted)} answers accepted${Number(recorded.n) === totals.accepted ? '' : '  <-- MISMATCH'}; ${fmt(Number(completed.n))} enrolments completed, ${fmt(Number(certificates.n))} certificates issued\n`,
  )
  const width = Math.max(...STEPS.map((s) => s.length), 'all steps'.length)
  const cores = os.availableParallelism()
  const targetMs = TARGET_P95_MS[options.shape]
  // Each login verifies one argon2id hash, which no cache can spare: the storm's logins cannot finish sooner than this.
  const loginFloorMs = (options.users * oneHashMs) / cores
  // Every browser connects and asks for the login form in the same tick: the last is answered no sooner than this.
  const loginFormFloorMs = (options.users * loginFormFreshCpu) / cores
  const header = `${'step'.padEnd(width)}  ${'count'.padStart(6)}  ${'errors'.padStart(6)}  ${'p50 ms'.padStart(7)}  ${'p95 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'max ms'.padStart(7)}  target`
  console.log(header)
  console.log('-'.repeat(header.length))
  const failedTargets: string[] = []
  const row = (name: string, ms: number[], errors: number, withTarget = true) => {
    const sorted = [...ms].sort((a, b) => a - b)
    const cells = [50, 95, 99, 100].map((p) => fmt(percentile(sorted, p)).padStart(7))
    const p95 = percentile(sorted, 95)
    let target = ''
    if (withTarget && options.shape === 'storm' && name === 'log in') target = `floor ${fmt(loginFloorMs)} ms (p95 ${fmt(p95 / loginFloorMs, 1)}× it), 0 errors`
    else if (withTarget) {
      const met = p95 < targetMs && errors === 0
      if (!met) failedTargets.push(name)
      target = `p95 < ${fmt(targetMs)} ms, 0 errors: ${met ? 'MET' : 'NOT MET'}`
      if (options.shape === 'storm' && name === 'login form') target += `; floor ${fmt(loginFormFloorMs)} ms`
    }
    console.log(`${name.padEnd(width)}  ${fmt(ms.length).padStart(6)}  ${fmt(errors).padStart(6)}  ${cells.join('  ')}  ${target}`)
  }
  for (const [name, s] of stats)
    row(
      name,
      s.ms,
      [...s.errors.values()].reduce((a, b) => a + b, 0),
    )
  console.log('-'.repeat(header.length))
  row(
    'all steps',
    [...stats.values()].flatMap((s) => s.ms),
    totals.errors,
    false,
  )
  console.log(
    `\nShape ${options.shape}: ${failedTargets.length ? `NOT MET at ${failedTargets.join(', ')}` : 'every step MET'}; one argon2id verification here ${fmt(oneHashMs, 1)} ms, so ${fmt(options.users)} logins need at least ${fmt(loginFloorMs / 1000, 1)} s of ${cores} cores${options.shape === 'moodle' ? ` (the ramp gives them ${fmt(rampMs / 1000, 1)} s)` : ''}`,
  )
  const openedAt = startBarrier?.openedAt() ?? null
  const startCount = stats.get(START_STEP)!.ms.length
  if (openedAt !== null && startDoneAt !== null && startCount > 0) {
    // Served one after another at this rate, the k-th of N teachers waits k ÷ rate: p95 is 0.95 N ÷ rate.
    const drainS = (startDoneAt - openedAt) / 1000
    const teachersPerS = startCount / drainS
    console.log(
      `Synchronized start: ${fmt(startCount)} teachers let through at once, their first views of the test served in ${fmt(drainS, 1)} s, ${fmt(teachersPerS)} a second; at that rate p95 < ${fmt(targetMs)} ms holds for about ${fmt((targetMs / 1000) * (teachersPerS / 0.95))} teachers starting at the same moment`,
    )
  }
  const database = options.database ? 'SQLite (copy)' : options.postgres ? 'PostgreSQL' : 'SQLite'
  const steps: SavedRun['steps'] = {}
  for (const [name, s] of stats) {
    const sorted = [...s.ms].sort((a, b) => a - b)
    steps[name] = { count: s.ms.length, errors: [...s.errors.values()].reduce((a, b) => a + b, 0), p50: percentile(sorted, 50), p95: percentile(sorted, 95) }
  }
  if (options.save) {
    const run: SavedRun = { database, shape: options.shape, users: options.users, timeScale: options.timeScale, steps }
    fs.writeFileSync(options.save, JSON.stringify(run, null, 2))
  }
  if (saved) {
    console.log(`\np95 per step, ${saved.database} (${options.against}) beside ${database} (this run):`)
    const missed: string[] = []
    for (const [name, now] of Object.entries(steps)) {
      const before = saved.steps[name]
      if (!before) continue
      const ratio = now.p95 / Math.max(1, before.p95)
      const met = ratio <= AGAINST_TARGET && now.errors === 0
      if (!met) missed.push(name)
      console.log(
        `  ${name.padEnd(width)}  ${fmt(before.p95).padStart(7)} ms  ${fmt(now.p95).padStart(7)} ms  ${fmt(ratio, 2).padStart(5)}×  target: within ${AGAINST_TARGET}× of ${saved.database}, 0 errors: ${met ? 'MET' : 'NOT MET'}`,
      )
    }
    console.log(`  ${missed.length ? `NOT MET at ${missed.join(', ')}` : 'every step MET'}`)
  }
  const reasons = [...stats].flatMap(([name, s]) => [...s.errors].map(([reason, n]) => `  ${name}: ${reason} ×${n}`))
  if (reasons.length) console.log(`\nErrors:\n${reasons.join('\n')}`)
  console.log('(a step is the user\'s wait: "log in" is the POST and the page it redirects to; "answer page N" the POST and the page with the result)')

  console.log(`\nServer processes over ${fmt(usage.seconds)} s (CPU in % of one core; ${cores} cores):`)
  const byRole = [...usage.processes].sort((a, b) => a.label.localeCompare(b.label) || a.pid - b.pid)
  for (const p of byRole)
    console.log(
      `  ${p.label.padEnd(18)} pid ${String(p.pid).padEnd(8)} CPU mean ${fmt(p.cpuMean).padStart(4)}%  max ${fmt(p.cpuMax).padStart(4)}%   RSS max ${fmt(p.rssMaxMb).padStart(5)} MB   event loop waited for a core ${fmt(p.waitedForCpu).padStart(3)}% of the time`,
    )
  console.log(
    `  total: CPU mean ${fmt(usage.totalCpuMean)}% max ${fmt(usage.totalCpuMax)}% of all ${cores} cores; RSS max ${fmt(usage.totalRssMaxMb)} MB together (sum of each process's max ${fmt(byRole.reduce((a, p) => a + p.rssMaxMb, 0))} MB)`,
  )
  const client = process.cpuUsage(clientCpu)
  console.log(
    `  load generator (this process, same machine): CPU mean ${fmt(((client.user + client.system) / 1e6 / elapsed / cores) * 100)}% of all cores; machine as a whole (other programs included): mean ${fmt(usage.machineCpuMean)}%, max ${fmt(usage.machineCpuMax)}%`,
  )
  const serverErrors = server
    .output()
    .split('\n')
    .filter((l) => /"level":(50|60)/.test(l))
  if (serverErrors.length) console.log(`\nServer logged ${serverErrors.length} error line(s); the first:\n${serverErrors.slice(0, 3).join('\n')}`)
  if (totals.errors || Number(recorded.n) !== totals.accepted) process.exitCode = 1
} finally {
  await server.stop()
  if (options.serverLog) fs.writeFileSync(options.serverLog, server.output())
  if (copyDir) fs.rmSync(copyDir, { recursive: true, force: true })
  if (dropPostgres) await dropPostgres()
}
