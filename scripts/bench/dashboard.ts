// npm run bench:dashboard [-- --database /tmp/sim/national.db] [--only /admin] [--cluster] — the
// targets dashboard under load on a national-sized database. Starts the built
// server on that database, logs in as an admin and as a regional admin of
// Almaty (creating them through the app's own functions when the database has
// none), waits for the start-up passes of the background jobs, then runs
// autocannon (20 connections, 10 s each, after two uncounted seconds) on the
// dashboard, the Almaty region page, a course's cohorts and the regions
// export as each of them, and prints requests/s, p50, p95, p99 (beside the
// target: p95 < 50 ms), errors and non-2xx answers per URL (with each URL's
// time alone beside them), the server's CPU time per request (steadier than
// requests/s on a shared machine), and the database's size. --only measures
// the one URL given (with BENCH_PROF=<dir>, to profile one page); --cluster
// serves with serve:cluster (a process per core) instead of one process.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { openDatabase, type Database } from '#db/client.server.ts'
import { RegisterSchema } from '#app/modules/auth/forms.ts'
import { iinCheckDigit } from '#app/modules/auth/iin.ts'
import { hashPassword } from '#app/modules/auth/password.server.ts'
import { grantRole } from '#app/modules/admin/users.server.ts'
import { createTeacher, setPassword } from '#app/modules/auth/users.server.ts'
import { treeCpuMs } from './process-sampler.ts'
import { fmt, startBenchServer } from './server.ts'
import { testWork } from '#tests/setup/work.ts'

const PORT = Number(process.env.BENCH_PORT ?? 3197)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const WARM_UP = 2
const CONNECTIONS = 20
// Seconds; above autocannon's 10 so that a slow page is measured rather than only counted as an error.
const TIMEOUT = 30
const REGION = 'KZ-75'
const PASSWORD = 'bench-dashboard-2026'

const TARGET_P95_MS = 50

const { values } = parseArgs({
  options: { database: { type: 'string', default: '/tmp/sim/national.db' }, only: { type: 'string' }, cluster: { type: 'boolean', default: false } },
})
const database = path.resolve(values.database)
if (!fs.existsSync(database)) {
  console.error(`No database at ${database}. Generate the simulated national data set first, or pass --database <file>.`)
  process.exit(1)
}

/** An IIN nobody in the database has (born 1 January 1988). */
async function freeIin(db: Database): Promise<string> {
  for (let serial = 0; serial < 10_000; serial++) {
    const first11 = `8801013${String(serial).padStart(4, '0')}`
    const check = iinCheckDigit(first11)
    if (check === null) continue
    const iin = first11 + check
    if (!(await db.selectFrom('users').select('id').where('iin', '=', iin).executeTakeFirst())) return iin
  }
  throw new Error('no free IIN left for the bench accounts')
}

/** The bench's account with `role`, registered and granted as the app does it; its password is reset to the bench's. */
async function benchAccount(db: Database, role: 'admin' | 'regional_admin'): Promise<string> {
  const email = `bench-${role.replace('_', '-')}@bench.orken.kz`
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
  let userId = existing?.id
  if (userId) {
    await setPassword(testWork(db), userId, PASSWORD)
  } else {
    const school = await db.selectFrom('schools').select('id').where('region_code', '=', REGION).orderBy('id').executeTakeFirstOrThrow()
    const input = RegisterSchema.parse({
      iin: await freeIin(db),
      fullName: `Бенчмарк ${role}`,
      email,
      regionCode: REGION,
      schoolId: school.id,
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    })
    const registered = await createTeacher(testWork(db), {
      email: input.email,
      iin: input.iin,
      fullName: input.fullName,
      phone: null,
      regionCode: input.regionCode,
      schoolId: input.schoolId,
      passwordHash: await hashPassword(input.password),
      locale: 'kk',
    })
    if (!registered.ok) throw new Error(`could not register ${email}: ${JSON.stringify(registered.error)}`)
    userId = registered.value.userId
  }
  const granted = await grantRole(testWork(db, { actorId: userId, clientIp: null }), { userId, role, regionCode: role === 'regional_admin' ? REGION : null })
  if (!granted.ok) throw new Error(`could not grant ${role}: ${JSON.stringify(granted.error)}`)
  return email
}

async function login(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
    body: new URLSearchParams({ login: email, password: PASSWORD }),
  })
  if (res.status !== 302) throw new Error(`login of ${email} answered ${res.status}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** The server's CPU time so far, in ms, with every process of a cluster (Linux /proc). */
const cpuMs = (pid: number) => treeCpuMs(pid)

const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0)

console.log(`Database: ${database}`)
// Started first: the server brings the database to the latest migration.
const server = await startBenchServer(PORT, { DATABASE_URL: database }, values.cluster ? 'server/cluster.ts' : 'server/index.ts')
try {
  const db = openDatabase(database)
  const accounts = { admin: await benchAccount(db, 'admin'), regional: await benchAccount(db, 'regional_admin') }
  const rows = async (table: 'users' | 'enrolments' | 'metric_rollups') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const counts = { users: await rows('users'), enrolments: await rows('enrolments'), rollups: await rows('metric_rollups') }
  // The course with the most enrolments: its cohorts are the largest drill-down.
  const course = (
    await db
      .selectFrom('enrolments')
      .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
      .select(['cohorts.course_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('cohorts.course_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow()
  ).course_id
  await db.destroy()
  const cookies = { admin: await login(server.url, accounts.admin), regional: await login(server.url, accounts.regional) }

  const urls = ['/admin', `/admin/dashboard/regions/${REGION}`, `/admin/dashboard/courses/${course}`, '/admin/dashboard/export/regions.xlsx']
  const runs = urls
    .filter((url) => !values.only || url === values.only)
    .flatMap((url) => (['admin', 'regional'] as const).map((who) => ({ url, who, cookie: cookies[who] })))
  const timed = async (url: string, cookie: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const started = performance.now()
        const res = await fetch(server.url + url, { redirect: 'manual', headers: { cookie } })
        const bytes = (await res.arrayBuffer()).byteLength
        return { status: res.status, ms: performance.now() - started, bytes }
      } catch (error) {
        // A kept-alive connection the server has just closed (ECONNRESET): try again on a new one.
        if (attempt === 3) throw error
      }
    }
  }
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
  // The server runs its survey jobs a second after start; on a national database they hold it
  // for many seconds. Measure once the dashboard answers at its own pace again.
  const settleStart = performance.now()
  for (let calm = 0; calm < 2 && performance.now() - settleStart < 180_000;) {
    const probe = await timed('/admin', cookies.admin)
    calm = probe.status === 200 && probe.ms < 2_000 ? calm + 1 : 0
    if (calm < 2) await pause(1_000)
  }
  // ...and once the start-up passes of the background jobs have finished, which would otherwise
  // take their CPU from the first URL measured (their runs are counted in /metrics).
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; await pause(500)) {
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { cookie: cookies.admin } })).text()
    if (['survey_jobs', 'prune_expired'].every((job) => metrics.includes(`orken_job_runs_total{job="${job}"`))) break
  }
  console.log(`Server settled ${fmt((performance.now() - settleStart) / 1000, 1)} s after the logins (start-up jobs done).`)
  // A run's requests still queued in the server would slow the next run: wait until it answers at once again.
  const drained = async () => {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      if ((await timed('/healthz', '')).ms < 100) return
      await pause(500)
    }
  }
  /** autocannon under load, with every answer's time kept: its own histogram has no 95th percentile. */
  const load = (url: string, cookie: string, duration = DURATION) =>
    new Promise<{ result: autocannon.Result; times: number[] }>((resolve, reject) => {
      const times: number[] = []
      const instance = autocannon(
        { url, connections: CONNECTIONS, duration, timeout: TIMEOUT, headers: { cookie, 'accept-encoding': 'gzip' } },
        (error, result) => (error ? reject(error) : resolve({ result, times })),
      )
      instance.on('response', (_client, _status, _bytes, ms: number) => times.push(ms))
    })
  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
  const results: { name: string; alone: string; result: autocannon.Result; p: [number, number, number]; cpu: number }[] = []
  for (const run of runs) {
    await drained()
    // Alone first: the first request's status and size, then the median of five, one at a time.
    const first = await timed(run.url, run.cookie)
    if (first.status !== 200) console.warn(`! ${run.url} as ${run.who} answered ${first.status}; measuring it anyway`)
    const aloneTimes: number[] = []
    for (let i = 0; i < 5; i++) aloneTimes.push((await timed(run.url, run.cookie)).ms)
    const median = [...aloneTimes].sort((a, b) => a - b)[2]!
    const alone = `${first.status}, ${fmt(first.bytes / 1024, 1)} KB, alone ${fmt(median)} ms`
    // Two seconds of load first, not counted: the first URL measured would otherwise also pay for
    // compiling the server's hot code, which the later ones find done.
    await load(server.url + run.url, run.cookie, WARM_UP)
    await drained()
    const cpuBefore = cpuMs(server.pid)
    const { result, times } = await load(server.url + run.url, run.cookie)
    const cpu = (cpuMs(server.pid) - cpuBefore) / Math.max(1, result.requests.total)
    times.sort((a, b) => a - b)

    results.push({
      name: `${run.url} (${run.who === 'admin' ? 'admin' : `regional admin ${REGION}`})`,
      alone,
      result,
      p: [percentile(times, 50), percentile(times, 95), percentile(times, 99)],
      cpu,
    })
  }

  const [load1] = os.loadavg()
  console.log(
    `\nLoad (${values.cluster ? 'serve:cluster' : 'one process'}): ${CONNECTIONS} connections, ${DURATION} s per URL, ${TIMEOUT} s timeout; server and load generator on the same ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; load average ${fmt(load1 ?? 0, 1)} at the end`,
  )
  const width = Math.max(...results.map((r) => r.name.length))
  for (const { name, alone, result, p, cpu } of results) {
    const [p50, p95, p99] = p
    const verdict = p95 < TARGET_P95_MS ? 'met' : 'NOT met'
    console.log(
      `${name.padEnd(width)}  ${fmt(result.requests.average, 1).padStart(7)} req/s   p50 ${fmt(p50).padStart(6)} ms   p95 ${fmt(p95).padStart(6)} ms (target < ${TARGET_P95_MS} ms: ${verdict})   p99 ${fmt(p99).padStart(6)} ms   errors ${result.errors} (timeouts ${result.timeouts})   non-2xx ${result.non2xx}   server CPU ${fmt(cpu, 1)} ms/request   [${alone}]`,
    )
  }
  const size = sizeOf(database) + sizeOf(`${database}-wal`)
  console.log(
    `\nDatabase size: ${fmt(size / 1_048_576, 1)} MiB (${fmt(sizeOf(database))} bytes + WAL ${fmt(sizeOf(`${database}-wal`))}); ${fmt(counts.users)} users, ${fmt(counts.enrolments)} enrolments, ${fmt(counts.rollups)} metric rollup rows`,
  )
} finally {
  await server.stop()
}
