import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import type { SurveyAssignmentsTable } from '#db/schema.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { evaluateCompletion } from '#app/modules/courses/progress.server.ts'
import { answerRows, checkAnswers, compact, readDraft, type AnswerErrors, type SurveyAnswers } from './answer-check.server.ts'
import type { SurveyDefinition } from './definition.ts'
import { versionDefinition } from './source.server.ts'

// Answering an assigned survey, as the work's actor: drafts kept until the
// answers are sent, and the response written in one write. A response to an
// anonymous survey keeps no user, enrolment, assignment or time finer than the
// month (docs/content-format.md, Surveys). Reading the form into answers is
// answer-check.server.ts's.

type AssignmentRow = Pick<
  SurveyAssignmentsTable,
  | 'id'
  | 'survey_id'
  | 'survey_version_id'
  | 'user_id'
  | 'enrolment_id'
  | 'course_id'
  | 'cohort_id'
  | 'region_code'
  | 'schedule_key'
  | 'status'
  | 'assigned_at'
  | 'started_at'
  | 'submitted_at'
>

async function ownAssignment(db: Database, assignmentId: string, userId: string): Promise<AssignmentRow | null> {
  const row = await db
    .selectFrom('survey_assignments')
    .select([
      'id',
      'survey_id',
      'survey_version_id',
      'user_id',
      'enrolment_id',
      'course_id',
      'cohort_id',
      'region_code',
      'schedule_key',
      'status',
      'assigned_at',
      'started_at',
      'submitted_at',
    ])
    .where('id', '=', assignmentId)
    .executeTakeFirst()
  return row && row.user_id === userId ? row : null
}

/** The title of the course an assignment belongs to: its cohort's version, else the course's current one. */
async function courseTitle(db: Database, cohortId: string | null, courseId: string | null): Promise<Localized | null> {
  const cohort = cohortId ? await db.selectFrom('cohorts').select('course_version_id').where('id', '=', cohortId).executeTakeFirst() : undefined
  const versionId =
    cohort?.course_version_id ??
    (courseId ? (await db.selectFrom('courses').select('current_version_id').where('id', '=', courseId).executeTakeFirst())?.current_version_id : null)
  if (!versionId) return null
  return (await versionManifest(db, versionId))?.title ?? null
}

export interface AssignmentForAnswering {
  id: string
  status: AssignmentRow['status']
  anonymous: boolean
  definition: SurveyDefinition
  course: Localized | null
  /** The saved draft; empty when there is none. */
  draft: SurveyAnswers
  submittedAt: string | null
}

/** An assignment with its survey and draft, or null when it is not the actor's. */
export async function findAssignmentForAnswering(work: Work, assignmentId: string): Promise<AssignmentForAnswering | null> {
  const { db } = work
  if (!work.actorId) return null
  const assignment = await ownAssignment(db, assignmentId, work.actorId)
  if (!assignment) return null
  const version = await db.selectFrom('survey_versions').select('anonymous').where('id', '=', assignment.survey_version_id).executeTakeFirst()
  const definition = await versionDefinition(db, assignment.survey_version_id)
  if (!version || !definition) return null
  const draft = await db.selectFrom('survey_drafts').select('answers').where('assignment_id', '=', assignment.id).executeTakeFirst()
  return {
    id: assignment.id,
    status: assignment.status,
    anonymous: version.anonymous === 1,
    definition,
    course: await courseTitle(db, assignment.cohort_id, assignment.course_id),
    draft: assignment.status === 'submitted' ? {} : readDraft(definition, draft?.answers),
    submittedAt: assignment.submitted_at,
  }
}

export type SaveError = 'notFound' | 'alreadySubmitted' | { invalid: AnswerErrors }

export type SaveResult = Result<undefined, SaveError>

/**
 * Keeps partial answers of the assignment's own user until they are sent, and
 * marks the assignment started. Refused once the answers were sent.
 */
export async function saveDraft(work: Work, assignmentId: string, answers: SurveyAnswers): Promise<SaveResult> {
  return write(work, async ({ db: trx }): Promise<SaveResult> => {
    const assignment = work.actorId ? await ownAssignment(trx, assignmentId, work.actorId) : null
    if (!assignment) return fail('notFound')
    if (assignment.status === 'submitted') return fail('alreadySubmitted')
    const def = await versionDefinition(trx, assignment.survey_version_id)
    if (!def) return fail('notFound')
    const errors = checkAnswers(def, answers, { final: false })
    if (errors) return fail({ invalid: errors })
    const stamp = nowIso()
    const json = JSON.stringify(compact(answers))
    await trx
      .insertInto('survey_drafts')
      .values({ assignment_id: assignment.id, answers: json, updated_at: stamp })
      .onConflict((oc) => oc.column('assignment_id').doUpdateSet({ answers: json, updated_at: stamp }))
      .execute()
    await trx
      .updateTable('survey_assignments')
      .set((eb) => ({ status: 'started', started_at: eb.fn.coalesce('started_at', eb.val(stamp)) }))
      .where('id', '=', assignment.id)
      .where('status', '!=', 'submitted')
      .execute()
    return ok()
  })
}

/**
 * Sends the answers, in one transaction: the assignment must be the user's and
 * not yet submitted, and every required item answered. Writes the response and
 * its answers, marks the assignment submitted and deletes the draft; after the
 * course-end survey, re-checks the enrolment's completion. A refused attempt
 * writes nothing.
 */
export async function submitResponse(work: Work, assignmentId: string, answers: SurveyAnswers): Promise<SaveResult> {
  return write(work, async (tx): Promise<SaveResult> => {
    const trx = tx.db
    const assignment = work.actorId ? await ownAssignment(trx, assignmentId, work.actorId) : null
    if (!assignment) return fail('notFound')
    if (assignment.status === 'submitted') return fail('alreadySubmitted')
    const version = await trx.selectFrom('survey_versions').select(['purpose', 'anonymous']).where('id', '=', assignment.survey_version_id).executeTakeFirst()
    const def = await versionDefinition(trx, assignment.survey_version_id)
    if (!version || !def) return fail('notFound')
    const errors = checkAnswers(def, answers, { final: true })
    if (errors) return fail({ invalid: errors })

    const stamp = nowIso()
    const anonymous = version.anonymous === 1
    // Claimed first, so that of two concurrent submissions only one writes.
    // An anonymous survey's assignment keeps only the day it was answered, so
    // its time cannot be matched with a response.
    const claimed = await trx
      .updateTable('survey_assignments')
      .set({ status: 'submitted', submitted_at: anonymous ? `${localIsoDate(stamp)}T00:00:00.000Z` : stamp })
      .where('id', '=', assignment.id)
      .where('status', '!=', 'submitted')
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) return fail('alreadySubmitted')

    const responseId = newId()
    await trx
      .insertInto('survey_responses')
      .values({
        id: responseId,
        survey_id: assignment.survey_id,
        survey_version_id: assignment.survey_version_id,
        purpose: version.purpose,
        schedule_key: assignment.schedule_key,
        course_id: assignment.course_id,
        cohort_id: assignment.cohort_id,
        region_code: assignment.region_code,
        enrolment_id: anonymous ? null : assignment.enrolment_id,
        user_id: anonymous ? null : assignment.user_id,
        period: localIsoDate(stamp).slice(0, 7),
        submitted_at: anonymous ? null : stamp,
      })
      .execute()
    const rows = answerRows(def, responseId, answers)
    if (rows.length) await trx.insertInto('survey_answers').values(rows).execute()
    await trx.deleteFrom('survey_drafts').where('assignment_id', '=', assignment.id).execute()
    // Only a named follow-up counts towards monitoring: an anonymous one cannot say whose it is.
    if (version.purpose === 'followup' && !anonymous)
      tx.emit({ type: 'survey.answered', assignmentId: assignment.id, userId: assignment.user_id, enrolmentId: assignment.enrolment_id })

    if (assignment.schedule_key === 'end' && assignment.enrolment_id) {
      const enrolment = await trx
        .selectFrom('enrolments')
        .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
        .select(['enrolments.id', 'cohorts.course_version_id'])
        .where('enrolments.id', '=', assignment.enrolment_id)
        .executeTakeFirst()
      if (enrolment) await evaluateCompletion(tx.work, { id: enrolment.id, course_version_id: enrolment.course_version_id })
    }
    return ok()
  })
}

export interface MyAssignment {
  id: string
  surveyId: string
  scheduleKey: string
  status: AssignmentRow['status']
  anonymous: boolean
  title: Localized
  course: Localized | null
  assignedAt: string
  startedAt: string | null
  submittedAt: string | null
}

/** The actor's surveys: those waiting for answers (oldest first) and those answered (newest first). */
export async function listMyAssignments(work: Work): Promise<{ pending: MyAssignment[]; submitted: MyAssignment[] }> {
  const { db } = work
  const rows = await db
    .selectFrom('survey_assignments')
    .innerJoin('survey_versions', 'survey_versions.id', 'survey_assignments.survey_version_id')
    .select([
      'survey_assignments.id',
      'survey_assignments.survey_id',
      'survey_assignments.survey_version_id',
      'survey_assignments.schedule_key',
      'survey_assignments.status',
      'survey_assignments.cohort_id',
      'survey_assignments.course_id',
      'survey_assignments.assigned_at',
      'survey_assignments.started_at',
      'survey_assignments.submitted_at',
      'survey_versions.anonymous',
    ])
    .where('survey_assignments.user_id', '=', work.actorId ?? '')
    .orderBy('survey_assignments.assigned_at', 'asc')
    .execute()
  const pending: MyAssignment[] = []
  const submitted: MyAssignment[] = []
  for (const row of rows) {
    const def = await versionDefinition(db, row.survey_version_id)
    if (!def) continue
    const entry: MyAssignment = {
      id: row.id,
      surveyId: row.survey_id,
      scheduleKey: row.schedule_key,
      status: row.status,
      anonymous: row.anonymous === 1,
      title: def.title,
      course: await courseTitle(db, row.cohort_id, row.course_id),
      assignedAt: row.assigned_at,
      startedAt: row.started_at,
      submittedAt: row.submitted_at,
    }
    ;(row.status === 'submitted' ? submitted : pending).push(entry)
  }
  submitted.sort((a, b) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? ''))
  return { pending, submitted }
}
