import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import type { Locale } from '#db/schema.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { DAY, now, nowIso } from '#app/modules/clock/clock.server.ts'
import { INVITATION_KINDS, MAIL_DEFAULTS, enqueueMail } from '#app/modules/mail/outbox.server.ts'
import { REMINDER_KIND, isUnsubscribed, unsubscribeToken } from '#app/modules/mail/unsubscribe.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import { write, type Work } from '#app/core/work.server.ts'

// Survey schedules (course.yml `surveys`): a pre-course survey at enrolment, an
// end-of-course survey when every lesson is done, follow-ups N days after
// completion; and reminders until the survey is answered. Every step is
// idempotent: one assignment per enrolment and schedule key, whoever runs it.

export const MAX_REMINDERS = 3
export const REMINDER_EVERY_MS = 7 * DAY

/** Creates the assignment for an enrolment and schedule key unless it exists. Returns true when created. */
export async function ensureAssignment(
  db: Database,
  enrolment: { id: string; user_id: string; course_id: string; cohort_id: string; region_code: string | null },
  scheduleKey: string,
  surveySlug: string,
): Promise<boolean> {
  const survey = await db.selectFrom('surveys').select('current_version_id').where('id', '=', surveySlug).executeTakeFirst()
  if (!survey?.current_version_id) return false
  const result = await db
    .insertInto('survey_assignments')
    .values({
      id: newId(),
      survey_id: surveySlug,
      survey_version_id: survey.current_version_id,
      user_id: enrolment.user_id,
      enrolment_id: enrolment.id,
      course_id: enrolment.course_id,
      cohort_id: enrolment.cohort_id,
      region_code: enrolment.region_code,
      schedule_key: scheduleKey,
      status: 'assigned',
      assigned_at: nowIso(),
      started_at: null,
      submitted_at: null,
      reminders_sent: 0,
      last_reminded_at: null,
    })
    .onConflict((oc) => oc.columns(['enrolment_id', 'schedule_key']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

interface Candidate {
  id: string
  user_id: string
  course_id: string
  cohort_id: string
  region_code: string | null
  course_version_id: string
  status: string
  lessons_done: number
  lessons_total: number
  completed_at: string | null
}

/** Assigns every survey that is due and not yet assigned. */
export async function assignDueSurveys(db: Database): Promise<number> {
  const current = now()
  const rows: Candidate[] = await db
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .select([
      'enrolments.id',
      'enrolments.user_id',
      'enrolments.course_id',
      'enrolments.cohort_id',
      'cohorts.region_code',
      'cohorts.course_version_id',
      'enrolments.status',
      'enrolments.lessons_done',
      'enrolments.lessons_total',
      'enrolments.completed_at',
    ])
    .where('enrolments.status', '!=', 'withdrawn')
    // Only enrolments still missing an assignment they are due for are worth a look.
    .where((eb) =>
      eb.or([
        eb.not(
          eb.exists(
            eb
              .selectFrom('survey_assignments')
              .select('survey_assignments.id')
              .whereRef('survey_assignments.enrolment_id', '=', 'enrolments.id')
              .where('survey_assignments.schedule_key', '=', 'pre'),
          ),
        ),
        eb('enrolments.lessons_done', '>=', eb.ref('enrolments.lessons_total')),
        eb('enrolments.completed_at', 'is not', null),
      ]),
    )
    .execute()
  // What each candidate already has, read once: at national scale nearly every
  // finished enrolment is a candidate and has all its assignments.
  const existing = new Set<string>()
  for (let i = 0; i < rows.length; i += 5000) {
    const ids = rows.slice(i, i + 5000).map((r) => r.id)
    const have = await db.selectFrom('survey_assignments').select(['enrolment_id', 'schedule_key']).where('enrolment_id', 'in', ids).execute()
    for (const a of have) existing.add(`${a.enrolment_id} ${a.schedule_key}`)
  }
  let created = 0
  let checked = 0
  const ensure = async (e: Candidate, key: string, survey: string) => !existing.has(`${e.id} ${key}`) && (await ensureAssignment(db, e, key, survey))
  for (const e of rows) {
    // better-sqlite3 is synchronous: let requests in between batches.
    if (++checked % 500 === 0) await yieldToRequests()
    const schedule = (await versionManifest(db, e.course_version_id))?.surveys
    if (!schedule) continue
    if (schedule.pre && (await ensure(e, 'pre', schedule.pre))) created++
    if (schedule.end && e.lessons_done >= e.lessons_total && (await ensure(e, 'end', schedule.end.survey))) created++
    if (e.completed_at) {
      for (const f of schedule.followup ?? []) {
        if (new Date(e.completed_at).getTime() + f.days * DAY <= current.getTime() && (await ensure(e, `followup:${f.days}`, f.survey))) created++
      }
    }
  }
  return created
}

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve))

/** The one part of a stored survey definition a reminder needs. */
const TitledSchema = z.object({ title: z.record(z.string()) })
const titlesByLanguage = (title: Record<string, string>) => Object.fromEntries(Object.entries(title).map(([lang, text]) => [`title.${lang}`, text]))
/**
 * Reminds about every unanswered survey: at once when assigned (or once the
 * quiet period after an invitation is over), then every 7 days, three times
 * at most. An in-app notification always; mail through the outbox unless the
 * teacher unsubscribed. Stops when the survey is answered.
 */
export async function sendDueReminders(work: Work): Promise<number> {
  const current = work.now()
  const quietDays = (work.config.mail ?? MAIL_DEFAULTS).reminderQuietDays
  const due = await work.db
    .selectFrom('survey_assignments')
    .innerJoin('users', 'users.id', 'survey_assignments.user_id')
    .innerJoin('survey_versions', 'survey_versions.id', 'survey_assignments.survey_version_id')
    .select([
      'survey_assignments.id',
      'survey_assignments.user_id',
      'survey_assignments.reminders_sent',
      'survey_assignments.schedule_key',
      'users.email',
      'users.full_name',
      'users.locale',
      'users.is_active',
      'survey_versions.definition',
    ])
    .where('survey_assignments.status', '!=', 'submitted')
    .where('survey_assignments.reminders_sent', '<', MAX_REMINDERS)
    .where((eb) =>
      eb.or([
        eb('survey_assignments.last_reminded_at', 'is', null),
        eb('survey_assignments.last_reminded_at', '<=', new Date(current.getTime() - REMINDER_EVERY_MS).toISOString()),
      ]),
    )
    .where('users.is_active', '=', 1)
    // A teacher just invited has one thing to do, activate the account: no
    // reminder until the quiet period after the invitation is over (postponed,
    // not counted).
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('mail_outbox')
            .select('mail_outbox.id')
            .whereRef('mail_outbox.user_id', '=', 'survey_assignments.user_id')
            .where('mail_outbox.kind', 'in', INVITATION_KINDS)
            .where('mail_outbox.created_at', '>', new Date(current.getTime() - quietDays * DAY).toISOString()),
        ),
      ),
    )
    .limit(5000)
    .execute()
  let sent = 0
  for (const a of due) {
    if (++sent % 100 === 0) await yieldToRequests()
    const locale = a.locale as Locale
    const def = TitledSchema.parse(JSON.parse(a.definition))
    const title = def.title[locale] ?? def.title.kk ?? ''
    const link = `/surveys/${a.id}`
    await write(work, async (tx) => {
      const trx = tx.db
      await trx
        .insertInto('notifications')
        .values({
          id: newId(),
          user_id: a.user_id,
          kind: 'survey',
          message_key: 'monitoring.notification.survey',
          // Every language's title: the notice is read in whichever language the interface is in then.
          params: JSON.stringify({ title, ...titlesByLanguage(def.title) }),
          link,
          created_at: nowIso(),
          read_at: null,
        })
        .execute()
      if (!(await isUnsubscribed(trx, a.user_id, REMINDER_KIND))) {
        const token = await unsubscribeToken(trx, a.user_id, REMINDER_KIND)
        await enqueueMail(trx, {
          kind: 'survey_reminder',
          userId: a.user_id,
          to: a.email,
          subject: translate(locale, 'monitoring.mail.subject', { title }),
          text: translate(locale, 'monitoring.mail.body', {
            name: a.full_name,
            title,
            link: absoluteUrl(link),
            unsubscribe: absoluteUrl(`/unsubscribe/${token}`),
          }),
        })
      }
      await trx
        .updateTable('survey_assignments')
        .set({ reminders_sent: a.reminders_sent + 1, last_reminded_at: nowIso() })
        .where('id', '=', a.id)
        .execute()
    })
  }
  return due.length
}

export interface JobRun {
  assigned: number
  reminded: number
  ms: number
}

/** One pass of the background work: assignments, then reminders. */
export async function runSurveyJobs(work: Work): Promise<JobRun> {
  const started = performance.now()
  const assigned = await assignDueSurveys(work.db)
  const reminded = await sendDueReminders(work)
  return { assigned, reminded, ms: Math.round(performance.now() - started) }
}
