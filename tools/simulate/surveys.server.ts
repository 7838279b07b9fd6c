import type { Insertable } from 'kysely'
import type { SurveyAnswersTable, SurveyAssignmentsTable, SurveyResponsesTable } from '#db/schema.ts'
import type { SurveyDefinition } from '#app/modules/surveys/definition.ts'
import { answerRows } from '#app/modules/surveys/answer-check.server.ts'
import { MAX_REMINDERS, REMINDER_EVERY_MS } from '#app/modules/surveys/scheduler.server.ts'
import { versionDefinition } from '#app/modules/surveys/source.server.ts'
import { inBatches, insertRows, refresh, type SimContext } from './batches.server.ts'
import { addMinutes, dayOfStamp, isoDay } from './calendar.ts'
import { simulatedAnswers, type Stage } from './answers.ts'
import type { EnrolmentState } from './learning.server.ts'
import type { Random } from './random.ts'
import { RATES } from './scale.ts'
import type { SimEnrolment } from './world.ts'

// The monitoring surveys of every enrolment, as the scheduler would have
// assigned them (course.yml `surveys`: pre at enrolment, end when every
// lesson is done, follow-ups N days after completion) and as teachers would
// have answered: the pre survey before starting, the end survey before the
// course counts as completed, most follow-ups within days. Unanswered ones
// carry the reminders already sent, so the server's jobs find nothing to do
// for the past. Notifications and reminder mail are not written.

interface SurveyVersion {
  surveyId: string
  versionId: string
  purpose: string
  anonymous: boolean
  def: SurveyDefinition
}

async function loadSurveys(ctx: SimContext): Promise<Map<string, SurveyVersion>> {
  const rows = await ctx.db
    .selectFrom('surveys')
    .innerJoin('survey_versions as v', 'v.id', 'surveys.current_version_id')
    .select(['surveys.id', 'v.id as versionId', 'v.purpose', 'v.anonymous'])
    .execute()
  const out = new Map<string, SurveyVersion>()
  for (const r of rows) {
    const def = await versionDefinition(ctx.db, r.versionId)
    if (def) out.set(r.id, { surveyId: r.id, versionId: r.versionId, purpose: r.purpose, anonymous: r.anonymous === 1, def })
  }
  return out
}

const REMINDER_MINUTES = REMINDER_EVERY_MS / 60_000

/** Reminders go out at the next job run after assignment, then weekly, at most MAX_REMINDERS; none after `until`. */
function reminders(assignedAt: string, until: string): { reminders_sent: number; last_reminded_at: string | null } {
  const minutes = (Date.parse(until) - Date.parse(assignedAt)) / 60_000
  if (minutes < 5) return { reminders_sent: 0, last_reminded_at: null }
  const sent = Math.min(MAX_REMINDERS, 1 + Math.floor((minutes - 5) / REMINDER_MINUTES))
  return { reminders_sent: sent, last_reminded_at: addMinutes(assignedAt, 5 + (sent - 1) * REMINDER_MINUTES) }
}

/** Minutes from an invitation to its answer: most within two days, some after weeks. */
function answerDelay(rng: Random): number {
  const roll = rng.next()
  return roll < 0.5 ? rng.int(10, 2 * 1440) : roll < 0.85 ? rng.int(2 * 1440, 10 * 1440) : rng.int(10 * 1440, 25 * 1440)
}

interface Batch {
  assignments: Insertable<SurveyAssignmentsTable>[]
  responses: Insertable<SurveyResponsesTable>[]
  answers: Insertable<SurveyAnswersTable>[]
  monitoredUsers: string[]
  monitoredEnrolments: string[]
}

function assign(
  ctx: SimContext,
  rng: Random,
  out: Batch,
  e: SimEnrolment,
  survey: SurveyVersion,
  key: string,
  stage: Stage,
  assignedAt: string,
  submittedAt: string | null,
) {
  const cohort = e.cohort!
  const answered = submittedAt && submittedAt <= ctx.untilStamp ? submittedAt : null
  const anonymousDay = answered && `${isoDay(dayOfStamp(answered))}T00:00:00.000Z`
  out.assignments.push({
    id: rng.id(),
    survey_id: survey.surveyId,
    survey_version_id: survey.versionId,
    user_id: e.user.id,
    enrolment_id: e.id,
    course_id: e.course.id,
    cohort_id: cohort.id,
    region_code: cohort.regionCode,
    schedule_key: key,
    status: answered ? 'submitted' : 'assigned',
    assigned_at: assignedAt,
    started_at: null,
    // An anonymous survey's assignment keeps only the day it was answered (submitResponse).
    submitted_at: answered && survey.anonymous ? anonymousDay : answered,
    ...reminders(assignedAt, answered ?? ctx.untilStamp),
  })
  if (!answered) return
  const responseId = rng.id()
  out.responses.push({
    id: responseId,
    survey_id: survey.surveyId,
    survey_version_id: survey.versionId,
    purpose: survey.purpose,
    schedule_key: key,
    course_id: e.course.id,
    cohort_id: cohort.id,
    region_code: cohort.regionCode,
    enrolment_id: survey.anonymous ? null : e.id,
    user_id: survey.anonymous ? null : e.user.id,
    period: isoDay(dayOfStamp(answered)).slice(0, 7),
    submitted_at: survey.anonymous ? null : answered,
  })
  out.answers.push(...answerRows(survey.def, responseId, simulatedAnswers(rng, survey.def, stage, cohort.lang)))
  if (survey.purpose === 'followup' && !survey.anonymous) {
    out.monitoredUsers.push(e.user.id)
    out.monitoredEnrolments.push(e.id)
  }
}

function surveysOf(ctx: SimContext, rng: Random, surveys: Map<string, SurveyVersion>, out: Batch, e: SimEnrolment, s: EnrolmentState) {
  const schedule = e.course.manifest.surveys
  if (!schedule) return
  const pre = schedule.pre ? surveys.get(schedule.pre) : undefined
  if (pre) {
    const before = s.startedAt && addMinutes(s.startedAt, -rng.int(2, 30))
    assign(ctx, rng, out, e, pre, 'pre', 'pre', e.enrolledAt, before && before > e.enrolledAt ? before : s.startedAt && addMinutes(e.enrolledAt, 1))
  }
  const end = schedule.end ? surveys.get(schedule.end.survey) : undefined
  if (end && s.finishedAt && s.lessonsDone >= e.course.lessons.length && s.status !== 'withdrawn') {
    const assignedAt = addMinutes(s.finishedAt, -rng.int(10, 300))
    // A completion follows the end survey's answers (it may be required); some who failed the exam answer too.
    const submittedAt = s.status === 'completed' ? addMinutes(s.finishedAt, -1) : rng.chance(0.6) ? addMinutes(assignedAt, rng.int(5, 600)) : null
    assign(ctx, rng, out, e, end, 'end', 'end', assignedAt < (s.startedAt ?? assignedAt) ? s.startedAt! : assignedAt, submittedAt)
  }
  if (s.status !== 'completed' || !s.finishedAt) return
  for (const [i, f] of [...(schedule.followup ?? [])].sort((a, b) => a.days - b.days).entries()) {
    const survey = surveys.get(f.survey)
    const assignedAt = addMinutes(s.finishedAt, f.days * 1440 + rng.int(1, 5))
    if (!survey || assignedAt > ctx.untilStamp) continue
    const answers = rng.chance(i === 0 ? RATES.firstFollowup : RATES.laterFollowup)
    assign(ctx, rng, out, e, survey, `followup:${f.days}`, 'followup', assignedAt, answers ? addMinutes(assignedAt, answerDelay(rng)) : null)
  }
}

/** Writes every enrolment's survey assignments, responses and answers; refreshes the monitoring metrics. */
export async function writeSurveys(ctx: SimContext, rng: Random, written: { enrolment: SimEnrolment; state: EnrolmentState }[]): Promise<void> {
  const surveys = await loadSurveys(ctx)
  const order = [...written].sort((a, b) => {
    const x = a.state.finishedAt ?? a.enrolment.enrolledAt
    const y = b.state.finishedAt ?? b.enrolment.enrolledAt
    return x < y ? -1 : x > y ? 1 : 0
  })
  await inBatches(ctx, 'surveys', order, 1_500, async (trx, batch) => {
    const out: Batch = { assignments: [], responses: [], answers: [], monitoredUsers: [], monitoredEnrolments: [] }
    for (const { enrolment, state } of batch) surveysOf(ctx, rng, surveys, out, enrolment, state)
    await insertRows(trx, 'survey_assignments', out.assignments)
    await insertRows(trx, 'survey_responses', out.responses)
    await insertRows(trx, 'survey_answers', out.answers)
    await refresh(ctx, trx, ['teachers_in_course_monitoring'], out.monitoredUsers)
    await refresh(ctx, trx, ['funnel_monitored'], out.monitoredEnrolments)
  })
}
