import { createHash, randomBytes } from 'node:crypto'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { HOUR, nowIso } from '#app/modules/clock/clock.server.ts'
import { answerRows, checkAnswers, type AnswerErrors, type SurveyAnswers } from '#app/modules/surveys/answer-check.server.ts'
import type { SurveyDefinition } from '#app/modules/surveys/definition.ts'
import { versionDefinition } from '#app/modules/surveys/source.server.ts'

// The optional feedback a parent gives right after checking in: the current
// version of the 'parent-feedback' survey, always stored as an anonymous
// response (no user, enrolment, assignment or check-in; only the month), the
// same way answers.server.ts stores one. Survey assignments belong to
// enrolments, which parents at a centre do not have.
//
// One feedback per check-in, without tying it to the check-in: a successful
// check-in hands the browser a random single-use ticket, and the server keeps
// only the ticket's SHA-256 (with the session) in feedback_tickets. Sending the
// feedback deletes that row in the transaction that writes the response, so
// nothing is left that joins the two.

export const FEEDBACK_WINDOW_MS = 2 * HOUR

const ticketKey = (sessionId: string, ticket: string) => createHash('sha256').update(`${sessionId}:${ticket}`).digest('hex')

/** A single-use ticket for one feedback on a session, valid for FEEDBACK_WINDOW_MS. */
export async function issueFeedbackTicket(work: Work, sessionId: string): Promise<string> {
  const ticket = randomBytes(24).toString('base64url')
  await write(work, (tx) =>
    tx.db
      .insertInto('feedback_tickets')
      .values({ key: ticketKey(sessionId, ticket), issued_at: nowIso() })
      .execute(),
  )
  return ticket
}

export interface FeedbackSurvey {
  surveyId: string
  versionId: string
  purpose: string
  definition: SurveyDefinition
}

/** The current version of the parent feedback survey (content/surveys/parent-feedback.yml), if one is published. */
export function parentFeedbackSurvey(work: Work): Promise<FeedbackSurvey | null> {
  return feedbackSurveyOn(work.db)
}

async function feedbackSurveyOn(db: Database): Promise<FeedbackSurvey | null> {
  const row = await db
    .selectFrom('surveys')
    .innerJoin('survey_versions', 'survey_versions.id', 'surveys.current_version_id')
    .select(['surveys.id', 'survey_versions.id as version_id', 'survey_versions.purpose'])
    .where('survey_versions.purpose', '=', 'parent-feedback')
    .orderBy('surveys.id')
    .executeTakeFirst()
  if (!row) return null
  const definition = await versionDefinition(db, row.version_id)
  return definition ? { surveyId: row.id, versionId: row.version_id, purpose: row.purpose, definition } : null
}

export type FeedbackError = 'noSurvey' | 'expired' | 'already' | { invalid: AnswerErrors }

export type FeedbackResult = Result<undefined, FeedbackError>

/**
 * Stores a parent's feedback on a session, once per ticket and only within
 * FEEDBACK_WINDOW_MS of the check-in that issued the ticket: 'already' for a
 * ticket used before (or unknown), 'expired' after the window. A refused
 * attempt writes nothing.
 */
export async function recordParentFeedback(work: Work, input: { sessionId: string; ticket: string; answers: SurveyAnswers }): Promise<FeedbackResult> {
  return write(work, async (tx): Promise<FeedbackResult> => {
    const trx = tx.db
    const survey = await feedbackSurveyOn(trx)
    if (!survey) return fail('noSurvey')
    const errors = checkAnswers(survey.definition, input.answers, { final: true })
    if (errors) return fail({ invalid: errors })
    const session = await trx.selectFrom('parent_sessions').select(['course_id', 'region_code']).where('id', '=', input.sessionId).executeTakeFirst()
    if (!session) return fail('already')
    const key = ticketKey(input.sessionId, input.ticket)
    const ticket = await trx.selectFrom('feedback_tickets').select(['key', 'issued_at as at']).where('key', '=', key).executeTakeFirst()
    // No ticket: it was used (or never issued, which the form cannot tell apart).
    if (!ticket) return fail('already')
    if (ticket.at <= new Date(work.now().getTime() - FEEDBACK_WINDOW_MS).toISOString()) return fail('expired')
    await trx.deleteFrom('feedback_tickets').where('key', '=', ticket.key).execute()

    const responseId = newId()
    await trx
      .insertInto('survey_responses')
      .values({
        id: responseId,
        survey_id: survey.surveyId,
        survey_version_id: survey.versionId,
        purpose: survey.purpose,
        schedule_key: 'parent-session',
        course_id: session.course_id,
        cohort_id: null,
        region_code: session.region_code,
        enrolment_id: null,
        user_id: null,
        period: localIsoDate(nowIso()).slice(0, 7),
        submitted_at: null,
      })
      .execute()
    const rows = answerRows(survey.definition, responseId, input.answers)
    if (rows.length) await trx.insertInto('survey_answers').values(rows).execute()
    return ok()
  })
}
