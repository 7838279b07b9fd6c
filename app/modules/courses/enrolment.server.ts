import { newId } from '#db/ids.server.ts'
import { lockRow } from '#db/locks.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { flatLessons, type CourseManifest } from '#app/modules/content/manifest.ts'
import { ensureAssignment } from '#app/modules/surveys/scheduler.server.ts'
import { versionManifest } from './catalogue.server.ts'
import { quizStandings, spentRequired } from './attempts.server.ts'
import { prepared } from '#db/prepared.server.ts'
import type { EnrolmentStatus } from '#db/schema.ts'

export type EnrolError = 'notFound' | 'closed' | 'full' | 'ended' | 'alreadyEnrolled' | 'notTeacher' | 'attemptsSpent'

export type EnrolResult = { ok: true; enrolmentId: string; created: boolean } | { ok: false; error: EnrolError }

/**
 * Enrols a user in a cohort. Refuses a closed, ended or full cohort, a
 * second live enrolment in the same course, and a new one after a required
 * test's attempts were used up (unless a retake was granted). Enrolling again in the same cohort
 * changes nothing (`created: false`), so imports can be repeated.
 */
export async function enrol(
  work: Work,
  input: { userId: string; cohortId: string; source: 'self' | 'import' | 'admin'; today: string; ignoreCapacity?: boolean; courseId?: string },
): Promise<EnrolResult> {
  return write(work, async (tx) => {
    const trx = tx.db
    // On PostgreSQL, the person (one live enrolment per course) and the cohort
    // (its capacity) are locked first, always in this order, so the checks
    // below see every enrolment committed before (ADR 035).
    await lockRow(trx, 'users', input.userId)
    await lockRow(trx, 'cohorts', input.cohortId)
    const cohort = await trx.selectFrom('cohorts').selectAll().where('id', '=', input.cohortId).executeTakeFirst()
    // A cohort of another course than the one asked for (a tampered form) is not found either.
    if (!cohort || (input.courseId !== undefined && cohort.course_id !== input.courseId)) return { ok: false, error: 'notFound' } as const
    const existing = await trx
      .selectFrom('enrolments')
      .select(['id', 'cohort_id', 'status'])
      .where('user_id', '=', input.userId)
      .where('course_id', '=', cohort.course_id)
      .where('status', '!=', 'withdrawn')
      .execute()
    const same = existing.find((e) => e.cohort_id === cohort.id)
    if (same) return { ok: true, enrolmentId: same.id, created: false } as const
    if (existing.some((e) => e.status === 'active' || e.status === 'completed')) return { ok: false, error: 'alreadyEnrolled' } as const
    if (cohort.status !== 'open') return { ok: false, error: 'closed' } as const
    if (cohort.ends_on < input.today) return { ok: false, error: 'ended' } as const
    if (!input.ignoreCapacity) {
      const taken = await trx
        .selectFrom('enrolments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('cohort_id', '=', cohort.id)
        .where('status', '!=', 'withdrawn')
        .executeTakeFirstOrThrow()
      if (Number(taken.n) >= cohort.capacity) return { ok: false, error: 'full' } as const
    }
    const manifest = await versionManifest(trx, cohort.course_version_id)
    // Attempts are the person's in the course, whatever the cohort: with a
    // required test's attempts used up, another cohort could not end in a
    // certificate. A retake granted from the roster lifts this.
    if (manifest && spentRequired(manifest, await quizStandings(tx.work, { userId: input.userId, courseId: cohort.course_id }, manifest)).length) {
      return { ok: false, error: 'attemptsSpent' } as const
    }
    const id = newId()
    await trx
      .insertInto('enrolments')
      .values({
        id,
        cohort_id: cohort.id,
        course_id: cohort.course_id,
        user_id: input.userId,
        status: 'active',
        source: input.source,
        lessons_done: 0,
        lessons_total: manifest ? flatLessons(manifest).length : 0,
        last_module_id: null,
        last_lesson_id: null,
        final_score: null,
        enrolled_at: nowIso(),
        started_at: null,
        last_activity_at: null,
        completed_at: null,
        ended_at: null,
      })
      .execute()
    // The pre-course survey is given at enrolment.
    if (manifest?.surveys?.pre) {
      await ensureAssignment(
        trx,
        { id, user_id: input.userId, course_id: cohort.course_id, cohort_id: cohort.id, region_code: cohort.region_code },
        'pre',
        manifest.surveys.pre,
      )
    }
    tx.emit({ type: 'enrolment.created', enrolmentIds: [id] })
    tx.audit({
      action: 'enrolment.create',
      targetType: 'enrolment',
      targetId: id,
      details: { cohortId: cohort.id, userId: input.userId, source: input.source },
    })
    return { ok: true, enrolmentId: id, created: true } as const
  })
}

/** The user's enrolments, newest first, with what "My learning" shows. */
export async function listMyEnrolments(work: Work, userId: string) {
  const rows = await work.db
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .select([
      'enrolments.id',
      'enrolments.course_id',
      'enrolments.status',
      'enrolments.lessons_done',
      'enrolments.lessons_total',
      'enrolments.last_module_id',
      'enrolments.last_lesson_id',
      'enrolments.completed_at',
      'enrolments.enrolled_at',
      'cohorts.title as cohort_title',
      'cohorts.lang',
      'cohorts.starts_on',
      'cohorts.ends_on',
      'cohorts.course_version_id',
    ])
    .where('enrolments.user_id', '=', userId)
    .where('enrolments.status', '!=', 'withdrawn')
    .orderBy('enrolments.enrolled_at', 'desc')
    .execute()
  const result = []
  for (const row of rows) {
    const manifest = await versionManifest(work.db, row.course_version_id)
    if (manifest) result.push({ ...row, manifest })
  }
  return result
}

/** The user's live enrolment in a course (completed ones included), with its cohort. */
export async function findEnrolment(work: Work, userId: string, courseId: string) {
  return enrolmentRead.first(work.db, userId, courseId)
}

// Every lesson view and course page asks it: built once (db/prepared.server.ts).
const enrolmentRead = prepared((db, userId: string, courseId: string) =>
  db
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .selectAll('enrolments')
    .select(['cohorts.course_version_id', 'cohorts.lang', 'cohorts.title as cohort_title', 'cohorts.starts_on', 'cohorts.ends_on'])
    .where('enrolments.user_id', '=', userId)
    .where('enrolments.course_id', '=', courseId)
    .where('enrolments.status', '!=', 'withdrawn')
    .orderBy('enrolments.enrolled_at', 'desc'),
)

/**
 * Whether "continue" (/learn/<course>) resumes an enrolment rather than
 * sending the teacher to the course page: exactly when its next step leads
 * into the course (decideNextStep in next-step.ts: an active enrolment whose
 * cohort has not ended always has a lesson, a test, the end survey, the
 * activities or the wait for a result; any other enrolment has none). Decided
 * from the enrolment alone, without the two reads of its standing and facts
 * (tests/unit/resume-rule.test.ts holds it to decideNextStep).
 */
export function mayResume(enrolment: { status: EnrolmentStatus; ends_on: string }, today: string): boolean {
  return enrolment.status === 'active' && today <= enrolment.ends_on
}

/**
 * Where "continue" takes an enrolment: while it may resume, the lesson the
 * learner was last on (or the course's first; null for a course without
 * lessons); else the course page, which says what is next. /learn/<course>
 * redirects there; a page that has the enrolment and its manifest links
 * there directly, which saves a phone the redirect's round trip.
 */
export function resumePath(
  course: string,
  manifest: CourseManifest,
  enrolment: { status: EnrolmentStatus; ends_on: string; last_module_id: string | null; last_lesson_id: string | null },
  today: string,
): string | null {
  if (!mayResume(enrolment, today)) return `/courses/${course}`
  const lessons = flatLessons(manifest)
  const last = lessons.find((l) => l.module.id === enrolment.last_module_id && l.lesson.id === enrolment.last_lesson_id) ?? lessons[0]
  return last ? `/learn/${course}/${last.module.id}/${last.lesson.id}` : null
}
