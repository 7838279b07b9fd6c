import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { testWork } from '#tests/setup/work.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { noteLessonView } from '#app/modules/courses/lesson-view.server.ts'
import { pendingMetricCount } from '#app/modules/metrics/pending.server.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'

// Request ids, one JSON log line per request and /metrics, on the real server.

const METRICS_TOKEN = 'scrape-token-0123456789abcdef'

let server: RunningServer
let db: Database
let admin: FixtureUser
let teacher: FixtureUser
const login = sessionLogin(() => server)

beforeAll(async () => {
  server = await startServer({ LOG_LEVEL: 'info', METRICS_TOKEN })
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'] })
  teacher = await createUser(db, { roles: ['teacher'] })
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { redirect: 'manual', headers })

async function scrape(): Promise<string> {
  const res = await get('/metrics', { Authorization: `Bearer ${METRICS_TOKEN}` })
  expect(res.status).toBe(200)
  return res.text()
}

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (-?\d+(?:\.\d+)?(?:e[-+]?\d+)?|[+-]Inf|NaN)$/

/** The value of one sample, found by its exact name and labels. */
function sample(body: string, series: string): number | null {
  const line = body.split('\n').find((l) => l.startsWith(series + ' '))
  return line ? Number(line.slice(series.length + 1)) : null
}

describe('request ids', () => {
  test('every response has one; a sane incoming id is echoed, an odd one replaced', async () => {
    const plain = await get('/healthz')
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)

    const echoed = await get('/healthz', { 'X-Request-Id': 'lb-7f3a.42' })
    expect(echoed.headers.get('x-request-id')).toBe('lb-7f3a.42')

    for (const odd of ['has space', 'x'.repeat(200), '<script>']) {
      const replaced = await get('/healthz', { 'X-Request-Id': odd })
      expect(replaced.headers.get('x-request-id')).not.toBe(odd)
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
  })
})

describe('/metrics', () => {
  test('is refused to a visitor, a teacher and a wrong token; open to an admin and the token', async () => {
    const anonymous = await get('/metrics')
    expect(anonymous.status).toBe(403)
    expect(anonymous.headers.get('cache-control')).toBe('no-store')
    expect((await get('/metrics', { Cookie: await login(teacher) })).status).toBe(403)
    expect((await get('/metrics', { Authorization: 'Bearer not-the-token-at-all' })).status).toBe(403)

    const asAdmin = await get('/metrics', { Cookie: await login(admin) })
    expect(asAdmin.status).toBe(200)
    expect(asAdmin.headers.get('cache-control')).toBe('no-store')
    expect(asAdmin.headers.get('content-type')).toMatch(/^text\/plain;.*\bversion=0\.0\.4\b/)

    const withToken = await get('/metrics', { Authorization: `Bearer ${METRICS_TOKEN}` })
    expect(withToken.status).toBe(200)
  })

  test('the body is Prometheus text: every sample parses and its family has HELP and TYPE', async () => {
    await get('/healthz')
    const body = await scrape()
    const help = new Set<string>()
    const types = new Map<string, string>()
    const samples: string[] = []
    for (const line of body.split('\n')) {
      if (line === '') continue
      const meta = line.match(/^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/)
      if (meta) {
        if (meta[1] === 'HELP') help.add(meta[2]!)
        else types.set(meta[2]!, meta[3]!)
        continue
      }
      const parsed = line.match(SAMPLE)
      expect(parsed, line).not.toBeNull()
      samples.push(parsed![1]!)
    }
    for (const name of samples) {
      const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '')
      expect(types.has(family), name).toBe(true)
      expect(help.has(family), name).toBe(true)
    }
    expect(types.get('http_requests_total')).toBe('counter')
    expect(types.get('http_request_duration_seconds')).toBe('histogram')
    expect(body).toMatch(/^http_request_duration_seconds_bucket\{method="GET",route="\/healthz",status="2xx",le="\+Inf"\} \d+$/m)
    expect(sample(body, 'orken_mail_outbox_messages{status="pending"}')).not.toBeNull()
    expect(sample(body, 'orken_mail_outbox_messages{status="failed"}')).not.toBeNull()
    expect(sample(body, 'process_resident_memory_bytes')).toBeGreaterThan(0)
    expect(sample(body, 'nodejs_heap_used_bytes')).toBeGreaterThan(0)
    expect(sample(body, 'process_uptime_seconds')).toBeGreaterThan(0)
    expect(types.get('nodejs_eventloop_delay_max_seconds')).toBe('gauge')
    expect(sample(body, 'nodejs_eventloop_delay_seconds{stat="p99"}')).toBeGreaterThanOrEqual(0)
    expect(sample(body, 'nodejs_heap_total_bytes')).toBeGreaterThan(0)
  })

  test('the event loop held for half a second shows in the next scrape, and only in that one', async () => {
    await scrape()
    const held = await fetch(`${server.url}/__test/hold-event-loop`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ ms: 500 }),
    })
    expect(held.status).toBe(200)
    // The delay is recorded by the loop's next timer tick, which a scrape sent at once may come before: asked until seen.
    await expect.poll(async () => sample(await scrape(), 'nodejs_eventloop_delay_max_seconds'), { timeout: 5_000 }).toBeGreaterThanOrEqual(0.45)
    // Each scrape reports the window since the one before.
    expect(sample(await scrape(), 'nodejs_eventloop_delay_max_seconds')).toBeLessThan(0.45)
  })

  test('garbage collection is counted by kind once the process has collected', async () => {
    await expect
      .poll(async () => /^nodejs_gc_runs_total\{kind="(minor|major|incremental|weakcb)"\} [1-9]\d*$/m.test(await scrape()), { timeout: 20_000 })
      .toBe(true)
  })

  test('request counters grow by route class; ids and unknown paths never become labels', async () => {
    // A route class no other test here asks for, so no earlier request is still being counted.
    const series = 'http_requests_total{method="GET",route="/courses",status="2xx"}'
    const before = sample(await scrape(), series) ?? 0
    for (let i = 0; i < 3; i++) expect((await get('/courses')).status).toBe(200)
    // The count is taken when the response has finished, which may be just after the client has it.
    await expect.poll(async () => sample(await scrape(), series)).toBe(before + 3)

    await get('/learn/some-course-id-1234/m1/l1?utm=x')
    await get('/wp-admin/setup.php')
    await expect.poll(scrape).toMatch(/^http_requests_total\{method="GET",route="\/learn",status="\dxx"\} \d+$/m)
    await expect.poll(scrape).toMatch(/^http_requests_total\{method="GET",route="other",status="\dxx"\} \d+$/m)
    const body = await scrape()
    expect(body).not.toContain('some-course-id-1234')
    expect(body).not.toContain('wp-admin')
  })

  test("a start left for a moment later is counted by the server's job runner, and the scrape shows none waiting", async () => {
    const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
    const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId: course.current_version_id! })
    const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: nowIso().slice(0, 10) })
    if (!enrolled.ok) throw new Error(enrolled.error)
    // The first lesson view's write, made here: its start is left pending for the funnel (ADR 042, ADR 043).
    await noteLessonView(testWork(db), { id: enrolled.enrolmentId, status: 'active', last_module_id: null, last_lesson_id: null }, 'start', 'welcome')
    const counted = () =>
      db
        .selectFrom('metric_subjects')
        .select('subject_id')
        .where('metric', '=', 'funnel_started')
        .where('subject_id', '=', enrolled.enrolmentId)
        .executeTakeFirst()
    const deadline = Date.now() + 10_000
    while (!(await counted()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await counted()).toBeTruthy()
    expect(await pendingMetricCount(db)).toBe(0)
    expect(sample(await scrape(), 'orken_metric_subjects_pending')).toBe(0)
  })

  test('the survey jobs run at start-up are counted with their last duration', async () => {
    // They run one second after start-up.
    await expect.poll(scrape, { timeout: 10_000 }).toMatch(/^orken_job_runs_total\{job="survey_jobs",outcome="ok"\} [1-9]\d*$/m)
    const body = await scrape()
    expect(sample(body, 'orken_job_last_duration_seconds{job="survey_jobs"}')).toBeGreaterThanOrEqual(0)
  })
})

describe('logs', () => {
  test('one JSON line per request with its id, path, status and user; no cookie, password, query or token', async () => {
    const cookie = await login(teacher)
    await get('/account?secret-query=1', { Cookie: cookie, 'X-Request-Id': 'obs-log-check-1' })
    await get('/reset-password/a-reset-token-value-1234', { 'X-Request-Id': 'obs-log-check-2' })
    await expect.poll(() => server.output()).toContain('"requestId":"obs-log-check-2"')

    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    const account = lines.find((l) => l.requestId === 'obs-log-check-1')
    expect(account).toMatchObject({ msg: 'request', method: 'GET', path: '/account', status: 200, userId: teacher.id })
    expect(typeof account!.durationMs).toBe('number')
    expect(lines.find((l) => l.requestId === 'obs-log-check-2')).toMatchObject({ path: '/reset-password/:token' })
    // The login post of sessionLogin is logged too, without its form.
    expect(lines.some((l) => l.method === 'POST' && l.path === '/login')).toBe(true)

    const output = server.output()
    expect(output).not.toContain(cookie.split('=')[1]!)
    expect(output).not.toContain(teacher.password)
    expect(output).not.toContain('secret-query')
    expect(output).not.toContain('a-reset-token-value-1234')
  })

  test('a loader that fails: one error line with its request id and stack; the error page shows the id', async () => {
    // A real failure of the database under a public page: its schools table is gone for a moment.
    await sql`alter table schools rename to schools_away`.execute(db)
    let res: Response
    try {
      res = await get('/register?region=KZ-71', { 'X-Request-Id': 'obs-error-check-1' })
    } finally {
      await sql`alter table schools_away rename to schools`.execute(db)
    }
    expect(res.status).toBe(500)
    const page = await res.text()
    expect(page).toContain('obs-error-check-1')
    expect(page).not.toContain('schools_away')

    // The error line is written before the request's own line, which ends the response.
    await expect.poll(() => server.output()).toContain('"requestId":"obs-error-check-1"')
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { requestId?: string; level: number; msg: string; err?: { stack?: string } })
    const failures = lines.filter((l) => l.requestId === 'obs-error-check-1' && l.msg !== 'request')
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ level: 50, msg: 'a loader or action failed' })
    expect(failures[0]!.err?.stack).toMatch(/schools/)
  })
})
