import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { flatLessons, minTimeShare, type QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { copyTemplateDatabase, onPostgres, type DatabaseCopy } from '#tests/setup/databases.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { freePort, launchServer, type ServerProcess } from '#tests/setup/process.ts'

// A crash under load: teachers enrol, mark lessons done and answer quizzes
// through the real forms while an author's resumable upload is half sent; the
// server is killed with SIGKILL with requests outstanding and started again on
// the same database and uploads directory. Every write a client saw
// acknowledged must be there, the database must be sound, and the upload must
// resume where the restarted server says it stopped.

const CLIENTS = 40
/** Acknowledged writes before the kill: a few seconds of load, far from the end of the plan. */
const ACKED_BEFORE_KILL = 300
const COURSES = ['e2e-short', 'bullying-prevention', 'child-wellbeing']
const MB = 1024 * 1024
const UPLOAD_SIZE = 8 * MB
/** Sent and acknowledged before the crash; then a PATCH of UPLOAD_IN_FLIGHT more is left open. */
const UPLOAD_ACKED = 3 * MB
const UPLOAD_IN_FLIGHT = 2 * MB

type Answers = Record<string, string[]>

interface Step {
  kind: 'enrol' | 'lesson' | 'quiz'
  course: string
  path: string
  fields: [string, string][]
  /** Where a success redirects: anything else (a login page, say) is no acknowledgement. */
  location: string
  moduleId?: string
  lessonId?: string
  /** A lesson marked done is first studied: this many 30-minute gaps between requests for it. */
  studyGaps?: number
  quiz?: { id: string; attemptNo: number; answers: Answers; score: number }
}

interface Write extends Step {
  userId: string
  outcome: 'acknowledged' | 'unknown'
}

let port: number
let database: DatabaseCopy
let uploadsDir: string
let server: ServerProcess
let db: Database
let teachers: FixtureUser[]
let author: FixtureUser
let mediaCourse: string
const cohorts = new Map<string, string>()
const plans = new Map<string, Step[]>()
const writes: Write[] = []
/** The figures for the notes, printed on one line at the end. */
const summary: string[] = []
const upload = { file: Buffer.alloc(0), location: '', sentBeforeCrash: 0, seenOnDisk: 0 }
const env = () => ({ DATABASE_URL: database.url, UPLOADS_DIR: uploadsDir, EXPORTS_DIR: path.join(uploadsDir, 'exports') })

async function login(user: FixtureUser): Promise<string> {
  const res = await fetch(server.url + '/login', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ login: user.email, password: user.password }).toString(),
  })
  if (res.status !== 302) throw new Error(`login of ${user.email} answered ${res.status}`)
  const session = res.headers.getSetCookie().find((c) => c.startsWith('orken_session='))
  if (!session) throw new Error(`login of ${user.email} set no session`)
  return session.split(';')[0]!
}

function post(cookie: string, step: Step) {
  return fetch(server.url + step.path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: cookie },
    body: new URLSearchParams(step.fields).toString(),
  })
}

/**
 * Studies a lesson over HTTP before it is marked done, as time on task asks:
 * each gap is the lesson page opened, then the server's test clock moved past
 * the 30-minute idle cap (moving it only lengthens the others' gaps).
 */
async function study(cookie: string, step: Step) {
  for (let gap = 0; gap < (step.studyGaps ?? 0); gap++) {
    const page = await fetch(server.url + step.path, { redirect: 'manual', headers: { Cookie: cookie } })
    await page.body?.cancel().catch(() => {})
    if (page.status !== 200) throw new Error(`study ${step.path} answered ${page.status}`)
    const moved = await fetch(server.url + '/__test/clock', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ minutes: 31 }),
    })
    await moved.body?.cancel().catch(() => {})
  }
}

function tus(cookie: string, location: string, init: RequestInit & { headers?: Record<string, string> }) {
  return fetch(server.url + location, { ...init, headers: { 'Tus-Resumable': '1.0.0', Origin: server.url, Cookie: cookie, ...init.headers } })
}

const answerFields = (answers: Answers): [string, string][] =>
  Object.entries(answers).flatMap(([q, options]) => options.map((o): [string, string] => [`answer.${q}`, o]))

/** Every answer right, or every answer wrong (a score of 0). */
function answer(questions: QuizQuestionKey[], right: boolean): Answers {
  return Object.fromEntries(
    questions.map((q) => {
      if (right) return [q.id, q.correct]
      const wrong = q.options.find((o) => !q.correct.includes(o))
      if (!wrong) throw new Error(`question ${q.id} has no wrong option`)
      return [q.id, [wrong]]
    }),
  )
}

/** What teacher number `n` does, in order: each course enrolled and worked through; odd teachers fail each module quiz once. */
async function planFor(n: number): Promise<Step[]> {
  const steps: Step[] = []
  for (const course of [...COURSES.slice(n % COURSES.length), ...COURSES.slice(0, n % COURSES.length)]) {
    const versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', course).executeTakeFirstOrThrow()).current_version_id!
    const manifest = await versionManifest(db, versionId)
    if (!manifest) throw new Error(`no manifest for ${course}`)
    const keys = await db.selectFrom('quiz_keys').select(['quiz_id', 'kind', 'questions']).where('course_version_id', '=', versionId).execute()
    steps.push({ kind: 'enrol', course, path: `/courses/${course}`, fields: [['cohortId', cohorts.get(course)!]], location: `/learn/${course}` })
    const lessons = flatLessons(manifest)
    lessons.forEach(({ module, lesson }, i) => {
      const here = `/learn/${course}/${module.id}/${lesson.id}`
      const at = { course, path: here, moduleId: module.id, lessonId: lesson.id }
      if (!lesson.quizzes.length) {
        const next = lessons[i + 1]
        const gaps = Math.ceil((lesson.minutes * minTimeShare(manifest)) / 30)
        steps.push({
          ...at,
          kind: 'lesson',
          fields: [['intent', 'done']],
          location: next ? `/learn/${course}/${next.module.id}/${next.lesson.id}` : here,
          studyGaps: gaps,
        })
        return
      }
      for (const { id } of lesson.quizzes) {
        const key = keys.find((k) => k.quiz_id === id)
        if (!key) throw new Error(`no key for ${course}/${id}`)
        const questions = JSON.parse(key.questions) as QuizQuestionKey[]
        const attempts = key.kind === 'module' && n % 2 === 1 ? [false, true] : [true]
        attempts.forEach((right, a) => {
          const answers = answer(questions, right)
          const quiz = { id, attemptNo: a + 1, answers, score: right ? 100 : 0 }
          steps.push({ ...at, kind: 'quiz', fields: [['intent', 'quiz'], ['quizId', id], ...answerFields(answers)], location: `${here}#quiz-${id}`, quiz })
        })
      }
    })
  }
  return steps
}

/** An MP4 as the server sniffs it (a real one's header) of `size` bytes. */
function videoOf(size: number) {
  const real = fs.readFileSync(path.resolve('content/media/child-wellbeing/early-signs.mp4'))
  return Buffer.concat([real, randomBytes(size - real.length)])
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

async function until(what: string, condition: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

beforeAll(async () => {
  port = await freePort()
  database = await copyTemplateDatabase(`crash_${port}`)
  uploadsDir = path.join(TMP_DIR, `crash-uploads-${process.pid}-${port}`)
  fs.rmSync(uploadsDir, { recursive: true, force: true })
  server = await launchServer(port, env())
  db = openDatabase(database.url)
  for (const course of COURSES) {
    const versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', course).executeTakeFirstOrThrow()).current_version_id!
    cohorts.set(course, await createTestCohort(db, { slug: course, versionId }, { capacity: 1000, endsOn: '2099-12-31' }))
  }
  teachers = await Promise.all(Array.from({ length: CLIENTS }, () => createUser(db)))
  for (const [n, teacher] of teachers.entries()) plans.set(teacher.id, await planFor(n))
  author = await createUser(db, { roles: ['trainer'] })
  mediaCourse = (await createTestCourse(db)).slug
  await addCourseEditor(db, mediaCourse, author.id, null)
  upload.file = videoOf(UPLOAD_SIZE)
  // Nothing but the server holds the database when it is killed, so that the
  // restart recovers it from its files alone.
  await db.destroy()
}, 30_000)

afterAll(async () => {
  if (summary.length) console.log(`crash test: ${summary.join('; ')}`)
  // Already closed if the first test stopped between the kill and the restart.
  await db?.destroy().catch(() => {})
  await server?.stop()
  await database?.remove()
  if (uploadsDir) fs.rmSync(uploadsDir, { recursive: true, force: true })
})

describe('a server killed with SIGKILL under load', () => {
  test('is killed with writes and an upload in flight, and starts again on the same files', async () => {
    const cookies = await Promise.all(teachers.map(login))
    const authorCookie = await login(author)
    let crashed = false
    let openPatchAnswered: number | null = null
    let acknowledged = 0
    let enough: () => void = () => {}
    const enoughAcknowledged = new Promise<void>((resolve) => (enough = resolve))

    async function client(teacher: FixtureUser, cookie: string) {
      for (const step of plans.get(teacher.id)!) {
        if (crashed) return
        const write: Write = { ...step, userId: teacher.id, outcome: 'unknown' }
        writes.push(write)
        let res: Response
        try {
          await study(cookie, step)
          res = await post(cookie, step)
        } catch (error) {
          // No answer: the write may or may not have happened.
          if (crashed) return
          throw error
        }
        // Headers came back: the server answered, so it is acknowledged (or refused), crash or not.
        if (res.status !== 302 || res.headers.get('location') !== step.location) {
          throw new Error(`${step.kind} ${step.path} answered ${res.status} ${res.headers.get('location') ?? ''}`)
        }
        write.outcome = 'acknowledged'
        await res.body?.cancel().catch(() => {})
        if (++acknowledged >= ACKED_BEFORE_KILL) enough()
      }
    }

    // The upload: created, a first part acknowledged, then a PATCH left open
    // with part of the next bytes sent, until the server has written some.
    async function startUpload(): Promise<void> {
      const { file } = upload
      const created = await tus(authorCookie, '/uploads/tus', {
        method: 'POST',
        headers: {
          'Upload-Length': String(file.length),
          'Upload-Metadata': `course ${Buffer.from(mediaCourse).toString('base64')},filename ${Buffer.from('lecture.mp4').toString('base64')}`,
        },
      })
      expect(created.status).toBe(201)
      upload.location = created.headers.get('location')!
      const first = await tus(authorCookie, upload.location, {
        method: 'PATCH',
        headers: { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
        body: new Uint8Array(file.subarray(0, UPLOAD_ACKED)),
      })
      expect(first.status).toBe(204)
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          // Sent in 64 KiB pieces and never closed: the request stays in flight.
          for (let at = UPLOAD_ACKED; at < UPLOAD_ACKED + UPLOAD_IN_FLIGHT; at += 64 * 1024)
            controller.enqueue(new Uint8Array(file.subarray(at, at + 64 * 1024)))
        },
      })
      upload.sentBeforeCrash = UPLOAD_ACKED + UPLOAD_IN_FLIGHT
      tus(authorCookie, upload.location, {
        method: 'PATCH',
        headers: { 'Upload-Offset': String(UPLOAD_ACKED), 'Content-Type': 'application/offset+octet-stream' },
        body,
        duplex: 'half',
      }).then(
        (res) => void (openPatchAnswered = res.status),
        () => {}, // the crash cuts it off
      )
      const incoming = path.join(uploadsDir, 'incoming', upload.location.split('/').pop()!)
      await until('the server to write part of the open PATCH', () => fs.statSync(incoming).size > UPLOAD_ACKED)
      upload.seenOnDisk = fs.statSync(incoming).size
    }

    await startUpload()
    const load = Promise.all(teachers.map((t, i) => client(t, cookies[i]!)))
    const ended = load.then(() => {
      if (!crashed) throw new Error(`the load ended before ${ACKED_BEFORE_KILL} writes were acknowledged`)
    })
    await Promise.race([enoughAcknowledged, ended])
    const outstanding = writes.filter((w) => w.outcome === 'unknown').length
    crashed = true
    await server.crash()
    await load
    expect(outstanding).toBeGreaterThan(0)
    expect(acknowledged).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL)
    expect(openPatchAnswered).toBeNull()

    server = await launchServer(port, env())
    db = openDatabase(database.url)
  }, 50_000)

  test('the database is sound: SQLite’s integrity_check ok and no foreign key broken, or every PostgreSQL index checked by amcheck', async () => {
    if (!onPostgres) {
      expect(await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db).then((r) => r.rows)).toEqual([{ integrity_check: 'ok' }])
      expect(await sql`pragma foreign_key_check`.execute(db).then((r) => r.rows)).toEqual([])
      return
    }
    // bt_index_check raises an error on the first inconsistent B-tree page; heapallindexed also
    // checks that every row of the table is in the index.
    await sql`create extension if not exists amcheck`.execute(db)
    const { rows } = await sql<{ index: string }>`
      select c.relname as index from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_am a on a.oid = c.relam where n.nspname = 'public' and a.amname = 'btree' and c.relpersistence = 'p'`.execute(db)
    expect(rows.length).toBeGreaterThan(50)
    for (const { index } of rows) await sql`select bt_index_check(${index}::regclass, true)`.execute(db)
  })

  test('every acknowledged enrolment, lesson done and quiz answer is there, and each enrolment’s counts agree with its rows', async () => {
    const userIds = teachers.map((t) => t.id)
    const enrolments = await db.selectFrom('enrolments').select(['id', 'user_id', 'course_id', 'lessons_done']).where('user_id', 'in', userIds).execute()
    const progress = await db
      .selectFrom('lesson_progress')
      .innerJoin('enrolments', 'enrolments.id', 'lesson_progress.enrolment_id')
      .select(['enrolments.user_id', 'enrolments.course_id', 'lesson_progress.enrolment_id', 'lesson_progress.module_id', 'lesson_progress.lesson_id'])
      .where('enrolments.user_id', 'in', userIds)
      .execute()
    const attempts = await db
      .selectFrom('quiz_attempts')
      .innerJoin('enrolments', 'enrolments.id', 'quiz_attempts.enrolment_id')
      .select([
        'enrolments.user_id',
        'enrolments.course_id',
        'quiz_attempts.quiz_id',
        'quiz_attempts.attempt_no',
        'quiz_attempts.answers',
        'quiz_attempts.score',
      ])
      .where('enrolments.user_id', 'in', userIds)
      .execute()

    const found = (w: Write): boolean => {
      const mine = <T extends { user_id: string; course_id: string }>(r: T) => r.user_id === w.userId && r.course_id === w.course
      if (w.kind === 'enrol') return enrolments.some(mine)
      if (w.kind === 'lesson') return progress.some((p) => mine(p) && p.module_id === w.moduleId && p.lesson_id === w.lessonId)
      return attempts.some((a) => mine(a) && a.quiz_id === w.quiz!.id && a.attempt_no === w.quiz!.attemptNo)
    }
    const acknowledged = writes.filter((w) => w.outcome === 'acknowledged')
    const unknown = writes.filter((w) => w.outcome === 'unknown')
    expect(acknowledged.filter((w) => !found(w)).map((w) => `${w.kind} ${w.path} ${w.quiz?.id ?? ''}`)).toEqual([])

    // What was recorded is what was sent, not merely a row.
    for (const w of acknowledged.filter((a) => a.kind === 'quiz')) {
      const row = attempts.find((a) => a.user_id === w.userId && a.course_id === w.course && a.quiz_id === w.quiz!.id && a.attempt_no === w.quiz!.attemptNo)!
      expect({ answers: JSON.parse(row.answers) as unknown, score: row.score }).toEqual({ answers: w.quiz!.answers, score: w.quiz!.score })
    }
    // A lesson mark and its enrolment's count are written in one transaction: a crash keeps both or neither.
    for (const e of enrolments) expect(e.lessons_done).toBe(progress.filter((p) => p.enrolment_id === e.id).length)

    const kinds = (list: Write[]) => (['enrol', 'lesson', 'quiz'] as const).map((k) => `${k} ${list.filter((w) => w.kind === k).length}`).join(', ')
    const unknownFound = unknown.filter(found).length
    summary.push(
      `${acknowledged.length} writes acknowledged (${kinds(acknowledged)}), ${acknowledged.filter(found).length} found after the restart; ` +
        `${unknown.length} unanswered at the kill: ${unknownFound} found, ${unknown.length - unknownFound} not`,
    )
  })

  test('the restarted app works: a teacher logs in again and sees their progress', async () => {
    const write = writes.find((w) => w.outcome === 'acknowledged' && w.kind !== 'enrol')!
    const teacher = teachers.find((t) => t.id === write.userId)!
    const enrolment = await db
      .selectFrom('enrolments')
      .select(['lessons_done', 'lessons_total'])
      .where('user_id', '=', teacher.id)
      .where('course_id', '=', write.course)
      .executeTakeFirstOrThrow()
    expect(enrolment.lessons_done).toBeGreaterThan(0)
    const res = await fetch(server.url + '/', { headers: { Cookie: await login(teacher) } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(`Оқылды: ${enrolment.lessons_done} / ${enrolment.lessons_total} сабақ`)
  })

  test('the upload in flight resumes from the offset the restarted server gives, not from 0, and arrives whole', async () => {
    const cookie = await login(author)
    const status = await tus(cookie, upload.location, { method: 'HEAD' })
    expect(status.status).toBe(200)
    const offset = Number(status.headers.get('upload-offset'))
    // At least what was acknowledged and what the server had written before the kill; at most what was sent.
    expect(offset).toBeGreaterThanOrEqual(upload.seenOnDisk)
    expect(offset).toBeGreaterThan(UPLOAD_ACKED)
    expect(offset).toBeLessThanOrEqual(upload.sentBeforeCrash)

    const rest = await tus(cookie, upload.location, {
      method: 'PATCH',
      headers: { 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
      body: new Uint8Array(upload.file.subarray(offset)),
    })
    expect(rest.status).toBe(200)
    const { media } = (await rest.json()) as { media: { id: string; size: number; url: string } }
    expect(media.size).toBe(upload.file.length)
    const served = await fetch(server.url + media.url, { headers: { Cookie: cookie } })
    expect(served.status).toBe(200)
    expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(sha256(upload.file))
    const row = await db.selectFrom('media_files').select('sha256').where('id', '=', media.id).executeTakeFirstOrThrow()
    expect(row.sha256).toBe(sha256(upload.file))
    summary.push(
      `upload of ${upload.file.length / MB} MB: ${UPLOAD_ACKED / MB} MB acknowledged and ${upload.sentBeforeCrash / MB} MB sent before the kill, resumed at byte ${offset}, SHA-256 equal`,
    )
  })
})
