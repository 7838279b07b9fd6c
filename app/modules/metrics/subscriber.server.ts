import type { Database } from '#db/client.server.ts'
import type { DomainEvent } from '#app/core/events.ts'
import type { MetricKey } from './keys.ts'
import { refreshSubjects } from './rollups.server.ts'
import { bumpVersions } from '#app/modules/dashboard/versions.server.ts'

// The rollups follow the domain events (ADR 012, ADR 022): each event names
// the subjects whose attribution may have changed, and each metric is
// refreshed once per write for all of them together.
function subjectsOf(event: DomainEvent): [MetricKey, string[]][] {
  switch (event.type) {
    case 'user.registered':
      return [['registered_site_users', event.userIds]]
    case 'enrolment.created':
      return [['funnel_enrolled', event.enrolmentIds]]
    case 'enrolment.completed':
      return [['funnel_completed', [event.enrolmentId]]]
    case 'certificate.issued':
    case 'certificate.revoked':
      return [
        ['teachers_trained', [event.userId]],
        ['funnel_certified', [event.enrolmentId]],
      ]
    case 'course.published':
      return [['approved_programs', [event.courseSlug]]]
    case 'event.attendance_recorded':
      return [['teachers_in_events', event.userIds]]
    case 'support.recorded':
      return [
        ['teachers_post_course_support', event.userIds],
        ['funnel_supported', event.enrolmentIds],
      ]
    case 'survey.answered':
      return [
        ['teachers_in_course_monitoring', [event.userId]],
        ['funnel_monitored', event.enrolmentId ? [event.enrolmentId] : []],
      ]
    case 'parent_session.recorded':
      return [['parent_attendances', event.sessionIds]]
    case 'lesson.completed':
      return []
  }
}

export async function refreshForEvents(trx: Database, events: readonly DomainEvent[]): Promise<void> {
  const subjects = new Map<MetricKey, string[]>()
  for (const event of events) {
    for (const [metric, ids] of subjectsOf(event)) subjects.set(metric, [...(subjects.get(metric) ?? []), ...ids])
  }
  // Every subject of the write is locked at once, before any shared row, so
  // two writes lock in one order (ADR 035); the shared rollup and version
  // rows of all the metrics are written last, in one statement (rollups.server.ts).
  await refreshSubjects(
    trx,
    [...subjects].sort(([a], [b]) => (a < b ? -1 : 1)),
  )
  // A new current version may retitle a course on the dashboard without moving any figure.
  if (events.some((e) => e.type === 'course.published')) await bumpVersions(trx, ['courses'])
}
