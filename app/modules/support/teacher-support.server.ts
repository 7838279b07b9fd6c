import type { Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { DAY } from '#app/modules/clock/clock.server.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { versionDefinition } from '#app/modules/surveys/source.server.ts'

// The teacher's side of post-course support: what they took part in and what is planned.

const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)

/**
 * A teacher's post-course support: the activities they took part in, the
 * follow-up surveys assigned to them and not yet submitted, and the follow-up
 * dates still ahead (course.yml surveys.followup days after each completion)
 * for which no survey has been assigned yet.
 */
export async function teacherSupport(work: Work, userId: string) {
  const { db } = work
  const today = localIsoDate(work.now())
  const history = await db
    .selectFrom('support_participants')
    .innerJoin('support_activities', 'support_activities.id', 'support_participants.activity_id')
    .innerJoin('users as trainer', 'trainer.id', 'support_activities.trainer_id')
    .leftJoin('cohorts', 'cohorts.id', 'support_activities.cohort_id')
    .select([
      'support_activities.id',
      'support_activities.kind',
      'support_activities.title',
      'support_activities.held_on',
      'trainer.full_name as trainer_name',
      'cohorts.title as cohort_title',
    ])
    .where('support_participants.user_id', '=', userId)
    .orderBy('support_activities.held_on', 'desc')
    .orderBy('support_activities.created_at', 'desc')
    .execute()

  const assignments = await db
    .selectFrom('survey_assignments')
    .leftJoin('cohorts', 'cohorts.id', 'survey_assignments.cohort_id')
    .select([
      'survey_assignments.id',
      'survey_assignments.survey_version_id',
      'survey_assignments.enrolment_id',
      'survey_assignments.schedule_key',
      'survey_assignments.status',
      'survey_assignments.assigned_at',
      'cohorts.course_version_id',
    ])
    .where('survey_assignments.user_id', '=', userId)
    .where('survey_assignments.schedule_key', 'like', 'followup%')
    .execute()
  const due: { id: string; surveyTitle: Localized | null; courseTitle: Localized | null; assignedAt: string; started: boolean }[] = []
  for (const a of assignments.filter((x) => x.status !== 'submitted').sort((x, y) => x.assigned_at.localeCompare(y.assigned_at))) {
    const definition = await versionDefinition(db, a.survey_version_id)
    const manifest = a.course_version_id ? await versionManifest(db, a.course_version_id) : null
    due.push({
      id: a.id,
      surveyTitle: definition?.title ?? null,
      courseTitle: manifest?.title ?? null,
      assignedAt: a.assigned_at,
      started: a.status === 'started',
    })
  }

  const completed = await db
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .select(['enrolments.id', 'enrolments.completed_at', 'cohorts.course_version_id'])
    .where('enrolments.user_id', '=', userId)
    .where('enrolments.status', '=', 'completed')
    .where('enrolments.completed_at', 'is not', null)
    .execute()
  const assigned = new Set(assignments.map((a) => `${a.enrolment_id}|${a.schedule_key}`))
  const upcoming: { enrolmentId: string; courseTitle: Localized; days: number; dueOn: string }[] = []
  for (const e of completed) {
    const manifest = await versionManifest(db, e.course_version_id)
    for (const f of manifest?.surveys?.followup ?? []) {
      const dueOn = addDays(localIsoDate(e.completed_at!), f.days)
      if (dueOn >= today && !assigned.has(`${e.id}|followup:${f.days}`)) upcoming.push({ enrolmentId: e.id, courseTitle: manifest!.title, days: f.days, dueOn })
    }
  }
  upcoming.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.days - b.days)
  return { history, plan: { due, upcoming } }
}
