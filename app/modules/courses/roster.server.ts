import type { Work } from '#app/core/work.server.ts'
import type { EnrolmentStatus } from '#db/schema.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'
import { sortInSteps } from '#app/modules/jobs/sort-in-steps.server.ts'
import { versionManifest } from './catalogue.server.ts'

// A cohort's roster: who is enrolled, how far each has got, their best quiz
// scores. Two queries a page of enrolments (the enrolments, then every
// attempt of theirs grouped), never one per row.

/**
 * Who may open or close a cohort: an admin (`regions` null) or a regional
 * admin of its region. `regions` is adminRegions(user): [] for anyone else.
 */
export function canManageCohort(cohort: { region_code: string }, regions: string[] | null): boolean {
  return regions === null || regions.includes(cohort.region_code)
}

/** Who may see a cohort's roster: its trainer, and whoever may manage it. */
export function canViewRoster(cohort: { trainer_id: string | null; region_code: string }, viewerId: string, regions: string[] | null): boolean {
  return cohort.trainer_id === viewerId || canManageCohort(cohort, regions)
}

export interface RosterQuiz {
  id: string
  kind: 'module' | 'final'
  moduleId: string
  moduleTitle: Localized
}

export interface RosterRow {
  enrolmentId: string
  userId: string
  fullName: string
  iin: string | null
  email: string
  status: EnrolmentStatus
  lessonsDone: number
  lessonsTotal: number
  /** Lessons done as a whole percent, 0..100. */
  percent: number
  /** The best score (percent) of each quiz in `quizzes`, null before a first attempt. */
  bestScores: Record<string, number | null>
  /** The later of the enrolment's last activity and its last quiz attempt. */
  lastActivityAt: string | null
}

export interface Roster {
  quizzes: RosterQuiz[]
  rows: RosterRow[]
}

export function progressPercent(done: number, total: number): number {
  if (total <= 0) return 0
  return Math.min(100, Math.max(0, Math.round((done * 100) / total)))
}

/** The module quizzes and the final exam of a course version, in course order. */
export async function rosterQuizzes(work: Work, versionId: string): Promise<RosterQuiz[]> {
  const manifest = await versionManifest(work.db, versionId)
  if (!manifest) return []
  return manifest.modules.flatMap((module) =>
    module.lessons.flatMap((lesson) =>
      lesson.quizzes.flatMap((quiz) =>
        quiz.kind === 'module' || quiz.kind === 'final' ? [{ id: quiz.id, kind: quiz.kind, moduleId: module.id, moduleTitle: module.title }] : [],
      ),
    ),
  )
}

const PAGE = 1_000
const byName = new Intl.Collator('kk')
const compareRows = (a: RosterRow, b: RosterRow) => byName.compare(a.fullName, b.fullName) || a.enrolmentId.localeCompare(b.enrolmentId)

/**
 * Every enrolment of the cohort (withdrawn ones too), by name in Kazakh
 * alphabetical order. Read a page at a time and sorted in steps, so that a
 * national cohort of 50,000 does not hold the event loop for the second that
 * one query and one sort of all of it take.
 */
export async function getRoster(work: Work, cohort: { id: string; course_version_id: string }): Promise<Roster> {
  const { db } = work
  const quizzes = await rosterQuizzes(work, cohort.course_version_id)
  const rows: RosterRow[] = []
  // The ids first (one narrow query), then the rows by primary key a page at a time.
  const ids = (await db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohort.id).execute()).map((e) => e.id)
  for (let from = 0; from < ids.length; from += PAGE) {
    if (from) await yieldToServer()
    const page = await db
      .selectFrom('enrolments')
      .innerJoin('users', 'users.id', 'enrolments.user_id')
      .select([
        'enrolments.id',
        'enrolments.user_id',
        'users.full_name',
        'users.iin',
        'users.email',
        'enrolments.status',
        'enrolments.lessons_done',
        'enrolments.lessons_total',
        'enrolments.last_activity_at',
      ])
      .where('enrolments.id', 'in', ids.slice(from, from + PAGE))
      .execute()
    const attempts = await db
      .selectFrom('quiz_attempts')
      .select(['enrolment_id', 'quiz_id', (eb) => eb.fn.max('score').as('best'), (eb) => eb.fn.max('submitted_at').as('last_at')])
      .where(
        'enrolment_id',
        'in',
        page.map((e) => e.id),
      )
      .groupBy(['enrolment_id', 'quiz_id'])
      .execute()
    const byEnrolment = new Map<string, typeof attempts>()
    for (const a of attempts) byEnrolment.set(a.enrolment_id, [...(byEnrolment.get(a.enrolment_id) ?? []), a])
    for (const e of page) {
      const own = byEnrolment.get(e.id) ?? []
      const bestScores = Object.fromEntries(
        quizzes.map((q) => {
          const best = own.find((a) => a.quiz_id === q.id)?.best
          return [q.id, best === undefined || best === null ? null : Number(best)]
        }),
      )
      const lastActivityAt = [e.last_activity_at, ...own.map((a) => a.last_at)]
        .filter((v): v is string => typeof v === 'string')
        .reduce<string | null>((latest, v) => (latest === null || v > latest ? v : latest), null)
      rows.push({
        enrolmentId: e.id,
        userId: e.user_id,
        fullName: e.full_name,
        iin: e.iin,
        email: e.email,
        status: e.status,
        lessonsDone: e.lessons_done,
        lessonsTotal: e.lessons_total,
        percent: progressPercent(e.lessons_done, e.lessons_total),
        bestScores,
        lastActivityAt,
      })
    }
  }
  return { quizzes, rows: await sortInSteps(rows, compareRows) }
}

/** Each cohort with its course's title, read from the (cached) manifest of its pinned version. */
export async function withCourseTitles<T extends { course_id: string; course_version_id: string }>(work: Work, cohorts: T[]) {
  const result: (T & { courseTitle: Localized })[] = []
  for (const cohort of cohorts) {
    const manifest = await versionManifest(work.db, cohort.course_version_id)
    result.push({ ...cohort, courseTitle: manifest?.title ?? { kk: cohort.course_id, ru: cohort.course_id } })
  }
  return result
}

/** Active users who hold the trainer role, to choose a cohort's trainer from. */
export async function listTrainers(work: Work) {
  const rows = await work.db
    .selectFrom('users')
    .select(['users.id', 'users.full_name', 'users.email'])
    .where('users.is_active', '=', 1)
    .where((eb) =>
      eb.exists(eb.selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', 'trainer')),
    )
    .execute()
  return rows.sort((a, b) => byName.compare(a.full_name, b.full_name))
}
