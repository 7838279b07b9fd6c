// Writes racing from two processes on one database keep the modules'
// invariants (ADR 035). On PostgreSQL transactions run side by side under
// READ COMMITTED, so each invariant rests on what guards it: a row lock on
// the enrolment or the cohort and the person, the counter row of the year,
// the rollups' additive upserts and a lock per metric subject, and a write
// that runs again when it lost. On SQLite the same races meet its single
// writer, and must end the same way. Each race: two child processes
// (tests/fixtures/race-process.ts) open their own connections, wait at a
// barrier, then fire all their operations at once.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { write } from '#app/core/work.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { verifyMetrics } from '#app/modules/metrics/verify.server.ts'
import { drainAllPendingMetrics } from '#app/modules/metrics/pending.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import type { RaceInput, RaceOperation, RaceOutput } from '#tests/fixtures/race-process.ts'
import { startFixtureProcess } from '#tests/fixtures/fixture-process.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { copyTemplateDatabase, type DatabaseCopy } from '#tests/setup/databases.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { testWork } from '#tests/setup/work.ts'

let database: DatabaseCopy
let db: Database
const teachers: string[] = []

beforeAll(async () => {
  database = await copyTemplateDatabase('pg_races')
  db = openDatabase(database.url)
  for (let i = 0; i < 50; i++) teachers.push((await createUser(db)).id)
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await database?.remove()
})

/** Runs `operation` in two processes at once, the first over `inputs[0]`, the second over `inputs[1]`. */
async function race(operation: RaceOperation, inputs: [RaceInput, RaceInput]): Promise<RaceOutput[]> {
  const barrier = path.join(TMP_DIR, `race-${process.pid}-${crypto.randomUUID().slice(0, 8)}`)
  const children = inputs.map((input) => {
    const child = startFixtureProcess('tests/fixtures/race-process.ts', [database.url, barrier, operation, JSON.stringify(input)], 'a racing process')
    return { ready: child.ready, done: child.done.then((line) => JSON.parse(line) as RaceOutput) }
  })
  try {
    await Promise.all(children.map((c) => c.ready))
    fs.writeFileSync(barrier, '')
    return await Promise.all(children.map((c) => c.done))
  } finally {
    fs.rmSync(barrier, { force: true })
  }
}

/** A new course, counted as published, and one cohort of it. */
async function newCohort(capacity: number) {
  const course = await createTestCourse(db)
  await write(testWork(db), async (tx) => tx.emit({ type: 'course.published', courseSlug: course.slug }))
  return { course, cohortId: await createTestCohort(db, course, { capacity }) }
}

/** Enrols each user in the cohort and completes the enrolment, as a finished course would. */
async function completedEnrolments(cohortId: string, userIds: string[]): Promise<string[]> {
  const ids: string[] = []
  for (const userId of userIds) {
    const enrolled = await enrol(testWork(db), { userId, cohortId, source: 'admin', today: nowIso().slice(0, 10) })
    if (!enrolled.ok) throw new Error(enrolled.error)
    await write(testWork(db), async (tx) => {
      const stamp = nowIso()
      await tx.db.updateTable('enrolments').set({ status: 'completed', completed_at: stamp, ended_at: stamp }).where('id', '=', enrolled.enrolmentId).execute()
      tx.emit({ type: 'enrolment.completed', enrolmentId: enrolled.enrolmentId })
    })
    ids.push(enrolled.enrolmentId)
  }
  return ids
}

const outcomes = (outputs: RaceOutput[]) => outputs.flatMap((o) => o.outcomes) as Record<string, unknown>[]

describe('racing from two processes', () => {
  test('an enrolment gets one certificate however many issue it at once', async () => {
    const { cohortId } = await newCohort(30)
    const [enrolmentId] = await completedEnrolments(cohortId, teachers.slice(0, 1))
    const outputs = await race('issue', [{ ids: Array(10).fill(enrolmentId) }, { ids: Array(10).fill(enrolmentId) }])
    const all = outcomes(outputs)
    expect(all).toHaveLength(20)
    expect(all.filter((o) => o.ok !== true)).toEqual([])
    expect(all.filter((o) => o.created === true)).toHaveLength(1)
    expect(new Set(all.map((o) => o.certificateId)).size).toBe(1)
    const rows = await db.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolmentId!).execute()
    expect(rows).toHaveLength(1)
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'certificate.issue').where('target_id', '=', rows[0]!.id).execute()).toHaveLength(
      1,
    )
  }, 60_000)

  test("a cohort's capacity is never exceeded: 20 enrolments at once into 5 places", async () => {
    const { cohortId } = await newCohort(5)
    const outputs = await race('enrol', [
      { ids: teachers.slice(0, 10), cohortId },
      { ids: teachers.slice(10, 20), cohortId },
    ])
    const all = outcomes(outputs)
    expect(all.filter((o) => o.ok === true && o.created === true)).toHaveLength(5)
    expect(all.filter((o) => o.ok === false && o.error === 'full')).toHaveLength(15)
    const rows = await db.selectFrom('enrolments').select('user_id').where('cohort_id', '=', cohortId).execute()
    expect(rows).toHaveLength(5)
  }, 60_000)

  test('a teacher enrolled by both processes at once is enrolled once', async () => {
    const { cohortId } = await newCohort(100)
    const same = teachers.slice(20, 30)
    const outputs = await race('enrol', [
      { ids: same, cohortId },
      { ids: same, cohortId },
    ])
    const all = outcomes(outputs)
    expect(all.filter((o) => o.ok !== true)).toEqual([])
    expect(all.filter((o) => o.created === true)).toHaveLength(10)
    expect(await db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohortId).execute()).toHaveLength(10)
  }, 60_000)

  test("certificate numbers stay gap-free: 50 completions issued at once take the year's next 50", async () => {
    const { cohortId } = await newCohort(100)
    const enrolmentIds = await completedEnrolments(cohortId, teachers)
    const year = Number(nowIso().slice(0, 4))
    const before = await db.selectFrom('certificate_counters').select('last_seq').where('year', '=', year).executeTakeFirst()
    const start = before?.last_seq ?? 0
    const outputs = await race('issue', [{ ids: enrolmentIds.slice(0, 25) }, { ids: enrolmentIds.slice(25) }])
    expect(outcomes(outputs).filter((o) => o.created === true)).toHaveLength(50)
    const issued = await db.selectFrom('certificates').select(['seq', 'number']).where('enrolment_id', 'in', enrolmentIds).execute()
    expect(issued.map((c) => c.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => start + i + 1))
    expect(new Set(issued.map((c) => c.number)).size).toBe(50)
    // The year as a whole: every number from 1 to the counter, once.
    const year_ = await db.selectFrom('certificates').select('seq').where('year', '=', year).execute()
    const counter = await db.selectFrom('certificate_counters').select('last_seq').where('year', '=', year).executeTakeFirstOrThrow()
    expect(year_.map((c) => c.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: counter.last_seq }, (_, i) => i + 1))
  }, 120_000)

  test('starts refreshed later stay exact when the refreshes race the starts and each other', async () => {
    // Forty first views from two processes, each beside a refresh of three pending subjects: a refresh may read a start before it commits.
    const { cohortId } = await newCohort(100)
    const enrolmentIds: string[] = []
    for (const userId of teachers.slice(0, 40)) {
      const enrolled = await enrol(testWork(db), { userId, cohortId, source: 'admin', today: nowIso().slice(0, 10) })
      if (!enrolled.ok) throw new Error(enrolled.error)
      enrolmentIds.push(enrolled.enrolmentId)
    }
    const outputs = await race('start', [{ ids: enrolmentIds.slice(0, 20) }, { ids: enrolmentIds.slice(20) }])
    const drainedThere = outcomes(outputs).reduce((n, o) => n + Number(o.drained), 0)
    expect(drainedThere).toBeGreaterThan(0)
    // What the racing refreshes left, and not one row more: one per start.
    expect(drainedThere + (await drainAllPendingMetrics(testWork(db)))).toBe(40)
    const started = await db
      .selectFrom('metric_subjects')
      .select('subject_id')
      .where('metric', '=', 'funnel_started')
      .where('subject_id', 'in', enrolmentIds)
      .execute()
    expect(started).toHaveLength(40)
    expect((await verifyMetrics(db)).totalDifferences).toBe(0)
  }, 60_000)

  test('the rollups stay exact when one teacher is counted by concurrent writes', async () => {
    // One teacher finishing six courses at once: six writes refresh the same subject (teachers_trained).
    const teacher = teachers[49]!
    const enrolmentIds: string[] = []
    for (let i = 0; i < 6; i++) enrolmentIds.push(...(await completedEnrolments((await newCohort(30)).cohortId, [teacher])))
    const outputs = await race('issue', [{ ids: enrolmentIds.slice(0, 3) }, { ids: enrolmentIds.slice(3) }])
    expect(outcomes(outputs).filter((o) => o.created === true)).toHaveLength(6)
    const trained = await db
      .selectFrom('metric_subjects')
      .select('subject_id')
      .where('metric', '=', 'teachers_trained')
      .where('subject_id', '=', teacher)
      .execute()
    expect(trained).toHaveLength(1)
    // Everything raced in this file, recounted from the records: no rollup differs.
    const report = await verifyMetrics(db)
    expect(report.differences).toEqual([])
    expect(report.totalDifferences).toBe(0)
  }, 60_000)
})
