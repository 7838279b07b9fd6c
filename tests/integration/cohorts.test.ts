import type { KyselyPlugin } from 'kysely'
import { beforeAll, describe, expect, test } from 'vitest'
import { newId } from '#db/ids.server.ts'
import { CohortInputSchema, createCohort, type CohortInput } from '#app/modules/courses/cohorts.server.ts'
import { toCsv } from '#app/modules/csv/csv-write.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { canManageCohort, canViewRoster, getRoster, progressPercent } from '#app/modules/courses/roster.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()
let course: Awaited<ReturnType<typeof createTestCourse>>
let admin: FixtureUser
let trainer: FixtureUser

beforeAll(async () => {
  course = await createTestCourse(db)
  admin = await createUser(db, { roles: ['admin'] })
  trainer = await createUser(db, { roles: ['trainer'] })
})

const input = (overrides: Partial<CohortInput> = {}): CohortInput => ({
  courseId: course.slug,
  title: 'Алматы, көктем 2026',
  lang: 'kk',
  startsOn: '2026-03-01',
  endsOn: '2026-05-31',
  trainerId: trainer.id,
  capacity: 25,
  regionCode: 'KZ-75',
  ...overrides,
})

async function cohortCount() {
  const row = await db
    .selectFrom('cohorts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('the cohort form schema', () => {
  const errorsOf = (fields: Record<string, string>) => {
    const result = CohortInputSchema.safeParse({
      courseId: 'c',
      title: 'Поток',
      lang: 'kk',
      startsOn: '2026-03-01',
      endsOn: '2026-05-31',
      capacity: '20',
      regionCode: 'KZ-75',
      ...fields,
    })
    return result.success ? {} : result.error.flatten().fieldErrors
  }

  test('accepts a complete cohort and reads the capacity as a number', () => {
    const result = CohortInputSchema.parse({
      courseId: 'c',
      title: 'Поток',
      lang: 'ru',
      startsOn: '2026-03-01',
      endsOn: '2026-03-01',
      capacity: '20',
      regionCode: 'KZ-75',
    })
    expect(result.capacity).toBe(20)
  })

  test.each([
    ['a date not as YYYY-MM-DD', { startsOn: '01.03.2026' }, 'startsOn', 'validation.date'],
    ['a capacity that is not a number', { capacity: 'отыз' }, 'capacity', 'validation.number'],
    ['a fractional capacity', { capacity: '2.5' }, 'capacity', 'validation.number'],
    ['no places at all', { capacity: '0' }, 'capacity', 'validation.capacity'],
    ['an end before the start', { endsOn: '2026-02-28' }, 'endsOn', 'cohort.error.endsBeforeStart'],
    ['a language the app does not have', { lang: 'de' }, 'lang', 'validation.required'],
    ['a region that is not a region code', { regionCode: 'Almaty' }, 'regionCode', 'validation.region'],
  ])('refuses %s', (_name, fields, field, message) => {
    expect(errorsOf(fields)).toMatchObject({ [field]: [message] })
  })
})

describe('createCohort', () => {
  test('pins the course’s current version and audits the creation', async () => {
    const result = await createCohort(testWork(db, { actorId: admin.id }), input(), null)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const row = await db.selectFrom('cohorts').selectAll().where('id', '=', result.value.cohortId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      course_id: course.slug,
      course_version_id: course.versionId,
      status: 'open',
      capacity: 25,
      trainer_id: trainer.id,
      created_by: admin.id,
    })
    const audit = await db.selectFrom('audit_log').select('action').where('target_id', '=', result.value.cohortId).execute()
    expect(audit.map((a) => a.action)).toEqual(['cohort.create'])
  })

  test.each([
    ['a course that is not published', () => input({ courseId: 'no-such-course' }), 'courseId', 'cohort.error.noCourse'],
    ['a trainer without the trainer role', () => input({ trainerId: admin.id }), 'trainerId', 'cohort.error.notTrainer'],
    ['a language the course is not written in', () => input({ lang: 'en' }), 'lang', 'cohort.error.langNotInCourse'],
    ['a region that does not exist', () => input({ regionCode: 'KZ-99' }), 'regionCode', 'validation.region'],
  ])('refuses %s and writes nothing', async (_name, make, field, message) => {
    const before = await cohortCount()
    const result = await createCohort(testWork(db, { actorId: admin.id }), make(), null)
    expect(result).toMatchObject({ ok: false, error: { [field]: [message] } })
    expect(await cohortCount()).toBe(before)
  })

  test('a regional admin creates cohorts in their own region only', async () => {
    const regional = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
    const before = await cohortCount()
    const elsewhere = await createCohort(testWork(db, { actorId: regional.id }), input({ regionCode: 'KZ-11' }), ['KZ-75'])
    expect(elsewhere).toMatchObject({ ok: false, error: { regionCode: ['cohort.error.regionNotYours'] } })
    expect(await cohortCount()).toBe(before)
    const own = await createCohort(testWork(db, { actorId: regional.id }), input({ regionCode: 'KZ-75' }), ['KZ-75'])
    expect(own.ok).toBe(true)
    expect(await cohortCount()).toBe(before + 1)
  })
})

describe('who may see and manage a roster', () => {
  const cohort = { trainer_id: 'trainer-1', region_code: 'KZ-75' }

  test('its trainer, an admin and a regional admin of its region see it', () => {
    expect(canViewRoster(cohort, 'trainer-1', [])).toBe(true)
    expect(canViewRoster(cohort, 'admin-1', null)).toBe(true)
    expect(canViewRoster(cohort, 'regional-1', ['KZ-11', 'KZ-75'])).toBe(true)
  })

  test('another trainer, a teacher and a regional admin of another region do not', () => {
    expect(canViewRoster(cohort, 'trainer-2', [])).toBe(false)
    expect(canViewRoster(cohort, 'regional-2', ['KZ-11'])).toBe(false)
    expect(canViewRoster({ trainer_id: null, region_code: 'KZ-75' }, 'teacher-1', [])).toBe(false)
  })

  test('only admins of the region open and close it, not its trainer', () => {
    expect(canManageCohort(cohort, null)).toBe(true)
    expect(canManageCohort(cohort, ['KZ-75'])).toBe(true)
    expect(canManageCohort(cohort, ['KZ-11'])).toBe(false)
    expect(canManageCohort(cohort, [])).toBe(false)
  })
})

describe('roster numbers', () => {
  const today = '2026-04-01'
  let cohortId: string

  // What the progress module does when a lesson is done: a row per lesson, and
  // the counters on the enrolment.
  async function completeLessons(enrolmentId: string, lessons: [string, string][], at: string) {
    for (const [moduleId, lessonId] of lessons) {
      await db.insertInto('lesson_progress').values({ enrolment_id: enrolmentId, module_id: moduleId, lesson_id: lessonId, done_at: at }).execute()
    }
    await db.updateTable('enrolments').set({ lessons_done: lessons.length, last_activity_at: at }).where('id', '=', enrolmentId).execute()
  }

  async function attempt(enrolmentId: string, quizId: string, attemptNo: number, score: number, at: string) {
    await db
      .insertInto('quiz_attempts')
      .values({
        id: newId(),
        enrolment_id: enrolmentId,
        quiz_id: quizId,
        kind: quizId === 'final-exam' ? 'final' : 'module',
        attempt_no: attemptNo,
        score,
        passed: score >= 70 ? 1 : 0,
        answers: '{}',
        submitted_at: at,
      })
      .execute()
  }

  async function enrolNew(cohort: string, fullName: string) {
    const user = await createUser(db, { fullName })
    const result = await enrol(testWork(db), { userId: user.id, cohortId: cohort, source: 'admin', today })
    if (!result.ok) throw new Error(result.error)
    return result.enrolmentId
  }

  let bakyt: string
  let asel: string
  let aigul: string

  beforeAll(async () => {
    cohortId = await createTestCohort(db, course, { trainerId: trainer.id })
    bakyt = await enrolNew(cohortId, 'Бақыт Омаров')
    asel = await enrolNew(cohortId, 'Әсел Жұмабаева')
    aigul = await enrolNew(cohortId, 'Айгүл Сәрсенова')
    await completeLessons(
      bakyt,
      [
        ['basics', 'intro'],
        ['basics', 'practice'],
      ],
      '2026-03-10T08:00:00.000Z',
    )
    await attempt(bakyt, 'basics-quiz', 1, 50, '2026-03-10T08:10:00.000Z')
    await attempt(bakyt, 'basics-quiz', 2, 80, '2026-03-11T08:10:00.000Z')
    await attempt(bakyt, 'basics-quiz', 3, 70, '2026-03-12T09:30:00.000Z')
    await completeLessons(
      asel,
      [
        ['basics', 'intro'],
        ['basics', 'practice'],
        ['final', 'exam'],
      ],
      '2026-03-20T10:00:00.000Z',
    )
    await attempt(asel, 'basics-quiz', 1, 100, '2026-03-15T10:00:00.000Z')
    await attempt(asel, 'final-exam', 1, 60, '2026-03-20T09:00:00.000Z')
    await attempt(asel, 'final-exam', 2, 90, '2026-03-20T09:50:00.000Z')

    // Someone in another cohort of the same course: their scores stay theirs.
    const other = await createTestCohort(db, course)
    const stranger = await enrolNew(other, 'Бөтен Адам')
    await attempt(stranger, 'basics-quiz', 1, 100, '2026-03-01T10:00:00.000Z')
  })

  test('lists the module quizzes and the final exam from the cohort’s version', async () => {
    const { quizzes } = await getRoster(testWork(db), { id: cohortId, course_version_id: course.versionId })
    expect(quizzes).toEqual([
      { id: 'basics-quiz', kind: 'module', moduleId: 'basics', moduleTitle: { kk: 'Негіздер', ru: 'Основы' } },
      { id: 'final-exam', kind: 'final', moduleId: 'final', moduleTitle: { kk: 'Қорытынды', ru: 'Итог' } },
    ])
  })

  test('gives each teacher’s progress, best scores and last activity, in Kazakh alphabetical order', async () => {
    const { rows } = await getRoster(testWork(db), { id: cohortId, course_version_id: course.versionId })
    expect(rows.map((r) => [r.fullName, r.lessonsDone, r.lessonsTotal, r.percent, r.bestScores, r.lastActivityAt, r.status])).toEqual([
      ['Айгүл Сәрсенова', 0, 3, 0, { 'basics-quiz': null, 'final-exam': null }, null, 'active'],
      ['Әсел Жұмабаева', 3, 3, 100, { 'basics-quiz': 100, 'final-exam': 90 }, '2026-03-20T10:00:00.000Z', 'active'],
      // The last quiz attempt came after the last lesson.
      ['Бақыт Омаров', 2, 3, 67, { 'basics-quiz': 80, 'final-exam': null }, '2026-03-12T09:30:00.000Z', 'active'],
    ])
    expect(rows.map((r) => r.enrolmentId)).toEqual([aigul, asel, bakyt])
    expect(rows.every((r) => /^\d{12}$/.test(r.iin ?? '') && r.email.endsWith('@test.orken.kz'))).toBe(true)
  })

  test('takes three queries a page however many are enrolled (the ids, the page, its attempts), never one per row', async () => {
    let queries = 0
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries++
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const counted = db.withPlugin(counter)
    await getRoster(testWork(counted), { id: cohortId, course_version_id: course.versionId })
    const few = queries
    for (let i = 0; i < 5; i++) await enrolNew(cohortId, `Қосымша Тыңдаушы ${i}`)
    queries = 0
    const { rows } = await getRoster(testWork(counted), { id: cohortId, course_version_id: course.versionId })
    expect(rows).toHaveLength(8)
    expect(few).toBe(3)
    expect(queries).toBe(3)
  })

  test('rounds the percent and copes with a course without lessons', () => {
    expect(progressPercent(1, 3)).toBe(33)
    expect(progressPercent(2, 3)).toBe(67)
    expect(progressPercent(0, 0)).toBe(0)
    expect(progressPercent(5, 4)).toBe(100)
  })
})

describe('toCsv', () => {
  test('separates fields with commas and rows with CRLF', () => {
    expect(
      toCsv([
        ['ЖСН', 'Аты-жөні'],
        ['900514400128', 'Әлия'],
      ]),
    ).toBe('ЖСН,Аты-жөні\r\n900514400128,Әлия\r\n')
    expect(toCsv([])).toBe('')
    expect(toCsv([['', 'x', '']])).toBe(',x,\r\n')
  })

  test('quotes commas, quotes and line breaks, doubling the quotes', () => {
    expect(toCsv([['Серікқызы, Әлия', 'Ақ "Бота"', 'бір\nекі', 'a\r\nb', 'жай']])).toBe('"Серікқызы, Әлия","Ақ ""Бота""","бір\nекі","a\r\nb",жай\r\n')
  })

  test('keeps a cell that looks like a formula as text', () => {
    expect(toCsv([['=HYPERLINK("http://x")', '+7 700', '@SUM(A1)', '-1']])).toBe(`"'=HYPERLINK(""http://x"")",'+7 700,'@SUM(A1),'-1\r\n`)
  })
})
