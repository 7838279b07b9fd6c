import type { EnrolmentStatus } from '#db/schema.ts'
import type { Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { flatLessons, type CourseManifest } from '#app/modules/content/manifest.ts'
import { versionManifest } from './catalogue.server.ts'
import { spentRequired } from './attempts.server.ts'
import { courseStanding, nextStep, type Standing } from './order.server.ts'
import { decideNextStep, type EnrolmentFacts, type NextStep } from './next-step.ts'

/** The enrolment columns the next step is decided from. */
export interface EnrolmentForStep {
  id: string
  user_id: string
  course_id: string
  status: EnrolmentStatus
  course_version_id: string
  started_at: string | null
  ended_at: string | null
  starts_on: string
  ends_on: string
}

/** Gathers an enrolment's facts: its standing under the order rules, the end survey, the plan's activities, its document. */
export async function enrolmentFacts(work: Work, enrolment: EnrolmentForStep, manifest: CourseManifest, standing?: Standing): Promise<EnrolmentFacts> {
  const [mine, survey, records, document] = await Promise.all([
    standing ?? courseStanding(work, enrolment, manifest),
    work.db
      .selectFrom('survey_assignments')
      .select(['id', 'status'])
      .where('enrolment_id', '=', enrolment.id)
      .where('schedule_key', '=', 'end')
      .executeTakeFirst(),
    work.db.selectFrom('activity_records').select('activity_id').where('enrolment_id', '=', enrolment.id).where('outcome', '=', 'done').execute(),
    work.db.selectFrom('certificates').select(['kind', 'status']).where('enrolment_id', '=', enrolment.id).executeTakeFirst(),
  ])
  const ref = enrolment.status === 'active' ? nextStep(manifest, mine) : null
  const lesson = ref && flatLessons(manifest).find((l) => l.module.id === ref.moduleId && l.lesson.id === ref.lessonId)?.lesson
  // The lesson's test that is still to be reached, if any: the diagnostic, a module test or the final exam.
  const quiz = lesson?.quizzes.map((q) => mine.quizzes.get(q.id)).find((q) => q && !q.reached)
  const done = new Set(records.map((r) => r.activity_id))
  return {
    course: enrolment.course_id,
    status: enrolment.status,
    today: localIsoDate(work.now()),
    cohort: { startsOn: enrolment.starts_on, endsOn: enrolment.ends_on },
    endedAt: enrolment.ended_at,
    started: enrolment.started_at !== null || mine.done.size > 0,
    next:
      ref && lesson
        ? { ...ref, title: lesson.title, quiz: quiz ? { kind: quiz.kind, attempts: quiz.attempts, maxAttempts: quiz.maxAttempts, best: quiz.best } : null }
        : null,
    endSurvey: survey ? { assignmentId: survey.id, submitted: survey.status === 'submitted' } : null,
    activitiesLeft: (manifest.activities ?? []).filter((a) => a.required && !done.has(a.id)).length,
    document: document ?? null,
    retakeGranted: enrolment.status === 'not_passed' && spentRequired(manifest, mine.quizzes).length === 0,
  }
}

/** The next step of one enrolment; null when its course version is gone. */
export async function enrolmentNextStep(work: Work, enrolment: EnrolmentForStep, standing?: Standing): Promise<NextStep | null> {
  const manifest = await versionManifest(work.db, enrolment.course_version_id)
  if (!manifest) return null
  return decideNextStep(await enrolmentFacts(work, enrolment, manifest, standing))
}

/**
 * Every enrolment of a user that has no document yet, newest first, each with
 * its next step: what /certificates says is still missing.
 */
export async function enrolmentsWithoutDocument(work: Work, userId: string) {
  const rows = await work.db
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .leftJoin('certificates', 'certificates.enrolment_id', 'enrolments.id')
    .selectAll('enrolments')
    .select(['cohorts.course_version_id', 'cohorts.starts_on', 'cohorts.ends_on', 'cohorts.title as cohort_title'])
    .where('enrolments.user_id', '=', userId)
    .where('certificates.id', 'is', null)
    .orderBy('enrolments.enrolled_at', 'desc')
    .execute()
  const result = []
  for (const row of rows) {
    const manifest = await versionManifest(work.db, row.course_version_id)
    if (!manifest) continue
    const step = decideNextStep(await enrolmentFacts(work, row, manifest))
    result.push({ id: row.id, course: manifest.title, cohortTitle: row.cohort_title, step })
  }
  return result
}
