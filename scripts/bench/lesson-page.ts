// npm run bench:lesson-page — a lesson page under load, against /healthz, on
// one process (serve) and on every core (serve:cluster). For each it starts
// the built server on a fresh database, enrols one teacher (the entry
// diagnostic answered, as the course's order rules ask), runs autocannon
// (50 connections, BENCH_SECONDS each, after BENCH_WARM_UP_SECONDS of each) on
// a lesson page as that logged-in teacher and on /healthz, and prints
// requests/s, p50, p99 and their ratio beside the targets; then the bytes a
// phone downloads for the lesson page on a first visit and on a repeat visit
// (what its cache cannot answer), compressed.
// BENCH_DUMP_HTML=<file> keeps the lesson page's HTML there, to look at.
import http from 'node:http'
import fs from 'node:fs'
import os from 'node:os'
import autocannon from 'autocannon'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { createUser, TEST_PASSWORD } from '#tests/fixtures/users.ts'
import { testWork } from '#tests/setup/work.ts'
import { flatLessons, type QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { submitQuiz } from '#app/modules/courses/progress.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'
import { fmt, startBenchServer, type BenchServer } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 3199)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 50
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 6)
const LESSON = '/learn/bullying-prevention/understanding/roles-and-causes'

async function answerDiagnostic(db: Database, enrolment: { id: string; course_version_id: string }) {
  const manifest = (await versionManifest(db, enrolment.course_version_id))!
  const keys = await db.selectFrom('quiz_keys').select(['quiz_id', 'questions']).where('course_version_id', '=', enrolment.course_version_id).execute()
  for (const { module, lesson } of flatLessons(manifest)) {
    for (const quiz of lesson.quizzes.filter((q) => q.kind === 'diagnostic')) {
      const key = keys.find((k) => k.quiz_id === quiz.id)!
      const answers = Object.fromEntries((JSON.parse(key.questions) as QuizQuestionKey[]).map((q) => [q.id, q.correct]))
      const result = await submitQuiz(testWork(db), enrolment, { moduleId: module.id, lessonId: lesson.id }, quiz.id, answers)
      if (!result.ok) throw new Error(`diagnostic: ${result.error}`)
    }
  }
}

/** A teacher enrolled in the course with its lessons open; returns their session cookie. */
async function loggedInTeacher(server: BenchServer): Promise<string> {
  const db = openDatabase(server.dbFile)
  await insertFixtureSchools(db)
  const teacher = await createUser(db, { roles: ['teacher'] })
  const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'bullying-prevention').executeTakeFirstOrThrow()
  const cohortId = newId()
  await db
    .insertInto('cohorts')
    .values({
      id: cohortId,
      course_id: 'bullying-prevention',
      course_version_id: course.current_version_id!,
      title: 'Bench',
      lang: 'kk',
      starts_on: '2026-01-01',
      ends_on: '2030-12-31',
      trainer_id: null,
      capacity: 100,
      region_code: 'KZ-75',
      status: 'open',
      created_by: null,
      created_at: nowIso(),
    })
    .execute()
  const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: '2026-06-01' })
  if (!enrolled.ok) throw new Error(`enrolment failed: ${enrolled.error}`)
  await answerDiagnostic(db, { id: enrolled.enrolmentId, course_version_id: course.current_version_id! })
  await db.destroy()

  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ login: teacher.email, password: TEST_PASSWORD }),
  })
  return login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** The server process's CPU time so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

interface Bytes {
  raw: number
  cached: boolean
}

/** The compressed size of one response, and whether a browser keeps it (immutable or a max-age). */
const sizeOf = (url: string, headers: Record<string, string> = {}) =>
  new Promise<Bytes>((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
        let raw = 0
        res.on('data', (chunk: Buffer) => (raw += chunk.length))
        res.on('end', () => resolve({ raw, cached: /immutable|max-age=[1-9]/.test(String(res.headers['cache-control'] ?? '')) }))
      })
      .on('error', reject)
  })

async function downloads(server: BenchServer, cookie: string) {
  const html = await (await fetch(server.url + LESSON, { headers: { cookie } })).text()
  if (process.env.BENCH_DUMP_HTML) fs.writeFileSync(process.env.BENCH_DUMP_HTML, html)
  const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/(?:assets|i18n)\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')))]
  const page = await sizeOf(server.url + LESSON, { cookie })
  const sum = { html: page.raw, js: 0, css: 0, dict: 0, jsFiles: 0, repeat: page.raw }
  for (const asset of assets) {
    const s = await sizeOf(server.url + asset)
    if (asset.endsWith('.js')) {
      sum.js += s.raw
      sum.jsFiles++
    } else if (asset.endsWith('.css')) sum.css += s.raw
    else sum.dict += s.raw
    if (!s.cached) sum.repeat += s.raw
  }
  return { ...sum, first: sum.html + sum.js + sum.css + sum.dict, uncompressed: html.length }
}

async function measure(script: 'server/index.ts' | 'server/cluster.ts') {
  const server = await startBenchServer(PORT, {}, script)
  try {
    const cookie = await loggedInTeacher(server)
    const check = await fetch(server.url + LESSON, { headers: { cookie } })
    if (check.status !== 200) throw new Error(`lesson page answered ${check.status}`)
    const run = (path: string, headers: Record<string, string> = {}, duration = DURATION) =>
      autocannon({ url: server.url + path, connections: CONNECTIONS, duration, headers: { 'accept-encoding': 'gzip', ...headers } })
    // Warm up both paths under the same load first: V8 keeps optimising the
    // shared request path for a dozen seconds, so whichever ran second would
    // otherwise be measured on a warmer server than the first.
    await run(LESSON, { cookie }, WARM_UP_SECONDS)
    await run('/healthz', {}, WARM_UP_SECONDS)
    // The server's CPU per request does not depend on what else the machine runs, as requests/s does.
    let before = cpuMs(server.pid)
    const lesson = await run(LESSON, { cookie })
    const lessonCpu = (cpuMs(server.pid) - before) / lesson.requests.total
    before = cpuMs(server.pid)
    const health = await run('/healthz')
    const healthCpu = (cpuMs(server.pid) - before) / health.requests.total
    return { lesson, health, lessonCpu, healthCpu, bytes: await downloads(server, cookie) }
  } finally {
    await server.stop()
  }
}

const kb = (n: number) => `${fmt(n / 1024, 1)} KB`
const row = (name: string, r: autocannon.Result) =>
  `${name.padEnd(30)} ${fmt(r.requests.average).padStart(6)} req/s   p50 ${fmt(r.latency.p50).padStart(4)} ms   p99 ${fmt(r.latency.p99).padStart(5)} ms   errors ${r.errors + r.non2xx}`

const single = await measure('server/index.ts')
const cluster = await measure('server/cluster.ts')

console.log(`\nLoad: ${CONNECTIONS} connections, ${DURATION} s each, server and load generator on the same ${os.cpus().length} cores`)
console.log(row('lesson page, one process', single.lesson) + '   target p99 < 100 ms')
console.log(row('/healthz, one process', single.health))
console.log(`ratio lesson/healthz, one process: ${fmt(single.lesson.requests.average / single.health.requests.average, 2)}   target ≥ 0.5`)
console.log(
  `server CPU per request, one process: lesson ${fmt(single.lessonCpu, 2)} ms, /healthz ${fmt(single.healthCpu, 2)} ms; ratio ${fmt(single.healthCpu / single.lessonCpu, 2)} (requests/s a saturated core would serve, lesson/healthz)`,
)
console.log(row('lesson page, serve:cluster', cluster.lesson) + '   target ≥ 1,000 req/s')
console.log(row('/healthz, serve:cluster', cluster.health))
console.log(`ratio lesson/healthz, serve:cluster: ${fmt(cluster.lesson.requests.average / cluster.health.requests.average, 2)}`)

const b = single.bytes
console.log(
  `\nLesson page, first visit (gzip): HTML ${kb(b.html)}, JS ${kb(b.js)} (${b.jsFiles} files), CSS ${kb(b.css)}, dictionary ${kb(b.dict)}; total ${kb(b.first)}   target ≤ 100 KB`,
)
console.log(`Lesson page, repeat visit (gzip; hashed assets are cached immutable): ${kb(b.repeat)}   target ≤ 20 KB`)
console.log(`(HTML uncompressed: ${kb(b.uncompressed)})`)
