import type { EnrolmentStatus } from '#db/schema.ts'
import type { Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { flatLessons, type CourseManifest } from '#app/modules/content/manifest.ts'
import { versionManifest } from './catalogue.server.ts'
import { spentRequired, type EndFacts } from './attempts.server.ts'
import { courseStanding, nextStep, type Standing } from './order.server.ts'
import { prepared } from '#db/prepared.server.ts'
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

// The end survey, the document (each unique per enrolment) and the required
// activities done, in one read: built once per number of required activities.
const factsRead = prepared((db, enrolmentId: string, ...required: string[]) =>
  db
    .selectFrom('enrolments')
    .leftJoin('survey_assignments', (join) =>
      join.onRef('survey_assignments.enrolment_id', '=', 'enrolments.id').on('survey_assignments.schedule_key', '=', 'end'),
    )
    .leftJoin('certificates', 'certificates.enrolment_id', 'enrolments.id')
    .select([
      'survey_assignments.id as survey_id',
      'survey_assignments.status as survey_status',
      'certificates.id as document_id',
      'certificates.kind',
      'certificates.status',
    ])
    .select((eb) =>
      (required.length
        ? eb
            .selectFrom('activity_records')
            .select((sub) => sub.fn.count<number>('activity_records.activity_id').distinct().as('n'))
            .whereRef('activity_records.enrolment_id', '=', 'enrolments.id')
            .where('activity_records.outcome', '=', 'done')
            .where('activity_records.activity_id', 'in', required)
        : eb.val(0)
      ).as('activities_done'),
    )
    .where('enrolments.id', '=', enrolmentId),
)

/** The plan's required activities: the end facts count those done (EndFactsOf). */
export function requiredActivities(manifest: CourseManifest): string[] {
  return (manifest.activities ?? []).filter((a) => a.required).map((a) => a.id)
}

async function readEndFacts(work: Work, enrolmentId: string, required: string[]): Promise<EndFacts> {
  const row = await factsRead.first(work.db, enrolmentId, ...required)
  return {
    survey: row?.survey_id ? { id: row.survey_id, status: row.survey_status ?? '' } : null,
    document: row?.document_id && row.kind && row.status ? { id: row.document_id, kind: row.kind, status: row.status } : null,
    activitiesDone: Number(row?.activities_done ?? 0),
  }
}

/**
 * Gathers an enrolment's facts: its standing under the order rules, the end
 * survey, the plan's activities, its document. `standing` and `end` when the
 * caller read them already (a lesson page reads both with the attempts,
 * personAttempts).
 */
export async function enrolmentFacts(
  work: Work,
  enrolment: EnrolmentForStep,
  manifest: CourseManifest,
  standing?: Standing,
  known?: EndFacts,
): Promise<EnrolmentFacts> {
  const required = requiredActivities(manifest)
  const [mine, end] = await Promise.all([standing ?? courseStanding(work, enrolment, manifest), known ?? readEndFacts(work, enrolment.id, required)])
  const ref = enrolment.status === 'active' ? nextStep(manifest, mine) : null
  const lesson = ref && flatLessons(manifest).find((l) => l.module.id === ref.moduleId && l.lesson.id === ref.lessonId)?.lesson
  // The lesson's test that is still to be reached, if any: the diagnostic, a module test or the final exam.
  const quiz = lesson?.quizzes.map((q) => mine.quizzes.get(q.id)).find((q) => q && !q.reached)
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
    endSurvey: end.survey ? { assignmentId: end.survey.id, submitted: end.survey.status === 'submitted' } : null,
    activitiesLeft: required.length - end.activitiesDone,
    document: end.document ? { kind: end.document.kind, status: end.document.status } : null,
    retakeGranted: enrolment.status === 'not_passed' && spentRequired(manifest, mine.quizzes).length === 0,
  }
}

/** The next step of one enrolment; null when its course version is gone. */
export async function enrolmentNextStep(work: Work, enrolment: EnrolmentForStep, standing?: Standing, end?: EndFacts): Promise<NextStep | null> {
  const manifest = await versionManifest(work.db, enrolment.course_version_id)
  if (!manifest) return null
  return decideNextStep(await enrolmentFacts(work, enrolment, manifest, standing, end))
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
