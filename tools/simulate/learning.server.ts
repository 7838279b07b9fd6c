import type { Database } from '#db/client.server.ts'
import type { EnrolmentStatus } from '#db/schema.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { ENROLMENT_METRICS } from '#app/modules/metrics/rollups.server.ts'
import { inBatches, insertRows, refresh, type SimContext } from './batches.server.ts'
import { dayNumber, isoDay } from './calendar.ts'
import { WeightedPicker, type Random } from './random.ts'
import type { Lang, SimCohort, SimCourse, SimEnrolment } from './world.ts'

// The published teacher courses as the simulation uses them, and the cohorts
// and enrolments written as they stand on the simulation's "today".
// lesson_progress and quiz_attempts are not written (millions of rows that no
// metric reads): lessons_done, last_module_id and last_lesson_id are set as
// the lesson player would leave them, and final_score as the exam would.

/** The published teacher courses with the languages a cohort may use (kk, ru). */
export async function loadCourses(db: Database): Promise<SimCourse[]> {
  const rows = await db
    .selectFrom('courses')
    .select(['id', 'current_version_id'])
    .where('audience', '=', 'teachers')
    .where('current_version_id', 'is not', null)
    .orderBy('id')
    .execute()
  const courses: SimCourse[] = []
  for (const row of rows) {
    const manifest = await versionManifest(db, row.current_version_id!)
    if (!manifest) continue
    const langs = manifest.languages.filter((l): l is Lang => l === 'kk' || l === 'ru')
    const lessons = flatLessons(manifest).map(({ module, lesson }) => ({ moduleId: module.id, lessonId: lesson.id }))
    if (!langs.length || !lessons.length) continue
    courses.push({
      id: row.id,
      versionId: row.current_version_id!,
      manifest,
      lessons,
      langs,
      // Cohorts start a week after the ministry's approval, and not before mid-January 2025.
      firstStart: Math.max(14, manifest.approval ? dayNumber(manifest.approval.date) + 7 : 14),
      // About nine academic hours a week: 72 hours take eight weeks.
      durationDays: Math.min(70, Math.max(14, Math.round(manifest.hours / 9) * 7)),
      passMark: manifest.completion.final_exam ? (manifest.assessment?.final_exam.pass_mark ?? 70) : null,
    })
  }
  return courses
}

/** An enrolment as it stands at `until`. */
export interface EnrolmentState {
  status: EnrolmentStatus
  startedAt: string | null
  /** completed_at or ended_at. */
  finishedAt: string | null
  lessonsDone: number
  lastActivityAt: string | null
}

/** Where an enrolment's story stands at `until`: later steps have not happened yet, a course under way is part done. */
export function stateAt(e: SimEnrolment, until: string): EnrolmentState {
  const startedAt = e.startedAt && e.startedAt <= until ? e.startedAt : null
  const finishedAt = e.finishedAt && e.finishedAt <= until ? e.finishedAt : null
  if (finishedAt) {
    const status = e.outcome === 'completed' ? 'completed' : e.outcome === 'not_passed' ? 'not_passed' : 'withdrawn'
    return {
      status,
      startedAt,
      finishedAt,
      lessonsDone: e.lessonsDone,
      lastActivityAt: e.lastActivityAt && e.lastActivityAt <= until ? e.lastActivityAt : startedAt,
    }
  }
  if (!startedAt) return { status: 'active', startedAt: null, finishedAt: null, lessonsDone: 0, lastActivityAt: null }
  const end = e.outcome === 'stalled' ? e.lastActivityAt : e.finishedAt
  if (!end || end <= until) return { status: 'active', startedAt, finishedAt: null, lessonsDone: e.lessonsDone, lastActivityAt: e.lastActivityAt ?? startedAt }
  // Under way: the share of its lessons done that the elapsed time gives.
  const share = (Date.parse(until) - Date.parse(startedAt)) / (Date.parse(end) - Date.parse(startedAt))
  const lessonsDone = Math.min(e.lessonsDone - 1, Math.floor(e.lessonsDone * share))
  const lastActivityAt = new Date(Date.parse(startedAt) + share * 0.95 * (Date.parse(end) - Date.parse(startedAt))).toISOString()
  return { status: 'active', startedAt, finishedAt: null, lessonsDone: Math.max(0, lessonsDone), lastActivityAt: lessonsDone > 0 ? lastActivityAt : startedAt }
}

export async function writeCohorts(ctx: SimContext, cohorts: SimCohort[]): Promise<SimCohort[]> {
  const written = cohorts.filter((c) => c.createdAt <= ctx.untilStamp)
  await inBatches(ctx, 'cohorts', written, 2_000, async (trx, batch) => {
    await insertRows(
      trx,
      'cohorts',
      batch.map((c) => ({
        id: c.id,
        course_id: c.course.id,
        course_version_id: c.course.versionId,
        title: c.title,
        lang: c.lang,
        starts_on: isoDay(c.startDay),
        ends_on: isoDay(c.endDay),
        trainer_id: c.trainerId,
        capacity: c.capacity,
        region_code: c.regionCode,
        status: c.endDay < ctx.untilDay ? ('closed' as const) : ('open' as const),
        created_by: null,
        created_at: c.createdAt,
      })),
    )
  })
  return written
}

const SOURCES = new WeightedPicker(['import', 'self', 'admin'] as const, (s) => ({ import: 0.6, self: 0.35, admin: 0.05 })[s])

/** Writes the enrolments made by `until`, in the order they were made, and refreshes the funnel for them. */
export async function writeEnrolments(ctx: SimContext, rng: Random, enrolments: SimEnrolment[]): Promise<{ enrolment: SimEnrolment; state: EnrolmentState }[]> {
  const written = enrolments
    .filter((e) => e.cohort && e.cohort.createdAt <= ctx.untilStamp && e.enrolledAt <= ctx.untilStamp)
    .sort((a, b) => (a.enrolledAt < b.enrolledAt ? -1 : a.enrolledAt > b.enrolledAt ? 1 : 0))
    .map((enrolment) => ({ enrolment, state: stateAt(enrolment, ctx.untilStamp) }))
  await inBatches(ctx, 'enrolments', written, 2_500, async (trx, batch) => {
    await insertRows(
      trx,
      'enrolments',
      batch.map(({ enrolment: e, state: s }) => {
        const last = s.lessonsDone > 0 ? e.course.lessons[s.lessonsDone - 1] : undefined
        const ended = s.status === 'completed' || s.status === 'not_passed'
        return {
          id: e.id,
          cohort_id: e.cohort!.id,
          course_id: e.course.id,
          user_id: e.user.id,
          status: s.status,
          source: SOURCES.pick(rng),
          lessons_done: s.lessonsDone,
          lessons_total: e.course.lessons.length,
          last_module_id: last?.moduleId ?? null,
          last_lesson_id: last?.lessonId ?? null,
          final_score: ended ? e.finalScore : null,
          enrolled_at: e.enrolledAt,
          started_at: s.startedAt,
          last_activity_at: s.lastActivityAt,
          completed_at: s.status === 'completed' ? s.finishedAt : null,
          ended_at: s.finishedAt,
        }
      }),
    )
    await refresh(
      ctx,
      trx,
      ENROLMENT_METRICS,
      batch.map(({ enrolment }) => enrolment.id),
    )
  })
  return written
}
