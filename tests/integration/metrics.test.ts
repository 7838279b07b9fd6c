import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '#db/client.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { DAY, now, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { issueCertificate, revokeCertificate } from '#app/modules/certificates/issue.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { submitQuiz } from '#app/modules/courses/progress.server.ts'
import { studyLesson } from '#tests/fixtures/study.ts'
import { recordAttendance } from '#app/modules/courses/activities.server.ts'
import { noteLessonView } from '#app/modules/courses/lesson-view.server.ts'
import { getDashboard } from '#app/modules/dashboard/dashboard.server.ts'
import { courseCohorts, regionSchools } from '#app/modules/dashboard/drill-downs.server.ts'
import { pace } from '#app/modules/dashboard/pace.ts'
import { rebuildMetrics } from '#app/modules/metrics/rebuild.server.ts'
import { metricTotal } from '#app/modules/metrics/rollups.server.ts'
import { drainAllPendingMetrics, pendingMetricCount } from '#app/modules/metrics/pending.server.ts'
import { verifyMetrics } from '#app/modules/metrics/verify.server.ts'
import { confirmDistinct, parentLessonChoices, recordSession } from '#app/modules/parents/sessions.server.ts'
import { recordActivity } from '#app/modules/support/recording.server.ts'
import { submitResponse } from '#app/modules/surveys/answers.server.ts'
import { surveyItems, type SurveyDefinition } from '#app/modules/surveys/definition.ts'
import { ensureAssignment } from '#app/modules/surveys/scheduler.server.ts'
import { versionDefinition } from '#app/modules/surveys/source.server.ts'
import type { SurveyAnswers } from '#app/modules/surveys/answer-check.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The strategy metrics after a realistic mix of activity done through the
// app's own functions: every figure the rollups hold must equal what the
// metric's definition recomputes from the raw tables.

const db = createTestDb()
const today = () => localIsoDate(now())
const right = { basics: { q1: ['b'], q2: ['a', 'b'] }, final: { q1: ['b'], q2: ['a'] } }
const wrong = { q1: ['a'], q2: ['b'] }
afterEach(() => setClockOffset(0))

let course: { slug: string; versionId: string }
let almatyCohort: string
let akmolaCohort: string
let trainer: FixtureUser

async function enrolled(cohortId: string, regionCode: string, schoolId: string) {
  const user = await createUser(db, { regionCode, schoolId })
  const result = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: today() })
  if (!result.ok) throw new Error(result.error)
  return { user, enrolment: { id: result.enrolmentId, course_version_id: course.versionId } }
}

async function complete(enrolment: { id: string; course_version_id: string }) {
  await studyLesson(db, enrolment, 'start', 'welcome')
  await submitQuiz(testWork(db), enrolment, { moduleId: 'basics', lessonId: 'practice' }, 'basics-quiz', right.basics)
  return submitQuiz(testWork(db), enrolment, { moduleId: 'final', lessonId: 'exam' }, 'final-exam', right.final)
}

function answersFor(def: SurveyDefinition): SurveyAnswers {
  return Object.fromEntries(
    surveyItems(def).map((item) => {
      const q = item.question
      if (item.type === 'likert') return [item.id, 4]
      if (item.type === 'scale10') return [item.id, 8]
      if (item.type === 'single') return [item.id, q.type === 'single' ? q.options[0]!.id : '']
      if (item.type === 'multiple') return [item.id, q.type === 'multiple' ? [q.options[0]!.id] : []]
      return [item.id, 'Сыныпта қолдандым.']
    }),
  )
}

async function answerFollowup(database: Database, userId: string, enrolmentId: string, cohortId: string, regionCode: string) {
  await ensureAssignment(
    database,
    { id: enrolmentId, user_id: userId, course_id: course.slug, cohort_id: cohortId, region_code: regionCode },
    'followup:90',
    'course-followup',
  )
  const assignment = await database
    .selectFrom('survey_assignments')
    .select(['id', 'survey_version_id'])
    .where('enrolment_id', '=', enrolmentId)
    .where('schedule_key', '=', 'followup:90')
    .executeTakeFirstOrThrow()
  const def = (await versionDefinition(database, assignment.survey_version_id))!
  const result = await submitResponse(testWork(database, { actorId: userId }), assignment.id, answersFor(def))
  expect(result).toEqual({ ok: true })
}

const total = (metric: Parameters<typeof metricTotal>[1], regionCodes?: string[]) =>
  metricTotal(db, metric, { from: '2020-01-01', to: '2099-12-31', regionCodes })

beforeAll(async () => {
  const row = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
  course = { slug: 'e2e-short', versionId: row.current_version_id! }
  almatyCohort = await createTestCohort(db, course, { capacity: 500, regionCode: 'KZ-75' })
  akmolaCohort = await createTestCohort(db, course, { capacity: 500, regionCode: 'KZ-11' })
  trainer = await createUser(db, { roles: ['trainer'] })
})

describe('a realistic mix of activity', () => {
  test('every metric moves with its events, and the reconciliation finds no difference', async () => {
    const base = {
      trained: await total('teachers_trained'),
      trainedAlmaty: await total('teachers_trained', ['KZ-75']),
      monitoring: await total('teachers_in_course_monitoring'),
      support: await total('teachers_post_course_support'),
      users: await total('registered_site_users'),
      attendances: await total('parent_attendances'),
      enrolled: await total('funnel_enrolled'),
      started: await total('funnel_started'),
      certified: await total('funnel_certified'),
    }

    // Eight teachers in Almaty and four in Akmola: most finish, one fails the exam, two never start, one only opens a lesson.
    const almaty = await Promise.all(Array.from({ length: 8 }, () => enrolled(almatyCohort, 'KZ-75', 'sch-kz75-1')))
    const akmola = await Promise.all(Array.from({ length: 4 }, () => enrolled(akmolaCohort, 'KZ-11', 'sch-kz11-1')))
    for (const t of [...almaty.slice(0, 5), ...akmola.slice(0, 3)]) expect((await complete(t.enrolment)).ok).toBe(true)
    const failing = almaty[5]!
    await studyLesson(db, failing.enrolment, 'start', 'welcome')
    await submitQuiz(testWork(db), failing.enrolment, { moduleId: 'basics', lessonId: 'practice' }, 'basics-quiz', right.basics)
    await submitQuiz(testWork(db), failing.enrolment, { moduleId: 'final', lessonId: 'exam' }, 'final-exam', wrong)
    await submitQuiz(testWork(db), failing.enrolment, { moduleId: 'final', lessonId: 'exam' }, 'final-exam', wrong)
    const browsing = akmola[3]!
    await noteLessonView(testWork(db), { id: browsing.enrolment.id, status: 'active', last_module_id: null, last_lesson_id: null }, 'start', 'welcome')
    const startedAt = async () =>
      (await db.selectFrom('enrolments').select('started_at').where('id', '=', browsing.enrolment.id).executeTakeFirstOrThrow()).started_at
    const firstStart = await startedAt()
    expect(firstStart).not.toBeNull()
    // A second view read before the first one's start (started_at still null then) moves the position and keeps the first start, counted once.
    setClockOffset(5 * DAY)
    await noteLessonView(testWork(db), { id: browsing.enrolment.id, status: 'active', last_module_id: null, last_lesson_id: null }, 'basics', 'practice')
    expect(await startedAt()).toBe(firstStart)
    setClockOffset(0)

    // The starts wait for the job runner (ADR 042): not counted yet, then counted once each by its refresh.
    expect(await total('funnel_started')).toBe(base.started)
    expect(await pendingMetricCount(db)).toBe(10)
    expect(await drainAllPendingMetrics(testWork(db))).toBe(10)
    expect(await pendingMetricCount(db)).toBe(0)
    expect(await total('funnel_enrolled')).toBe(base.enrolled + 12)
    expect(await total('funnel_started')).toBe(base.started + 10)
    // The failed exam earns an attendance statement, which trains no one.
    expect(await total('teachers_trained')).toBe(base.trained + 8)
    expect(await total('teachers_trained', ['KZ-75'])).toBe(base.trainedAlmaty + 5)
    expect(await total('funnel_certified')).toBe(base.certified + 8)
    expect(await total('registered_site_users')).toBe(base.users + 12)

    // A second course finished by an already trained teacher counts them once; revoking the first moves them to the second.
    const twice = almaty[0]!
    const secondCohort = await createTestCohort(
      db,
      {
        slug: 'authoring-demo',
        versionId: (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'authoring-demo').executeTakeFirstOrThrow())
          .current_version_id!,
      },
      { capacity: 50 },
    )
    const second = await enrol(testWork(db), { userId: twice.user.id, cohortId: secondCohort, source: 'admin', today: today() })
    if (!second.ok) throw new Error(second.error)
    setClockOffset(3 * DAY)
    const demoVersion = (await db.selectFrom('cohorts').select('course_version_id').where('id', '=', secondCohort).executeTakeFirstOrThrow()).course_version_id
    for (const { module, lesson } of flatLessons((await versionManifest(db, demoVersion))!)) {
      await studyLesson(db, { id: second.enrolmentId, course_version_id: demoVersion }, module.id, lesson.id)
    }
    // The course plan's webinar, recorded by the trainer, completes it.
    const cohortRow = await db.selectFrom('cohorts').selectAll().where('id', '=', secondCohort).executeTakeFirstOrThrow()
    for (const activity of (await versionManifest(db, demoVersion))!.activities ?? []) {
      expect(
        await recordAttendance(testWork(db, { actorId: trainer.id }), {
          cohort: cohortRow,
          activity,
          heldOn: today(),
          done: [second.enrolmentId],
          today: today(),
        }),
      ).toMatchObject({ ok: true })
    }
    expect(await db.selectFrom('certificates').select('id').where('enrolment_id', '=', second.enrolmentId).executeTakeFirst()).toBeTruthy()
    expect(await total('teachers_trained')).toBe(base.trained + 8)
    const firstCert = await db.selectFrom('certificates').select(['id']).where('enrolment_id', '=', twice.enrolment.id).executeTakeFirstOrThrow()
    expect(await revokeCertificate(testWork(db, { actorId: trainer.id }), firstCert.id, 'Қате енгізілген')).toBe(true)
    expect(await total('teachers_trained')).toBe(base.trained + 8)
    const moved = await db
      .selectFrom('metric_subjects')
      .selectAll()
      .where('metric', '=', 'teachers_trained')
      .where('subject_id', '=', twice.user.id)
      .executeTakeFirstOrThrow()
    expect(moved.course_id).toBe('authoring-demo')
    expect(moved.day).toBe(today())
    setClockOffset(0)
    // Revoking a teacher's only certificate takes them out.
    const only = await db.selectFrom('certificates').select('id').where('enrolment_id', '=', almaty[1]!.enrolment.id).executeTakeFirstOrThrow()
    await revokeCertificate(testWork(db, { actorId: trainer.id }), only.id, 'Қате')
    expect(await total('teachers_trained')).toBe(base.trained + 7)

    // Follow-up monitoring: twice from the same teacher counts them once.
    await answerFollowup(db, almaty[2]!.user.id, almaty[2]!.enrolment.id, almatyCohort, 'KZ-75')
    await answerFollowup(db, akmola[0]!.user.id, akmola[0]!.enrolment.id, akmolaCohort, 'KZ-11')
    expect(await total('teachers_in_course_monitoring')).toBe(base.monitoring + 2)
    expect(await total('funnel_monitored', ['KZ-11'])).toBeGreaterThanOrEqual(1)

    // Post-course support reaches three finished teachers of the Almaty cohort, two of them twice.
    const reached = [almaty[2]!, almaty[3]!, almaty[4]!]
    const activity = {
      kind: 'mentoring' as const,
      title: 'Тәлімгерлік',
      heldOn: today(),
      cohortId: almatyCohort,
      participantIds: reached.map((r) => r.user.id),
    }
    expect((await recordActivity(testWork(db, { actorId: trainer.id }), null, { ...activity, trainerId: trainer.id })).ok).toBe(true)
    expect(
      (
        await recordActivity(testWork(db, { actorId: trainer.id }), null, {
          ...activity,
          trainerId: trainer.id,
          participantIds: reached.slice(0, 2).map((r) => r.user.id),
        })
      ).ok,
    ).toBe(true)
    expect(await total('teachers_post_course_support')).toBe(base.support + 3)
    expect(await total('funnel_supported')).toBeGreaterThanOrEqual(3)

    // Parent sessions: a repeat is flagged and not counted until confirmed as a separate group.
    const coordinator = await createUser(db, { roles: ['coordinator'], schoolId: 'sch-kz75-2' })
    const lessonKey = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === 'family-support')!.lessons[0]!.key
    const session = (headCount: number) => ({
      courseId: 'family-support',
      lessonKey,
      heldOn: today(),
      facilitator: 'Әсем',
      headCount,
      notes: null,
      clientKey: undefined,
    })
    const first = await recordSession(testWork(db, { actorId: coordinator.id }), { schoolId: 'sch-kz75-2', session: session(20), source: 'form' })
    const repeat = await recordSession(testWork(db, { actorId: coordinator.id }), { schoolId: 'sch-kz75-2', session: session(15), source: 'form' })
    expect(first.ok && repeat.ok && repeat.value.duplicateOf).toBeTruthy()
    expect(await total('parent_attendances')).toBe(base.attendances + 20)
    if (repeat.ok) await confirmDistinct(testWork(db, { actorId: coordinator.id }), repeat.value.sessionId)
    expect(await total('parent_attendances')).toBe(base.attendances + 35)

    await drainAllPendingMetrics(testWork(db))
    const report = await verifyMetrics(db)
    expect(report.differences).toEqual([])
    expect(report.totalDifferences).toBe(0)
    expect(report.metrics.find((m) => m.metric === 'teachers_trained')!.stored).toBe(await total('teachers_trained'))
  })

  test('the check finds a rollup that drifted and an event that did not report itself', async () => {
    const scratch = createTestDb()
    const teacher = await createUser(scratch, {})
    expect((await verifyMetrics(scratch)).totalDifferences).toBe(0)
    // A rollup changed by hand.
    await scratch
      .updateTable('metric_rollups')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('metric', '=', 'registered_site_users')
      .execute()
    const drifted = await verifyMetrics(scratch)
    expect(drifted.totalDifferences).toBeGreaterThan(0)
    expect(drifted.differences.some((d) => d.metric === 'registered_site_users' && d.table === 'metric_rollups')).toBe(true)
    await rebuildMetrics(testWork(scratch))
    expect((await verifyMetrics(scratch)).totalDifferences).toBe(0)
    // A certificate written past issueCertificate: the metric never heard of it.
    const row = await scratch.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
    const cohort = await createTestCohort(scratch, { slug: 'e2e-short', versionId: row.current_version_id! })
    const e = await enrol(testWork(scratch), { userId: teacher.id, cohortId: cohort, source: 'admin', today: today() })
    if (!e.ok) throw new Error(e.error)
    await scratch.updateTable('enrolments').set({ status: 'completed', completed_at: now().toISOString() }).where('id', '=', e.enrolmentId).execute()
    const cert = await issueCertificate(testWork(scratch), e.enrolmentId)
    if (!cert.ok) throw new Error(cert.error)
    await scratch.updateTable('certificates').set({ status: 'revoked' }).where('id', '=', cert.certificateId).execute()
    const missed = await verifyMetrics(scratch)
    expect(missed.differences.filter((d) => d.metric === 'teachers_trained').map((d) => [d.table, d.expected, d.stored])).toContainEqual([
      'metric_subjects',
      0,
      1,
    ])
    await scratch.destroy()
  })
})

describe('the dashboard reads the rollups', () => {
  test('values, targets, regions, drill-downs; another region is forbidden; a year without data is zeros', async () => {
    const year = Number(today().slice(0, 4))
    const nationalAnswer = await getDashboard(testWork(db), { year, region: null, allowed: null })
    if (!nationalAnswer.ok) throw new Error('forbidden')
    const national = nationalAnswer.value
    const trained = national.indicators.find((i) => i.key === 'teachers_trained')!
    expect(trained.value).toBe(await metricTotal(db, 'teachers_trained', { from: '2020-01-01', to: `${year}-12-31` }))
    const target = await db.selectFrom('metric_targets').select('value').where('metric', '=', 'teachers_trained').where('year', '=', year).executeTakeFirst()
    expect(trained.target).toBe(target?.value ?? null)
    const almatyRow = national.regions.find((r) => r.code === 'KZ-75')!
    expect(almatyRow.values.teachers_trained).toBe(
      await metricTotal(db, 'teachers_trained', { from: '2020-01-01', to: `${year}-12-31`, regionCodes: ['KZ-75'] }),
    )
    expect(national.regions.reduce((sum, r) => sum + r.values.parent_attendances, 0)).toBe(
      national.indicators.find((i) => i.key === 'parent_attendances')!.value,
    )
    const totalRow = national.funnelByCourse.at(-1)!
    expect(totalRow.steps.funnel_enrolled).toBeGreaterThanOrEqual(totalRow.steps.funnel_started)
    expect(totalRow.steps.funnel_completed).toBeGreaterThanOrEqual(totalRow.steps.funnel_certified - 1)
    const last = national.months.teachers_trained.at(-1)!
    expect(last.total).toBe(trained.value)

    // A regional admin of Akmola: their region only; Almaty is forbidden.
    expect(await getDashboard(testWork(db), { year, region: 'KZ-75', allowed: ['KZ-11'] })).toEqual({ ok: false, error: 'forbidden' })
    const akmolaAnswer = await getDashboard(testWork(db), { year, region: null, allowed: ['KZ-11'] })
    if (!akmolaAnswer.ok) throw new Error('forbidden')
    const akmola = akmolaAnswer.value
    expect(akmola.regions.map((r) => r.code)).toEqual(['KZ-11'])
    expect(akmola.indicators.every((i) => i.target === null)).toBe(true)
    expect(akmola.indicators.find((i) => i.key === 'teachers_trained')!.value).toBe(
      await metricTotal(db, 'teachers_trained', { from: '2020-01-01', to: `${year}-12-31`, regionCodes: ['KZ-11'] }),
    )
    expect(await regionSchools(testWork(db), { region: 'KZ-75', allowed: ['KZ-11'], year })).toEqual({ ok: false, error: 'forbidden' })
    const schoolsAnswer = await regionSchools(testWork(db), { region: 'KZ-11', allowed: ['KZ-11'], year })
    if (!schoolsAnswer.ok) throw new Error('forbidden')
    const schools = schoolsAnswer.value
    expect(schools.schools.find((s) => s.id === 'sch-kz11-1')!.values.teachers_trained).toBe(3)
    const cohorts = await courseCohorts(testWork(db), { courseId: 'e2e-short', allowed: ['KZ-11'], year })
    expect(cohorts!.cohorts.map((c) => c.id)).toEqual([akmolaCohort])
    expect(cohorts!.cohorts[0]!.values.funnel_enrolled).toBe(4)

    // 2019: before any data, zeros everywhere.
    const emptyAnswer = await getDashboard(testWork(db), { year: 2019, region: null, allowed: null })
    if (!emptyAnswer.ok) throw new Error('forbidden')
    const empty = emptyAnswer.value
    expect(empty.indicators.every((i) => i.value === 0 && i.yearValue === 0)).toBe(true)
    expect(empty.regions.every((r) => Object.values(r.values).every((v) => v === 0))).toBe(true)
  })

  test('the pace: on track, at risk, achieved, missed, not started', () => {
    expect(pace({ year: 2026, today: '2026-07-02', before: 1000, yearToDate: 600, target: 2000 })).toEqual({
      projected: 1000 + Math.round(600 / (183 / 365)),
      status: 'on_track',
    })
    expect(pace({ year: 2026, today: '2026-07-02', before: 1000, yearToDate: 400, target: 2000 }).status).toBe('at_risk')
    expect(pace({ year: 2025, today: '2026-07-02', before: 0, yearToDate: 2000, target: 2000 })).toEqual({ projected: 2000, status: 'achieved' })
    expect(pace({ year: 2025, today: '2026-07-02', before: 0, yearToDate: 1999, target: 2000 }).status).toBe('missed')
    expect(pace({ year: 2027, today: '2026-07-02', before: 0, yearToDate: 0, target: 2000 })).toEqual({ projected: null, status: 'not_started' })
    expect(pace({ year: 2026, today: '2026-07-02', before: 0, yearToDate: 10, target: null }).status).toBe('no_target')
  })
})
