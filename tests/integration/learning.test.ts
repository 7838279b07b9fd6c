import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { HOUR, setClockOffset } from '#app/modules/clock/clock.server.ts'
import type { QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { learnerState, locateLesson } from '#app/modules/courses/lesson-view.server.ts'
import { gradeQuiz, saveReflection, submitQuiz, type EnrolmentRef, type QuizAnswers } from '#app/modules/courses/progress.server.ts'
import { studyLesson } from '#tests/fixtures/study.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// Enrolment, quizzes graded on the server and the completion rule, against the
// short test course 'e2e-short' (tests/fixtures/content): lesson start/welcome,
// basics/practice with the module quiz 'basics-quiz', final/exam with the
// final exam 'final-exam'.

const db = createTestDb()
const TODAY = '2026-06-01'
const PRACTICE = { moduleId: 'basics', lessonId: 'practice' }
const EXAM = { moduleId: 'final', lessonId: 'exam' }

const BASICS_RIGHT: QuizAnswers = { q1: ['b'], q2: ['a', 'b'] }
const BASICS_HALF: QuizAnswers = { q1: ['b'], q2: ['a'] }
const FINAL_RIGHT: QuizAnswers = { q1: ['b'], q2: ['a'] }
const FINAL_WRONG: QuizAnswers = { q1: ['a'], q2: ['b'] }

let versionId: string
const course = () => ({ slug: 'e2e-short', versionId })

beforeAll(async () => {
  const row = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
  versionId = row.current_version_id!
})

afterEach(() => setClockOffset(0))

const counted = async (row: Promise<{ n: number }>) => Number((await row).n)
const enrolmentsOfUser = (userId: string) =>
  counted(
    db
      .selectFrom('enrolments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  )
const enrolmentsInCohort = (cohortId: string) =>
  counted(
    db
      .selectFrom('enrolments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('cohort_id', '=', cohortId)
      .executeTakeFirstOrThrow(),
  )
const attemptsOf = (enrolmentId: string) =>
  counted(
    db
      .selectFrom('quiz_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('enrolment_id', '=', enrolmentId)
      .executeTakeFirstOrThrow(),
  )

const enrolmentRow = (id: string) => db.selectFrom('enrolments').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

/** A new teacher enrolled in a new open cohort of e2e-short. */
async function enrolledTeacher(): Promise<EnrolmentRef & { user_id: string; course_id: string }> {
  const user = await createUser(db)
  const cohortId = await createTestCohort(db, course(), { endsOn: '2099-12-31' })
  const result = await enrol(testWork(db, { actorId: user.id }), { userId: user.id, cohortId, source: 'self', today: TODAY })
  if (!result.ok) throw new Error(`enrolment failed: ${result.error}`)
  return { id: result.enrolmentId, course_version_id: versionId, user_id: user.id, course_id: 'e2e-short' }
}

describe('enrol', () => {
  const enrolIn = (userId: string, cohortId: string) => enrol(testWork(db, { actorId: userId }), { userId, cohortId, source: 'self', today: TODAY })

  test('enrols a teacher in an open cohort, with the course’s lesson count', async () => {
    const user = await createUser(db)
    const cohortId = await createTestCohort(db, course())
    const result = await enrolIn(user.id, cohortId)
    expect(result).toEqual({ ok: true, enrolmentId: expect.any(String), created: true })
    if (!result.ok) return
    expect(await enrolmentRow(result.enrolmentId)).toMatchObject({
      cohort_id: cohortId,
      course_id: 'e2e-short',
      user_id: user.id,
      status: 'active',
      lessons_done: 0,
      lessons_total: 3,
    })
  })

  test('the same cohort again changes nothing and writes no second row', async () => {
    const user = await createUser(db)
    const cohortId = await createTestCohort(db, course())
    const first = await enrolIn(user.id, cohortId)
    const again = await enrolIn(user.id, cohortId)
    expect(first.ok && again.ok).toBe(true)
    if (!first.ok || !again.ok) return
    expect(again).toEqual({ ok: true, enrolmentId: first.enrolmentId, created: false })
    expect(await enrolmentsOfUser(user.id)).toBe(1)
  })

  test('a full cohort is refused', async () => {
    const cohortId = await createTestCohort(db, course(), { capacity: 1 })
    const first = await createUser(db)
    expect(await enrolIn(first.id, cohortId)).toMatchObject({ ok: true })
    const second = await createUser(db)
    expect(await enrolIn(second.id, cohortId)).toEqual({ ok: false, error: 'full' })
    expect(await enrolmentsOfUser(second.id)).toBe(0)
  })

  test('a closed cohort is refused', async () => {
    const user = await createUser(db)
    const cohortId = await createTestCohort(db, course(), { status: 'closed' })
    expect(await enrolIn(user.id, cohortId)).toEqual({ ok: false, error: 'closed' })
    expect(await enrolmentsOfUser(user.id)).toBe(0)
  })

  test('a cohort that ended before today is refused; one that ends today is not', async () => {
    const user = await createUser(db)
    const ended = await createTestCohort(db, course(), { startsOn: '2026-01-10', endsOn: '2026-05-31' })
    expect(await enrolIn(user.id, ended)).toEqual({ ok: false, error: 'ended' })
    expect(await enrolmentsOfUser(user.id)).toBe(0)
    const endsToday = await createTestCohort(db, course(), { startsOn: '2026-01-10', endsOn: TODAY })
    expect(await enrolIn(user.id, endsToday)).toMatchObject({ ok: true, created: true })
  })

  test('a second cohort of the same course is refused', async () => {
    const user = await createUser(db)
    expect(await enrolIn(user.id, await createTestCohort(db, course()))).toMatchObject({ ok: true })
    const other = await createTestCohort(db, course())
    expect(await enrolIn(user.id, other)).toEqual({ ok: false, error: 'alreadyEnrolled' })
    expect(await enrolmentsOfUser(user.id)).toBe(1)
  })

  test('two teachers racing for the last seat: exactly one gets it', async () => {
    const cohortId = await createTestCohort(db, course(), { capacity: 1 })
    const [a, b] = await Promise.all([createUser(db), createUser(db)])
    const results = await Promise.all([enrolIn(a.id, cohortId), enrolIn(b.id, cohortId)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'full' }])
    expect(await enrolmentsInCohort(cohortId)).toBe(1)
  })
})

describe('gradeQuiz', () => {
  let basics: QuizQuestionKey[]
  beforeAll(async () => {
    const row = await db
      .selectFrom('quiz_keys')
      .select('questions')
      .where('course_version_id', '=', versionId)
      .where('quiz_id', '=', 'basics-quiz')
      .executeTakeFirstOrThrow()
    basics = JSON.parse(row.questions) as QuizQuestionKey[]
  })

  test('scores right answers 100 and half of them 50, whatever the order of the choices', () => {
    expect(gradeQuiz(basics, BASICS_RIGHT)).toEqual({ score: 100 })
    expect(gradeQuiz(basics, { q1: ['b'], q2: ['b', 'a'] })).toEqual({ score: 100 })
    expect(gradeQuiz(basics, BASICS_HALF)).toEqual({ score: 50 })
    expect(gradeQuiz(basics, { q1: ['a'], q2: ['c'] })).toEqual({ score: 0 })
  })

  test.each([
    ['an unknown question id', { ...BASICS_RIGHT, zz: ['a'] }, 'unknownQuestion'],
    ['an unknown option id', { q1: ['z'], q2: ['a', 'b'] }, 'unknownOption'],
    ['two options for a single-choice question', { q1: ['a', 'b'], q2: ['a', 'b'] }, 'tooManyChoices'],
    ['a missing answer', { q1: ['b'] }, 'unanswered'],
  ])('refuses %s', (_name, answers, error) => {
    expect(gradeQuiz(basics, answers)).toEqual({ error })
  })
})

describe('submitQuiz', () => {
  test('grades on the server and records the attempt', async () => {
    const enrolment = await enrolledTeacher()
    expect(await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_RIGHT)).toEqual({
      ok: true,
      value: { score: 100, passed: true, status: 'active' },
    })
    expect(await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_HALF)).toEqual({
      ok: true,
      value: { score: 50, passed: false, status: 'active' },
    })
    const attempts = await db
      .selectFrom('quiz_attempts')
      .select(['attempt_no', 'score', 'passed', 'kind'])
      .where('enrolment_id', '=', enrolment.id)
      .orderBy('attempt_no')
      .execute()
    expect(attempts).toEqual([
      { attempt_no: 1, score: 100, passed: 1, kind: 'module' },
      { attempt_no: 2, score: 50, passed: 0, kind: 'module' },
    ])
  })

  test.each([
    ['an unknown question id', PRACTICE, 'basics-quiz', { ...BASICS_RIGHT, zz: ['a'] }, 'unknownQuestion'],
    ['an unknown option id', PRACTICE, 'basics-quiz', { q1: ['z'], q2: ['a'] }, 'unknownOption'],
    ['two options for a single-choice question', PRACTICE, 'basics-quiz', { q1: ['a', 'b'], q2: ['a'] }, 'tooManyChoices'],
    ['the quiz of another lesson', PRACTICE, 'final-exam', FINAL_RIGHT, 'unknownQuiz'],
    ['a quiz id that does not exist', PRACTICE, 'no-such-quiz', BASICS_RIGHT, 'unknownQuiz'],
    ['a missing answer', PRACTICE, 'basics-quiz', { q2: ['a', 'b'] }, 'unanswered'],
  ])('refuses %s and records no attempt', async (_name, lesson, quizId, answers, error) => {
    const enrolment = await enrolledTeacher()
    expect(await submitQuiz(testWork(db), enrolment, lesson, quizId, answers)).toEqual({ ok: false, error })
    expect(await attemptsOf(enrolment.id)).toBe(0)
    expect(await enrolmentRow(enrolment.id)).toMatchObject({ lessons_done: 0, status: 'active' })
  })

  test('a first answer starts the enrolment, and the final exam keeps its best score, in the same update', async () => {
    const enrolment = await enrolledTeacher()
    expect(await enrolmentRow(enrolment.id)).toMatchObject({ started_at: null, final_score: null })
    const FINAL_HALF: QuizAnswers = { q1: ['b'], q2: ['b'] }
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_HALF)).toMatchObject({ ok: true, value: { score: 50, passed: false } })
    const started = await enrolmentRow(enrolment.id)
    expect(started).toMatchObject({ started_at: expect.any(String), final_score: 50, lessons_done: 1 })
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_WRONG)).toMatchObject({ ok: true, value: { score: 0, passed: false } })
    expect(await enrolmentRow(enrolment.id)).toMatchObject({ started_at: started.started_at, final_score: 50, lessons_done: 1 })
  })

  test('the module quiz allows 3 attempts, then no more', async () => {
    const enrolment = await enrolledTeacher()
    for (const answers of [BASICS_HALF, BASICS_RIGHT, BASICS_HALF]) {
      expect(await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', answers)).toMatchObject({ ok: true, value: { status: 'active' } })
    }
    expect(await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_RIGHT)).toEqual({ ok: false, error: 'noAttemptsLeft' })
    expect(await attemptsOf(enrolment.id)).toBe(3)
  })

  test('eight answers sent at once take the 3 attempts once each, numbered 1 to 3, and mark the lesson done once', async () => {
    const enrolment = await enrolledTeacher()
    const results = await Promise.all(Array.from({ length: 8 }, () => submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_HALF)))
    expect(results.filter((r) => r.ok)).toHaveLength(3)
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 5 }, () => ({ ok: false, error: 'noAttemptsLeft' })))
    const numbers = await db.selectFrom('quiz_attempts').select('attempt_no').where('enrolment_id', '=', enrolment.id).orderBy('attempt_no').execute()
    expect(numbers.map((a) => a.attempt_no)).toEqual([1, 2, 3])
    expect(await enrolmentRow(enrolment.id)).toMatchObject({ lessons_done: 1, started_at: expect.any(String), status: 'active' })
  })

  test('a passed final exam cannot be taken again', async () => {
    const enrolment = await enrolledTeacher()
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_RIGHT)).toEqual({
      ok: true,
      value: { score: 100, passed: true, status: 'active' },
    })
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_RIGHT)).toEqual({ ok: false, error: 'alreadyPassed' })
    expect(await attemptsOf(enrolment.id)).toBe(1)
  })
})

describe('completion', () => {
  test('is recorded by the event that completes the course, in the same call', async () => {
    const enrolment = await enrolledTeacher()
    expect(await studyLesson(db, enrolment, 'start', 'welcome')).toBe('active')
    expect(await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_RIGHT)).toMatchObject({ ok: true, value: { status: 'active' } })
    expect(await enrolmentRow(enrolment.id)).toMatchObject({ status: 'active', lessons_done: 2, completed_at: null })
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_RIGHT)).toEqual({
      ok: true,
      value: { score: 100, passed: true, status: 'completed' },
    })
    const row = await enrolmentRow(enrolment.id)
    expect(row).toMatchObject({ status: 'completed', lessons_done: 3, final_score: 100 })
    expect(row.completed_at).toEqual(expect.any(String))
    expect(row.ended_at).toBe(row.completed_at)
  })

  test('a module quiz below 70 keeps a passed final exam from completing the course', async () => {
    const enrolment = await enrolledTeacher()
    await studyLesson(db, enrolment, 'start', 'welcome')
    expect(await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_HALF)).toMatchObject({ ok: true, value: { score: 50, passed: false } })
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_RIGHT)).toEqual({
      ok: true,
      value: { score: 100, passed: true, status: 'active' },
    })
    expect(await enrolmentRow(enrolment.id)).toMatchObject({ status: 'active', lessons_done: 3, completed_at: null, ended_at: null })
  })

  test('failing the final exam twice ends the enrolment as not passed once the other lessons are done, never before', async () => {
    const enrolment = await enrolledTeacher()
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_WRONG)).toEqual({
      ok: true,
      value: { score: 0, passed: false, status: 'active' },
    })
    // Lessons are left: the teacher keeps studying towards a statement of attendance.
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_WRONG)).toEqual({
      ok: true,
      value: { score: 0, passed: false, status: 'active' },
    })
    expect(await studyLesson(db, enrolment, 'start', 'welcome')).toBe('active')
    expect(await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_RIGHT)).toEqual({
      ok: true,
      value: { score: 100, passed: true, status: 'not_passed' },
    })
    const row = await enrolmentRow(enrolment.id)
    expect(row).toMatchObject({ status: 'not_passed', completed_at: null })
    expect(row.ended_at).toEqual(expect.any(String))
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_RIGHT)).toEqual({ ok: false, error: 'notActive' })
  })

  test('after completion, marking a lesson done and answering a quiz change nothing', async () => {
    const enrolment = await enrolledTeacher()
    await studyLesson(db, enrolment, 'start', 'welcome')
    await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_HALF)
    await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_RIGHT)
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_RIGHT)).toMatchObject({ value: { status: 'completed' } })
    const snapshot = async () => ({
      enrolment: await enrolmentRow(enrolment.id),
      progress: await db.selectFrom('lesson_progress').selectAll().where('enrolment_id', '=', enrolment.id).orderBy(['module_id', 'lesson_id']).execute(),
      attempts: await db.selectFrom('quiz_attempts').selectAll().where('enrolment_id', '=', enrolment.id).orderBy('submitted_at').execute(),
    })
    const before = await snapshot()
    // An hour later, so that any write of a timestamp would show.
    setClockOffset(HOUR)
    expect(await studyLesson(db, enrolment, 'start', 'welcome')).toBe('completed')
    expect(await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_RIGHT)).toEqual({ ok: false, error: 'notActive' })
    expect(await submitQuiz(testWork(db), enrolment, EXAM, 'final-exam', FINAL_RIGHT)).toEqual({ ok: false, error: 'notActive' })
    expect(await snapshot()).toEqual(before)
  })
})

describe('reflections and the learner’s state', () => {
  test('saveReflection keeps one text per reflection, the latest', async () => {
    const enrolment = await enrolledTeacher()
    await saveReflection(testWork(db), enrolment.id, 'expectations', 'Бірінші нұсқа')
    await saveReflection(testWork(db), enrolment.id, 'expectations', 'Екінші нұсқа')
    const rows = await db.selectFrom('reflections').select(['reflection_id', 'text']).where('enrolment_id', '=', enrolment.id).execute()
    expect(rows).toEqual([{ reflection_id: 'expectations', text: 'Екінші нұсқа' }])
  })

  test('learnerState shows attempts, best and last score, passing and saved reflections', async () => {
    const enrolment = await enrolledTeacher()
    await saveReflection(testWork(db), enrolment.id, 'expectations', 'Көп нәрсе үйренемін деп күтемін')
    await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_RIGHT)
    await submitQuiz(testWork(db), enrolment, PRACTICE, 'basics-quiz', BASICS_HALF)

    const welcome = (await locateLesson(testWork(db), versionId, 'start', 'welcome'))!
    const welcomeState = await learnerState(testWork(db), { ...enrolment, status: 'active' }, welcome, '/learn/e2e-short/start/welcome', 'kk')
    expect(welcomeState).toEqual({
      action: '/learn/e2e-short/start/welcome',
      lang: 'kk',
      enrolled: true,
      canSubmit: true,
      quizzes: {},
      reflections: { expectations: 'Көп нәрсе үйренемін деп күтемін' },
    })

    const practice = (await locateLesson(testWork(db), versionId, 'basics', 'practice'))!
    const practiceState = await learnerState(testWork(db), { ...enrolment, status: 'active' }, practice, '/learn/e2e-short/basics/practice', 'kk')
    expect(practiceState.quizzes).toEqual({
      'basics-quiz': { kind: 'module', attempts: 2, maxAttempts: 3, best: 100, last: 50, passMark: 70, passed: true },
    })

    const exam = (await locateLesson(testWork(db), versionId, 'final', 'exam'))!
    const examState = await learnerState(testWork(db), { ...enrolment, status: 'completed' }, exam, '/learn/e2e-short/final/exam', 'kk')
    expect(examState.canSubmit).toBe(false)
    expect(examState.quizzes).toEqual({
      'final-exam': { kind: 'final', attempts: 0, maxAttempts: 2, best: null, last: null, passMark: 70, passed: false },
    })
  })
})
