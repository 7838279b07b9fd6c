// npm run bench:import — the national roster over HTTP while the site serves.
// Builds a fresh database with 2,000 schools (with BINs) and 20 cohorts,
// starts the built server, generates a roster of 52,400 teachers (valid
// IINs; half the schools by BIN, half by name; the cohort by a column),
// uploads it as an admin and polls its job to the end, while /healthz, a
// lesson page and a quiz answer are requested in loops. Prints the
// end-to-end time, each phase's, and the p50/p99/max of each request beside
// the targets (under 10 s; p99 under 200 ms). The longest stall of the
// server's event loop is read from the client side: the slowest /healthz.
import { openDatabase } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'
import { createUser, TEST_PASSWORD } from '#tests/fixtures/users.ts'
import { createSession, generateSessionToken } from '#app/modules/auth/session.server.ts'
import { SESSION_COOKIE } from '#app/http/session-cookie.server.ts'
import { testWork } from '#tests/setup/work.ts'
import { benchCohortRow, insertBenchSchools, nationalRosterCsv } from './national-roster.ts'
import { fmt, startBenchServer } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 3198)
const ROWS = Number(process.env.BENCH_ROWS ?? 52_400)
const SCHOOLS = 2_000
const COHORTS = 20
const COURSE = 'bullying-prevention'
/** Teachers answering the quiz during the import, each once. */
const LEARNERS = 400
const TARGET_SECONDS = 10
const TARGET_P99_MS = 200

const server = await startBenchServer(PORT)
try {
  // The database: schools with BINs, cohorts, an admin, teachers who study meanwhile.
  const db = openDatabase(server.dbFile)
  await insertFixtureSchools(db)
  const schools = await insertBenchSchools(db, SCHOOLS)
  const created = nowIso()
  const cohorts = await Promise.all(
    Array.from({ length: COHORTS }, (_, i) => benchCohortRow(db, COURSE, `Ұлттық ағын ${i + 1}`, Math.ceil(ROWS / COHORTS) + 100)),
  )
  const studying = await benchCohortRow(db, COURSE, 'Оқып жатқандар', LEARNERS)
  await db
    .insertInto('cohorts')
    .values([...cohorts, studying])
    .execute()
  const admin = await createUser(db, { roles: ['admin'] })
  // Teachers who study meanwhile: each answers the quiz once (a second answer is refused once the attempts are used).
  const firstLearner = await createUser(db, { roles: ['teacher'] })
  const { password_hash } = await db.selectFrom('users').select('password_hash').where('id', '=', firstLearner.id).executeTakeFirstOrThrow()
  const learners = [firstLearner.id]
  for (let i = 1; i < LEARNERS; i++) {
    const id = newId()
    await db
      .insertInto('users')
      .values({
        id,
        email: `learner${i}@bench.example.kz`,
        iin: null,
        full_name: `Оқушы ${i}`,
        search_text: `learner${i}`,
        region_code: 'KZ-75',
        school_id: null,
        password_hash,
        locale: 'kk',
        is_active: 1,
        is_demo: 0,
        created_at: created,
        updated_at: created,
      })
      .execute()
    await db.insertInto('user_roles').values({ id: newId(), user_id: id, role: 'teacher', scope: '', granted_at: created }).execute()
    learners.push(id)
  }
  const learnerCookies: string[] = []
  for (const id of learners) {
    await enrol(testWork(db), { userId: id, cohortId: studying.id, source: 'admin', today: '2026-06-01' })
    const token = generateSessionToken()
    await createSession(testWork(db), token, id)
    learnerCookies.push(`${SESSION_COOKIE}=${token}`)
  }
  await db.destroy()

  const csv = nationalRosterCsv(
    ROWS,
    schools,
    cohorts.map((c) => c.id),
  )
  console.log(`roster: ${fmt(ROWS)} rows, ${fmt(csv.byteLength / 1024 / 1024, 1)} MB; ${fmt(SCHOOLS)} schools, ${COHORTS} cohorts`)

  const login = async (email: string) => {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ login: email, password: TEST_PASSWORD }),
    })
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
  }
  // The setup's SQLite calls never left this process's event loop: let it see the
  // connections the server closed meanwhile, or the next request is sent on one.
  await new Promise((resolve) => setTimeout(resolve, 100))
  const adminCookie = await login(admin.email)

  // A lesson page with a quiz, found as a browser would: resume, then "next" until a quiz form.
  const first = await fetch(`${server.url}/learn/${COURSE}`, { redirect: 'manual', headers: { cookie: learnerCookies[0]! } })
  let lessonPath = first.headers.get('location') ?? ''
  let quiz: { action: string; body: URLSearchParams } | null = null
  for (let i = 0; i < 20 && !quiz; i++) {
    const html = await (await fetch(server.url + lessonPath, { headers: { cookie: learnerCookies[0]! } })).text()
    const form = /<form([^>]*class="quiz__form"[^>]*)>([\s\S]*?)<\/form>/.exec(html)
    if (form) {
      const action = (/action="([^"]+)"/.exec(form[1]!)?.[1] ?? lessonPath).replace(/&amp;/g, '&').split('#')[0]!
      const body = new URLSearchParams()
      const seen = new Set<string>()
      for (const tag of form[2]!.match(/<input\b[^>]*>/g) ?? []) {
        const name = /name="([^"]+)"/.exec(tag)?.[1]
        const value = /value="([^"]*)"/.exec(tag)?.[1] ?? ''
        const type = /type="([^"]+)"/.exec(tag)?.[1]
        if (!name) continue
        if (type === 'hidden') body.append(name, value)
        else if (name.startsWith('answer.') && !seen.has(name)) {
          seen.add(name)
          body.append(name, value)
        }
      }
      quiz = { action, body }
      break
    }
    const next = /<a\b[^>]*rel="next"[^>]*href="([^"]+)"/.exec(html)?.[1] ?? /<a\b[^>]*href="([^"]+)"[^>]*rel="next"/.exec(html)?.[1]
    if (!next) break
    lessonPath = next.replace(/&amp;/g, '&')
  }
  if (!quiz) throw new Error('no quiz found in the course')

  // Requests in loops while the import runs: each records its latency.
  const samples: Record<string, number[]> = { '/healthz': [], 'lesson page': [], 'quiz answer': [] }
  const failures: Record<string, number> = { '/healthz': 0, 'lesson page': 0, 'quiz answer': 0 }
  const firstFailure: Record<string, string> = {}
  /** When each sample was sent, from the upload on (negative before it). */
  const sentAt: Record<string, number[]> = { '/healthz': [], 'lesson page': [], 'quiz answer': [] }
  let uploadStart = performance.now()
  let running = true
  const loop = async (name: string, request: (n: number) => Promise<Response>, limit = Infinity) => {
    for (let n = 0; running && n < limit; n++) {
      const started = performance.now()
      try {
        const res = await request(n)
        await res.arrayBuffer()
        if (res.status >= 400) {
          failures[name]!++
          firstFailure[name] ??= `HTTP ${res.status}`
        }
      } catch (error) {
        failures[name]!++
        firstFailure[name] ??= String(error)
      }
      samples[name]!.push(performance.now() - started)
      sentAt[name]!.push(started - uploadStart)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  const loops = [
    loop('/healthz', () => fetch(`${server.url}/healthz`)),
    loop('lesson page', (n) => fetch(server.url + lessonPath, { headers: { cookie: learnerCookies[n % learnerCookies.length]! } })),
    loop(
      'quiz answer',
      (n) =>
        fetch(server.url + quiz.action, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: learnerCookies[n % learnerCookies.length]!, 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
          body: quiz.body,
        }),
      // Each teacher answers once: a second answer would be refused, not written.
      LEARNERS,
    ),
  ]

  // Quiet first: the same requests with no import, for comparison.
  await new Promise((r) => setTimeout(r, 2_000))
  const quiet = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.splice(0)]))
  for (const v of Object.values(sentAt)) v.splice(0)

  const started = performance.now()
  uploadStart = started
  const form = new FormData()
  form.set('cohortId', '')
  form.set('sheet', '')
  form.set('file', new File([csv], 'national-roster.csv', { type: 'text/csv' }))
  const uploaded = await fetch(`${server.url}/admin/import`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: adminCookie, Origin: server.url },
    body: form,
  })
  if (uploaded.status !== 302) throw new Error(`upload answered ${uploaded.status}: ${(await uploaded.text()).slice(0, 500)}`)
  const answered = performance.now() - started
  const jobPath = uploaded.headers.get('location')!
  const jobId = jobPath.split('/').pop()!
  const phases: { phase: string; at: number }[] = []
  const poll = openDatabase(server.dbFile)
  let job: { status: string; phase: string | null; processed: number; total: number; result: string | null }
  for (;;) {
    job = await poll.selectFrom('jobs').select(['status', 'phase', 'processed', 'total', 'result']).where('id', '=', jobId).executeTakeFirstOrThrow()
    if (job.phase && phases.at(-1)?.phase !== job.phase) phases.push({ phase: job.phase, at: performance.now() - started })
    if (job.status !== 'running') break
    await new Promise((r) => setTimeout(r, 100))
  }
  const seconds = (performance.now() - started) / 1000
  // The job page as a person sees it at the end.
  const jobPage = await fetch(server.url + jobPath, { headers: { cookie: adminCookie } })
  running = false
  await Promise.all(loops)
  const users = await poll
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', 'like', '%@national.example.kz')
    .executeTakeFirstOrThrow()
  const mails = await poll
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('to_address', 'like', '%@national.example.kz')
    .executeTakeFirstOrThrow()
  await poll.destroy()

  const pct = (values: number[], p: number) => {
    if (!values.length) return NaN
    const sorted = [...values].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
  }
  console.log(`\njob ${job.status} (page ${jobPage.status}): ${job.result?.slice(0, 200)}`)
  console.log(`teachers in the database: ${fmt(Number(users.n))}; invitations queued: ${fmt(Number(mails.n))}`)
  console.log(`\nend to end: ${fmt(seconds, 1)} s (target under ${TARGET_SECONDS} s) ${seconds < TARGET_SECONDS ? 'MET' : 'NOT MET'}`)
  console.log(
    `before the first phase: ${fmt((phases[0]?.at ?? 0) / 1000, 1)} s (the upload answered after ${fmt(answered / 1000, 1)} s; then the job's thread starts)`,
  )
  console.log(`phases: ${phases.map((p, i) => `${p.phase} ${fmt(((phases[i + 1]?.at ?? seconds * 1000) - p.at) / 1000, 1)} s`).join(', ')}`)
  console.log(`\n${'during the import'.padEnd(14)}      n     p50      p99      max   (target p99 < ${TARGET_P99_MS} ms)   quiet p50 / p99`)
  for (const [name, values] of Object.entries(samples)) {
    const p99 = pct(values, 99)
    console.log(
      `${name.padEnd(14)} ${String(values.length).padStart(6)} ${fmt(pct(values, 50)).padStart(5)} ms ${fmt(p99).padStart(5)} ms ${fmt(Math.max(...values)).padStart(6)} ms   ${p99 < TARGET_P99_MS ? 'MET    ' : 'NOT MET'}   errors ${failures[name]}   ${fmt(pct(quiet[name]!, 50))} / ${fmt(pct(quiet[name]!, 99))} ms`,
    )
  }
  const phaseAt = (ms: number) => (ms < (phases[0]?.at ?? 0) ? 'upload' : ([...phases].reverse().find((p) => p.at <= ms)?.phase ?? 'upload'))
  for (const [name, values] of Object.entries(samples)) {
    const worst = values.indexOf(Math.max(...values))
    const sent = sentAt[name]![worst]!
    console.log(
      `${name}: slowest sent ${fmt(sent / 1000, 1)} s after the upload began (${phaseAt(sent)})${firstFailure[name] ? `; first failure: ${firstFailure[name]}` : ''}`,
    )
  }
  console.log(`longest stall seen from outside (slowest /healthz): ${fmt(Math.max(...samples['/healthz']!))} ms`)
} finally {
  await server.stop()
}
