import { z } from 'zod'
import { dialectOf } from '#db/client.server.ts'
import { lockRow } from '#db/locks.server.ts'
import type { EnrolmentStatus } from '#db/schema.ts'
import { actingAs, write, type Tx, type Work } from '#app/core/work.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { flatLessons, type QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { ensureAssignment } from '#app/modules/surveys/scheduler.server.ts'
import { versionManifest } from './catalogue.server.ts'
import { quizKey } from './quiz-keys.server.ts'
import { attemptRules, personAttempts, quizStandings, spentRequired, standingsOf, type PersonAttempts } from './attempts.server.ts'
import { courseStanding, lessonLock } from './order.server.ts'
import { lessonSeconds, requiredSeconds } from './time-on-task.server.ts'
import { recordDone, type CompletionRow } from './record-done.server.ts'

// Learning events (a lesson done, a quiz answered, a reflection saved) and the
// completion rule, which is checked in the same transaction as each event.

export interface EnrolmentRef {
  id: string
  course_version_id: string
}

export type MarkDoneResult = Result<EnrolmentStatus, { reason: 'tooSoon'; secondsLeft: number }>

/**
 * Records a lesson as done (once) and re-checks completion; refused while the
 * learner's time on the lesson is below the course's share of its minutes.
 */
export async function markLessonDone(work: Work, enrolment: EnrolmentRef, moduleId: string, lessonId: string): Promise<MarkDoneResult> {
  const manifest = await versionManifest(work.db, enrolment.course_version_id)
  const lesson = manifest ? flatLessons(manifest).find((l) => l.module.id === moduleId && l.lesson.id === lessonId)?.lesson : undefined
  return write(work, async (tx) => {
    // A learner's writes to one enrolment take turns on PostgreSQL (ADR 035): completion is judged once.
    const current = await lockEnrolment(tx, enrolment.id)
    // An ended enrolment (completed or not passed) records nothing more.
    if (current.status !== 'active') return ok(current.status)
    const already = await tx.db
      .selectFrom('lesson_progress')
      .select('done_at')
      .where('enrolment_id', '=', enrolment.id)
      .where('module_id', '=', moduleId)
      .where('lesson_id', '=', lessonId)
      .executeTakeFirst()
    if (!already && manifest && lesson) {
      const left = requiredSeconds(manifest, lesson) - (await lessonSeconds(tx.work, enrolment.id, moduleId, lessonId))
      if (left > 0) return fail({ reason: 'tooSoon' as const, secondsLeft: left })
    }
    const { row } = await recordDone(tx, { id: enrolment.id, startedAt: current.started_at }, moduleId, lessonId)
    return ok(await completeIfDue(tx, enrolment, { locked: true, row }))
  })
}

/**
 * Locks an enrolment's row as lockRow does (PostgreSQL only, ADR 035) and
 * reads it in the same statement: `FOR UPDATE` returns the row as the lock's
 * last holder committed it.
 */
async function lockEnrolment(tx: Tx, enrolmentId: string) {
  return tx.db
    .selectFrom('enrolments')
    .select(['id', 'status', 'user_id', 'course_id', 'started_at'])
    .where('id', '=', enrolmentId)
    .$if(dialectOf(tx.db) === 'postgres', (q) => q.forUpdate())
    .executeTakeFirstOrThrow()
}

export type QuizAnswers = Record<string, string[]>

export type QuizSubmitError =
  'unknownQuiz' | 'unknownQuestion' | 'unknownOption' | 'unanswered' | 'tooManyChoices' | 'noAttemptsLeft' | 'alreadyPassed' | 'notActive' | 'locked'

export type QuizSubmitResult = Result<{ score: number; passed: boolean; status: EnrolmentStatus }, QuizSubmitError>

/**
 * A quiz form's answers: its `answer.<questionId>` fields, which the form
 * parser nests under `answer`, one value or several by question.
 */
export const QuizAnswersSchema = z.record(z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]))).default({})

export function gradeQuiz(questions: QuizQuestionKey[], answers: QuizAnswers): { score: number } | { error: QuizSubmitError } {
  for (const qid of Object.keys(answers)) if (!questions.some((q) => q.id === qid)) return { error: 'unknownQuestion' }
  let correct = 0
  for (const q of questions) {
    const given = answers[q.id] ?? []
    if (!given.length) return { error: 'unanswered' }
    if (given.some((o) => !q.options.includes(o))) return { error: 'unknownOption' }
    if (q.type === 'single' && given.length !== 1) return { error: 'tooManyChoices' }
    const chosen = [...new Set(given)].sort()
    if (JSON.stringify(chosen) === JSON.stringify([...q.correct].sort())) correct++
  }
  return { score: Math.round((correct / questions.length) * 100) }
}

/**
 * Grades a quiz on the server against the answer key kept out of the lesson,
 * records the attempt, marks the quiz's lesson done, and re-checks completion,
 * all in one transaction. `lesson` is where the form was posted: a quiz of
 * another lesson is refused.
 */
export async function submitQuiz(
  work: Work,
  enrolment: EnrolmentRef,
  lesson: { moduleId: string; lessonId: string },
  quizId: string,
  answers: QuizAnswers,
): Promise<QuizSubmitResult> {
  const manifest = await versionManifest(work.db, enrolment.course_version_id)
  if (!manifest) return fail('unknownQuiz')
  // Keys never change within a version: read (once per process) before the transaction, not under the lock.
  const key = await quizKey(work.db, enrolment.course_version_id, quizId)
  if (!key || key.moduleId !== lesson.moduleId || key.lessonId !== lesson.lessonId) return fail('unknownQuiz')
  const graded = gradeQuiz(key.questions, answers)
  return write(work, async (tx): Promise<QuizSubmitResult> => {
    // Attempts are counted after the enrolment is locked: two submissions at once cannot both take the last one.
    const current = await lockEnrolment(tx, enrolment.id)
    if (current.status !== 'active') return fail('notActive')
    // Attempts count across every cohort of the course, plus retakes granted.
    const person = { userId: current.user_id, courseId: current.course_id }
    // Read once, both the attempts and the retakes: the order rules and completion below are judged on them and the new attempt.
    const known = await personAttempts(tx.work, person, manifest.order ? { lessonsOf: enrolment.id } : {})
    // order: in course.yml (the diagnostic first, the final exam last); a course without it has no standing to read.
    if (manifest.order && lessonLock(manifest, await courseStanding(tx.work, current, manifest, known), lesson)) return fail('locked')
    if ('error' in graded) return fail(graded.error)
    const previous = known.attempts.filter((a) => a.quiz_id === quizId)
    const rules = attemptRules(manifest, key.kind)
    const extra = known.extra.get(quizId) ?? 0
    if (previous.length >= rules.maxAttempts + extra) return fail('noAttemptsLeft')
    if (key.kind === 'final' && previous.some((p) => p.passed === 1)) return fail('alreadyPassed')
    const passed = rules.passMark === null ? true : graded.score >= rules.passMark
    const attempt = {
      quiz_id: quizId,
      score: graded.score,
      passed: passed ? 1 : 0,
      attempt_no: Math.max(0, ...previous.map((p) => p.attempt_no)) + 1,
      submitted_at: nowIso(),
    }
    // The attempt is inserted by the same statement as the lesson's progress on PostgreSQL (recordDone).
    const { row } = await recordDone(tx, { id: enrolment.id, startedAt: current.started_at }, key.moduleId, key.lessonId, {
      finalScore: key.kind === 'final' ? graded.score : undefined,
      attempt: { ...attempt, kind: key.kind, answers: JSON.stringify(answers) },
    })
    // The newest attempt: submitted now, with the highest number (personAttempts' order).
    known.attempts.push(attempt)
    const status = await completeIfDue(tx, enrolment, { locked: true, known, row })
    return ok({ score: graded.score, passed, status })
  })
}

export async function saveReflection(work: Work, enrolmentId: string, reflectionId: string, text: string): Promise<void> {
  const stamp = nowIso()
  await write(work, async (tx) => {
    await tx.db
      .insertInto('reflections')
      .values({ enrolment_id: enrolmentId, reflection_id: reflectionId, text, updated_at: stamp })
      .onConflict((oc) => oc.columns(['enrolment_id', 'reflection_id']).doUpdateSet({ text, updated_at: stamp }))
      .execute()
    await tx.db.updateTable('enrolments').set({ last_activity_at: stamp }).where('id', '=', enrolmentId).execute()
  })
}

/**
 * Applies the course's completion rule (course.yml `completion`) to an active
 * enrolment: completed when every lesson is done, every module quiz reached the
 * threshold, the final exam was passed and every required activity of the
 * plan was attended or accepted; not passed when a required quiz has no
 * attempts left below its mark (all cohorts of the course and retakes
 * counted) and every lesson but the final exam is done. Called with
 * `tx.work`, it joins the caller's write; the document earned is issued in it.
 */
export async function evaluateCompletion(work: Work, enrolment: EnrolmentRef): Promise<EnrolmentStatus> {
  return write(work, (tx) => completeIfDue(tx, enrolment))
}

/**
 * `locked`: the caller's write has locked the enrolment already (markLessonDone, submitQuiz).
 * `known`: the person's attempts and retakes as the caller read them under that lock, with what it added since.
 * `row`: the enrolment as the caller's last write to it under that lock returned it.
 */
async function completeIfDue(
  tx: Tx,
  enrolment: EnrolmentRef,
  { locked = false, known, row: given }: { locked?: boolean; known?: PersonAttempts; row?: CompletionRow } = {},
): Promise<EnrolmentStatus> {
  const trx = tx.db
  if (!locked) await lockRow(trx, 'enrolments', enrolment.id)
  const row: CompletionRow =
    given ??
    (await trx
      .selectFrom('enrolments')
      .select(['status', 'lessons_done', 'lessons_total', 'user_id', 'course_id', 'cohort_id'])
      .where('id', '=', enrolment.id)
      .executeTakeFirstOrThrow())
  if (row.status !== 'active') return row.status
  const manifest = await versionManifest(trx, enrolment.course_version_id)
  if (!manifest) return row.status
  // Every lesson done: the end-of-course survey is given now, not at the next job run.
  const endSurvey = manifest.surveys?.end
  if (endSurvey && row.lessons_done >= row.lessons_total) {
    const cohort = await trx.selectFrom('cohorts').select('region_code').where('id', '=', row.cohort_id).executeTakeFirstOrThrow()
    await ensureAssignment(
      trx,
      { id: enrolment.id, user_id: row.user_id, course_id: row.course_id, cohort_id: row.cohort_id, region_code: cohort.region_code },
      'end',
      endSurvey.survey,
    )
  }
  // Quizzes count across all the person's cohorts of the course (attempts.server.ts).
  const standings = known ? standingsOf(manifest, known) : await quizStandings(tx.work, { userId: row.user_id, courseId: row.course_id }, manifest)
  const lessons = flatLessons(manifest)
  let complete = row.lessons_done >= lessons.length
  for (const quiz of standings.values()) {
    if (quiz.kind === 'module' && !quiz.reached) complete = false
    if (quiz.kind === 'final' && manifest.completion.final_exam && !quiz.reached) complete = false
  }
  // The plan's activities: each required one attended (or, an assignment, accepted) as the trainer recorded.
  const activities = (manifest.activities ?? []).filter((a) => a.required)
  if (complete && activities.length) {
    const done = await trx.selectFrom('activity_records').select('activity_id').where('enrolment_id', '=', enrolment.id).where('outcome', '=', 'done').execute()
    if (activities.some((a) => !done.some((d) => d.activity_id === a.id))) complete = false
  }
  // A quiz with no attempts left ends the enrolment only once every lesson
  // but the final exam is done: until then the teacher keeps studying (and a
  // trainer may grant a retake), and the end is a statement of attendance.
  // Which lessons are done is read only then: most answers spend no required quiz, and skip the round trip.
  let failed = false
  if (spentRequired(manifest, standings).length > 0) {
    const progress = await trx.selectFrom('lesson_progress').select(['module_id', 'lesson_id']).where('enrolment_id', '=', enrolment.id).execute()
    const lessonsDone = new Set(progress.map((p) => `${p.module_id}/${p.lesson_id}`))
    failed = lessons
      .filter(({ lesson }) => !lesson.quizzes.some((q) => q.kind === 'final'))
      .every(({ module, lesson }) => lessonsDone.has(`${module.id}/${lesson.id}`))
  }
  if (complete && endSurvey?.required) {
    const answered = await trx
      .selectFrom('survey_assignments')
      .select('id')
      .where('enrolment_id', '=', enrolment.id)
      .where('schedule_key', '=', 'end')
      .where('status', '=', 'submitted')
      .executeTakeFirst()
    if (!answered) complete = false
  }
  const stamp = nowIso()
  if (complete) {
    await trx
      .updateTable('enrolments')
      .set({ status: 'completed', completed_at: stamp, ended_at: stamp })
      .where('id', '=', enrolment.id)
      .where('status', '=', 'active')
      .execute()
    tx.emit({ type: 'enrolment.completed', enrolmentId: enrolment.id })
    await issueCertificate(issuedBySystem(tx), enrolment.id)
    return 'completed'
  }
  if (failed) {
    await trx.updateTable('enrolments').set({ status: 'not_passed', ended_at: stamp }).where('id', '=', enrolment.id).where('status', '=', 'active').execute()
    // The course cannot be completed any more: an attendance statement.
    await issueCertificate(issuedBySystem(tx), enrolment.id)
    return 'not_passed'
  }
  return 'active'
}

/** A document earned by completion is issued by no one: the learner's request only finished the course. */
function issuedBySystem(tx: Tx): Work {
  return actingAs(tx.work, null)
}
