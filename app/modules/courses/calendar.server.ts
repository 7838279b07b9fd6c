import type { Work } from '#app/core/work.server.ts'
import { absoluteUrl, publicOrigin } from '#app/core/public-origin.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { versionManifest } from './catalogue.server.ts'
import { writeCalendar, type AllDayEvent } from './ics.ts'

// A cohort's dates as a calendar file a teacher adds to a phone's calendar:
// the cohort from its first to its last day, the last day to pass the final
// test (a course that has one), and the cohort's support sessions.

/** The cohort and whether the person may read its calendar: a member, its trainer. Admins are let in by the caller. */
export async function calendarCohort(work: Work, cohortId: string, userId: string) {
  const cohort = await work.db
    .selectFrom('cohorts')
    .select(['id', 'course_id', 'course_version_id', 'title', 'starts_on', 'ends_on', 'trainer_id'])
    .where('id', '=', cohortId)
    .executeTakeFirst()
  if (!cohort) return null
  const member = await work.db
    .selectFrom('enrolments')
    .select('id')
    .where('cohort_id', '=', cohortId)
    .where('user_id', '=', userId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirst()
  return { cohort, allowed: Boolean(member) || cohort.trainer_id === userId }
}

type CalendarCohort = NonNullable<Awaited<ReturnType<typeof calendarCohort>>>['cohort']

/** The calendar file of a cohort, its text in `locale`, its links from the public origin. */
export async function cohortCalendar(work: Work, cohort: CalendarCohort, locale: Locale): Promise<string> {
  const manifest = await versionManifest(work.db, cohort.course_version_id)
  const course = manifest ? pickLocalized(manifest.title, locale) : cohort.course_id
  const host = new URL(publicOrigin()).host
  const coursePage = absoluteUrl(`/courses/${cohort.course_id}`)
  const events: AllDayEvent[] = [
    {
      uid: `cohort-${cohort.id}@${host}`,
      start: cohort.starts_on,
      end: cohort.ends_on,
      summary: translate(locale, 'calendar.cohort', { course, cohort: cohort.title }),
      description: translate(locale, 'calendar.cohort.description', { course, url: coursePage }),
      url: coursePage,
    },
  ]
  if (manifest?.completion.final_exam) {
    events.push({
      uid: `final-${cohort.id}@${host}`,
      start: cohort.ends_on,
      end: cohort.ends_on,
      summary: translate(locale, 'calendar.final', { course }),
      description: translate(locale, 'calendar.final.description', { course, url: coursePage }),
      url: coursePage,
    })
  }
  const sessions = await work.db
    .selectFrom('support_activities')
    .select(['id', 'kind', 'title', 'held_on'])
    .where('cohort_id', '=', cohort.id)
    .orderBy('held_on')
    .orderBy('id')
    .execute()
  for (const session of sessions) {
    events.push({
      uid: `support-${session.id}@${host}`,
      start: session.held_on,
      end: session.held_on,
      summary: translate(locale, 'calendar.session', { kind: translate(locale, `support.kind.${session.kind}`), title: session.title, course }),
      url: coursePage,
    })
  }
  return writeCalendar({ name: translate(locale, 'calendar.name', { course }), lang: locale, stamp: work.now(), events })
}
