import type { Database } from '#db/client.server.ts'
import type { DomainEvent } from '#app/core/events.ts'
import type { MetricKey } from './keys.ts'
import { refreshSubjects } from './rollups.server.ts'
import { bumpVersions } from '#app/modules/dashboard/versions.server.ts'
import { newId } from '#db/ids.server.ts'
import { prepared } from '#db/prepared.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

// The rollups follow the domain events (ADR 012, ADR 022): each event names
// the subjects whose attribution may have changed, and each metric is
// refreshed once per write for all of them together.
function subjectsOf(event: DomainEvent): [MetricKey, string[]][] {
  switch (event.type) {
    case 'user.registered':
      return [['registered_site_users', event.userIds]]
    case 'enrolment.created':
      return [['funnel_enrolled', event.enrolmentIds]]
    case 'enrolment.started':
      return [['funnel_started', [event.enrolmentId]]]
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

/**
 * Events whose metrics are refreshed a moment after the write, by the job
 * runner (pending.server.ts, ADR 042): a test's first page starts an
 * enrolment, and a synchronized start raises 2,000 of them at once.
 */
const REFRESHED_LATER: ReadonlySet<DomainEvent['type']> = new Set(['enrolment.started'])

const pendingInsert = prepared((db, id: string, metric: MetricKey, subjectId: string, queuedAt: string) =>
  db.insertInto('metric_pending').values({ id, metric, subject_id: subjectId, queued_at: queuedAt }),
)

/** Leaves the subjects of these metrics for the next drain: inside the write whose events named them. */
export async function queueSubjects(trx: Database, batches: readonly (readonly [MetricKey, readonly string[]])[]): Promise<void> {
  const queuedAt = nowIso()
  const rows = batches.flatMap(([metric, ids]) => [...new Set(ids)].map((subject_id) => ({ id: newId(), metric, subject_id, queued_at: queuedAt })))
  if (rows.length === 1) {
    const [row] = rows as [(typeof rows)[number]]
    await pendingInsert.all(trx, row.id, row.metric, row.subject_id, row.queued_at)
    return
  }
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('metric_pending')
      .values(rows.slice(i, i + 500))
      .execute()
}

export async function refreshForEvents(trx: Database, events: readonly DomainEvent[]): Promise<void> {
  const subjects = new Map<MetricKey, string[]>()
  const later = new Map<MetricKey, string[]>()
  for (const event of events) {
    const into = REFRESHED_LATER.has(event.type) ? later : subjects
    for (const [metric, ids] of subjectsOf(event)) into.set(metric, [...(into.get(metric) ?? []), ...ids])
  }
  if (later.size) await queueSubjects(trx, [...later])
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
