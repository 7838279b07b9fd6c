import { afterEach, describe, expect, test } from 'vitest'
import { newId } from '#db/ids.server.ts'
import { DAY, now, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { evaluateCompletion } from '#app/modules/courses/progress.server.ts'
import { MAX_REMINDERS, runSurveyJobs } from '#app/modules/surveys/scheduler.server.ts'
import { REMINDER_KIND, readUnsubscribeToken, unsubscribe, unsubscribeToken } from '#app/modules/mail/unsubscribe.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()
afterEach(() => setClockOffset(0))

/** A course whose manifest schedules all three surveys, the end one required. */
async function scheduledCourse() {
  const course = await createTestCourse(db)
  const manifest = {
    ...course.manifest,
    surveys: { pre: 'course-pre', end: { survey: 'course-end', required: true }, followup: [{ survey: 'course-followup', days: 90 }] },
  }
  await db
    .updateTable('course_versions')
    .set({ manifest: JSON.stringify(manifest) })
    .where('id', '=', course.versionId)
    .execute()
  return course
}

async function enrolled() {
  const course = await scheduledCourse()
  const cohortId = await createTestCohort(db, course)
  const user = await createUser(db)
  const e = await enrol(testWork(db, { actorId: user.id }), { userId: user.id, cohortId, source: 'self', today: '2026-06-01' })
  if (!e.ok) throw new Error(e.error)
  return { user, course, enrolmentId: e.enrolmentId }
}

const assignments = (enrolmentId: string) =>
  db.selectFrom('survey_assignments').selectAll().where('enrolment_id', '=', enrolmentId).orderBy('schedule_key').execute()

async function finishLearning(enrolmentId: string, total: number) {
  await db.updateTable('enrolments').set({ lessons_done: total }).where('id', '=', enrolmentId).execute()
  for (const quiz of ['basics-quiz', 'final-exam']) {
    await db
      .insertInto('quiz_attempts')
      .values({
        id: newId(),
        enrolment_id: enrolmentId,
        quiz_id: quiz,
        kind: quiz === 'final-exam' ? 'final' : 'module',
        attempt_no: 1,
        score: 100,
        passed: 1,
        answers: '{}',
        submitted_at: now().toISOString(),
      })
      .execute()
  }
}

describe('survey schedules', () => {
  test('the pre-course survey is assigned at enrolment, once, however often the job runs', async () => {
    const { enrolmentId } = await enrolled()
    expect((await assignments(enrolmentId)).map((a) => a.schedule_key)).toEqual(['pre'])
    await runSurveyJobs(testWork(db))
    await runSurveyJobs(testWork(db))
    expect(await assignments(enrolmentId)).toHaveLength(1)
  })

  test('a required end survey is given when the lessons are done and gates completion', async () => {
    const { enrolmentId, course } = await enrolled()
    await finishLearning(enrolmentId, 3)
    const ref = { id: enrolmentId, course_version_id: course.versionId }
    const status = await evaluateCompletion(testWork(db), ref)
    expect(status).toBe('active')
    const end = (await assignments(enrolmentId)).find((a) => a.schedule_key === 'end')
    expect(end?.survey_id).toBe('course-end')
    await db.updateTable('survey_assignments').set({ status: 'submitted', submitted_at: now().toISOString() }).where('id', '=', end!.id).execute()
    expect(await evaluateCompletion(testWork(db), ref)).toBe('completed')
    expect(await db.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolmentId).execute()).toHaveLength(1)
  })

  test('the follow-up comes 90 days after completion, not before, and only once', async () => {
    const { enrolmentId } = await enrolled()
    await db.updateTable('enrolments').set({ status: 'completed', completed_at: now().toISOString(), lessons_done: 3 }).where('id', '=', enrolmentId).execute()
    setClockOffset(89 * DAY)
    await runSurveyJobs(testWork(db))
    expect((await assignments(enrolmentId)).map((a) => a.schedule_key)).not.toContain('followup:90')
    setClockOffset(91 * DAY)
    await runSurveyJobs(testWork(db))
    await runSurveyJobs(testWork(db))
    expect((await assignments(enrolmentId)).filter((a) => a.schedule_key === 'followup:90')).toHaveLength(1)
  })
})

describe('reminders', () => {
  test('at once, then weekly, three at most; an in-app notification and a mail with a working unsubscribe link each time', async () => {
    const { user, enrolmentId } = await enrolled()
    const mails = () => db.selectFrom('mail_outbox').selectAll().where('user_id', '=', user.id).where('kind', '=', 'survey_reminder').execute()
    await runSurveyJobs(testWork(db))
    expect(await mails()).toHaveLength(1)
    const [first] = await mails()
    expect(first!.subject).toContain('Өркен Academy')
    expect(first!.text_body).toMatch(/\/surveys\/[a-z2-7]{16}/)
    const token = /\/unsubscribe\/(\S+)/.exec(first!.text_body)?.[1]
    expect(await readUnsubscribeToken(db, token!)).toEqual({ userId: user.id, kind: REMINDER_KIND })
    expect(await readUnsubscribeToken(db, token!.slice(0, -2) + 'xx')).toBeNull()

    await runSurveyJobs(testWork(db)) // not again the same week
    expect(await mails()).toHaveLength(1)
    for (let week = 1; week <= 4; week++) {
      setClockOffset(week * 8 * DAY)
      await runSurveyJobs(testWork(db))
    }
    expect(await mails()).toHaveLength(MAX_REMINDERS)
    const notes = await db.selectFrom('notifications').select('message_key').where('user_id', '=', user.id).execute()
    expect(notes).toHaveLength(MAX_REMINDERS)
    expect((await assignments(enrolmentId))[0]!.reminders_sent).toBe(MAX_REMINDERS)
  })

  test('stop once the survey is answered; an unsubscribed teacher gets the notification but no mail', async () => {
    const a = await enrolled()
    await db.updateTable('survey_assignments').set({ status: 'submitted' }).where('enrolment_id', '=', a.enrolmentId).execute()
    const b = await enrolled()
    await unsubscribe(db, b.user.id, REMINDER_KIND)
    await runSurveyJobs(testWork(db))
    expect(await db.selectFrom('mail_outbox').select('id').where('user_id', 'in', [a.user.id, b.user.id]).execute()).toHaveLength(0)
    expect(await db.selectFrom('notifications').select('id').where('user_id', '=', a.user.id).execute()).toHaveLength(0)
    expect(await db.selectFrom('notifications').select('id').where('user_id', '=', b.user.id).execute()).toHaveLength(1)
    expect(await unsubscribeToken(db, b.user.id, REMINDER_KIND)).toMatch(new RegExp(`^${b.user.id}\\.`))
  })
})
