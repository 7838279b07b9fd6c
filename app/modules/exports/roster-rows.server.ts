import type { Work } from '#app/core/work.server.ts'
import { progressPercent, rosterQuizzes, type Roster, type RosterRow } from '#app/modules/courses/roster.server.ts'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'

// The roster as the downloads read it: the same rows as getRoster, in the
// same order, but read a page at a time and sorted in steps, so that a
// national cohort of 50,000 does not hold the event loop for the second
// that one query and one sort of all of it take.

const PAGE = 1_000
// Runs sorted at once, and compares made between two yields while merging them.
const RUN = 2_000
const MERGE_STEP = 10_000
const byName = new Intl.Collator('kk')

const compareRows = (a: RosterRow, b: RosterRow) => byName.compare(a.fullName, b.fullName) || a.enrolmentId.localeCompare(b.enrolmentId)

async function merge<T>(a: T[], b: T[], compare: (x: T, y: T) => number): Promise<T[]> {
  const out: T[] = []
  let i = 0
  let j = 0
  let since = 0
  while (i < a.length && j < b.length) {
    // Ties take the left run first: the sort stays stable.
    out.push(compare(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!)
    if (++since === MERGE_STEP) {
      since = 0
      await yieldToServer()
    }
  }
  return out.concat(a.slice(i), b.slice(j))
}

/** A stable merge sort that hands the event loop back between its steps. */
export async function sortInSteps<T>(items: T[], compare: (x: T, y: T) => number): Promise<T[]> {
  let runs: T[][] = []
  for (let from = 0; from < items.length; from += RUN) {
    runs.push(items.slice(from, from + RUN).sort(compare))
    await yieldToServer()
  }
  while (runs.length > 1) {
    const next: T[][] = []
    for (let i = 0; i < runs.length; i += 2) next.push(i + 1 < runs.length ? await merge(runs[i]!, runs[i + 1]!, compare) : runs[i]!)
    runs = next
  }
  return runs[0] ?? []
}

/** Every enrolment of the cohort (withdrawn ones too), by name in Kazakh alphabetical order, as getRoster gives them. */
export async function readRosterInSteps(work: Work, cohort: { id: string; course_version_id: string }): Promise<Roster> {
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
