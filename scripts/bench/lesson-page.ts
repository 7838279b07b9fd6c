// npm run bench:lesson-page — a lesson page under load, against /healthz.
// Starts the built server on a fresh database, enrols one teacher, then runs
// autocannon (50 connections, 10 s) on a lesson page as that logged-in teacher
// and on /healthz, and prints requests/s, p50, p99, their ratio, and the bytes
// a phone downloads for the lesson page (HTML, JS, CSS, dictionary; compressed).
import http from 'node:http'
import autocannon from 'autocannon'
import { openDatabase } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { createUser, TEST_PASSWORD } from '#tests/fixtures/users.ts'
import { testWork } from '#tests/setup/work.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'
import { fmt, startBenchServer } from './server.ts'
import { flatLessons, type QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { submitQuiz } from '#app/modules/courses/progress.server.ts'
import type { Database } from '#db/client.server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 3199)
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 50
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

const server = await startBenchServer(PORT)
try {
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
  // The course's order rules open its lessons after the entry diagnostic: answer it.
  await answerDiagnostic(db, { id: enrolled.enrolmentId, course_version_id: course.current_version_id! })
  await db.destroy()

  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ login: teacher.email, password: TEST_PASSWORD }),
  })
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const check = await fetch(server.url + LESSON, { headers: { cookie } })
  if (check.status !== 200) throw new Error(`lesson page answered ${check.status}`)
  const html = await check.text()

  const run = (path: string, headers: Record<string, string> = {}) =>
    autocannon({ url: server.url + path, connections: CONNECTIONS, duration: DURATION, headers: { 'accept-encoding': 'gzip', ...headers } })

  // Warm up, then measure.
  await autocannon({ url: server.url + LESSON, connections: 10, duration: 2, headers: { cookie } })
  const lesson = await run(LESSON, { cookie })
  const health = await run('/healthz')

  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(14)} ${fmt(r.requests.average).padStart(8)} req/s   p50 ${fmt(r.latency.p50).padStart(4)} ms   p99 ${fmt(r.latency.p99).padStart(4)} ms   errors ${r.errors + r.non2xx}`
  console.log(`\nLoad: ${CONNECTIONS} connections, ${DURATION} s each, server and load generator on the same ${(await import('node:os')).cpus().length} cores`)
  console.log(row('lesson page', lesson))
  console.log(row('/healthz', health))
  console.log(`ratio lesson/healthz: ${fmt(lesson.requests.average / health.requests.average, 2)} of the requests/s`)

  // What a phone downloads for this page on a first visit, compressed.
  const assets = [...html.matchAll(/(?:src|href)="(\/(?:assets|i18n)\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))
  const sizeOf = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ raw: number; encoding: string }>((resolve, reject) => {
      http
        .get(server.url + path, { headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
          let raw = 0
          res.on('data', (chunk: Buffer) => (raw += chunk.length))
          res.on('end', () => resolve({ raw, encoding: String(res.headers['content-encoding'] ?? 'identity') }))
        })
        .on('error', reject)
    })
  const page = await sizeOf(LESSON, { cookie })
  let js = 0
  let css = 0
  let dict = 0
  for (const asset of new Set(assets)) {
    const s = await sizeOf(asset)
    if (asset.endsWith('.js')) js += s.raw
    else if (asset.endsWith('.css')) css += s.raw
    else dict += s.raw
  }
  console.log(
    `\nLesson page download (gzip): HTML ${fmt(page.raw / 1024, 1)} KB, JS ${fmt(js / 1024, 1)} KB (${assets.filter((a) => a.endsWith('.js')).length} files), CSS ${fmt(css / 1024, 1)} KB, dictionary ${fmt(dict / 1024, 1)} KB; total ${fmt((page.raw + js + css + dict) / 1024, 1)} KB`,
  )
  console.log(`(HTML uncompressed: ${fmt(html.length / 1024, 1)} KB)`)
} finally {
  await server.stop()
}
