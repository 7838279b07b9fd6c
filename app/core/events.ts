// The domain events a write may emit (ADR 022). An event says what happened,
// in the words of the domain, with the ids a subscriber needs; it never says
// what to do about it. Subscribers (app/core/subscribers.server.ts) run in the
// same transaction, just before it commits, so the rollups the dashboard reads
// can never disagree with the records they count.
//
// Ids are lists where one write may touch many subjects (an import, an event's
// attendance), so that subscribers can work in batches.
export type DomainEvent =
  | { type: 'user.registered'; userIds: string[] }
  | { type: 'enrolment.created'; enrolmentIds: string[] }
  | { type: 'lesson.completed'; enrolmentId: string; moduleId: string; lessonId: string }
  | { type: 'enrolment.completed'; enrolmentId: string }
  | { type: 'certificate.issued'; certificateId: string; userId: string; enrolmentId: string }
  | { type: 'certificate.revoked'; certificateId: string; userId: string; enrolmentId: string }
  | { type: 'course.published'; courseSlug: string }
  | { type: 'event.attendance_recorded'; eventId: string; userIds: string[] }
  | { type: 'support.recorded'; activityId: string; userIds: string[]; enrolmentIds: string[] }
  | { type: 'survey.answered'; assignmentId: string; userId: string; enrolmentId: string | null }
  | { type: 'parent_session.recorded'; sessionIds: string[] }

export type DomainEventType = DomainEvent['type']

/** The event of one type, to write a subscriber's case for it. */
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>
