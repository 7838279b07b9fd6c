import { idRun } from '#db/ids.server.ts'
import type { Work } from '#app/core/work.server.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import type { RowError } from '#app/modules/jobs/import-outcomes.server.ts'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'
import { quizStandings, spentRequired } from '#app/modules/courses/attempts.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { mayImportInto, type RosterAccess } from './access.ts'
import { shown, type CheckedRow } from './roster-rows.ts'

// The checks a roster row needs the database for, on the main thread in
// chunks with a yield between them: the cohort it names (and whether the
// importer may use it, it is open and has places), the account its IIN and
// email belong to, and that teacher's enrolments in the course.

const CHUNK_ROWS = 1_000

export interface CohortFacts {
  id: string
  course_id: string
  course_version_id: string
  title: string
  capacity: number
  status: 'open' | 'closed'
  starts_on: string
  ends_on: string
  region_code: string
  trainer_id: string | null
}

/** A row to stage: what to do with its teacher, and the cohort to enrol them in (null: they are in it already). */
export interface PlannedRow extends CheckedRow {
  userId: string
  action: 'create' | 'update' | 'keep'
  cohortId: string | null
}

export interface RosterCounts {
  usersCreated: number
  usersUpdated: number
  usersFound: number
  enrolled: number
  alreadyEnrolled: number
}

export interface CheckInput {
  access: RosterAccess
  /** The cohort chosen in the form, for rows whose cohort cell is empty. */
  cohortId: string | null
  today: string
}

const titleKey = (s: string) => s.toLocaleLowerCase('kk').replace(/\s+/g, ' ').trim()

/** Finds a cohort by id or exact title; why none is the row's error. */
export function cohortResolver(cohorts: CohortFacts[], input: CheckInput) {
  const byId = new Map(cohorts.map((c) => [c.id, c]))
  const byTitle = new Map<string, CohortFacts[]>()
  for (const c of cohorts) byTitle.set(titleKey(c.title), [...(byTitle.get(titleKey(c.title)) ?? []), c])
  return (text: string): { cohort: CohortFacts } | { error: ImportMessage } => {
    const chosen = text ? null : input.cohortId
    if (!text && !chosen) return { error: { key: 'roster.row.cohortMissing' } }
    const found = chosen ? byId.get(chosen) : byId.get(text)
    const candidates = found ? [found] : (byTitle.get(titleKey(text)) ?? [])
    const value = shown(text || (chosen ?? ''))
    if (candidates.length === 0) return { error: { key: 'roster.row.cohortUnknown', params: { value } } }
    const mine = candidates.filter((c) => mayImportInto(input.access, c))
    if (mine.length === 0) return { error: { key: 'roster.row.cohortNotYours', params: { value } } }
    if (mine.length > 1) {
      const list = mine.map((c) => `${c.id} (${c.region_code}, ${c.starts_on})`).join('; ')
      return { error: { key: 'roster.row.cohortAmbiguous', params: { value, candidates: list } } }
    }
    const cohort = mine[0]!
    if (cohort.status !== 'open' || cohort.ends_on < input.today) return { error: { key: 'roster.row.cohortClosed', params: { value: shown(cohort.title) } } }
    return { cohort }
  }
}

/**
 * Checks the rows against the database, CHUNK_ROWS at a time, calling
 * `progress` after each chunk. Returns the plan when every row is good; the
 * errors otherwise (with the counts the plan would have had).
 */
export async function checkAgainstDatabase(
  work: Work,
  rows: CheckedRow[],
  input: CheckInput,
  progress: (processed: number) => Promise<void>,
): Promise<{ plan: PlannedRow[]; errors: RowError[]; counts: RosterCounts }> {
  const { db } = work
  const cohorts = await db
    .selectFrom('cohorts')
    .select(['id', 'course_id', 'course_version_id', 'title', 'capacity', 'status', 'starts_on', 'ends_on', 'region_code', 'trainer_id'])
    .execute()
  const resolve = cohortResolver(cohorts, input)
  const seats = new Map<string, number>()
  const seated = await db
    .selectFrom('enrolments')
    .select(['cohort_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '!=', 'withdrawn')
    .groupBy('cohort_id')
    .execute()
  for (const s of seated) seats.set(s.cohort_id, Number(s.n))
  const needed = new Map<string, number>()
  const fullReported = new Set<string>()
  const errors: RowError[] = []
  const plan: PlannedRow[] = []
  // New teachers' ids sort by line, so the steps that save them write neighbouring index pages.
  const userIds = idRun()
  const counts: RosterCounts = { usersCreated: 0, usersUpdated: 0, usersFound: 0, enrolled: 0, alreadyEnrolled: 0 }

  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS)
    const iins = [...new Set(chunk.map((r) => r.iin))]
    const emails = [...new Set(chunk.map((r) => r.email))]
    const users = await db
      .selectFrom('users')
      .select(['id', 'email', 'iin', 'full_name', 'region_code', 'school_id'])
      .where((eb) => eb.or([eb('iin', 'in', iins.length ? iins : ['']), eb('email', 'in', emails.length ? emails : [''])]))
      .execute()
    const byIin = new Map(users.filter((u) => u.iin).map((u) => [u.iin!, u]))
    const byEmail = new Map(users.map((u) => [u.email, u]))
    const enrolments = users.length
      ? await db
          .selectFrom('enrolments')
          .select(['user_id', 'cohort_id', 'course_id', 'status'])
          .where(
            'user_id',
            'in',
            users.map((u) => u.id),
          )
          .execute()
      : []

    for (const row of chunk) {
      const rowErrors: ImportMessage[] = []
      const found = resolve(row.cohort)
      if ('error' in found) rowErrors.push(found.error)
      const owner = byIin.get(row.iin)
      const holder = byEmail.get(row.email)
      if (owner && owner.email !== row.email) rowErrors.push({ key: 'import.row.iinTaken', params: { iin: shown(row.iin) } })
      if (holder && holder.iin !== row.iin) rowErrors.push({ key: 'import.row.emailTaken', params: { email: shown(row.email) } })
      const existing = owner && owner === holder ? owner : undefined
      let cohortId: string | null = null
      if ('cohort' in found) {
        const { cohort } = found
        const mine = existing ? enrolments.filter((e) => e.user_id === existing.id && e.course_id === cohort.course_id) : []
        const here = mine.find((e) => e.cohort_id === cohort.id && e.status !== 'withdrawn')
        if (!here && mine.some((e) => e.cohort_id === cohort.id)) rowErrors.push({ key: 'import.row.withdrawn' })
        else if (!here && mine.some((e) => e.status === 'active' || e.status === 'completed')) rowErrors.push({ key: 'import.row.otherCohort' })
        else if (!here && existing && mine.length > 0 && (await attemptsSpent(work, existing.id, cohort))) rowErrors.push({ key: 'import.row.attemptsSpent' })
        if (!here) {
          cohortId = cohort.id
          const count = (needed.get(cohort.id) ?? 0) + 1
          needed.set(cohort.id, count)
          const free = cohort.capacity - (seats.get(cohort.id) ?? 0)
          if (count > free && !fullReported.has(cohort.id)) {
            fullReported.add(cohort.id)
            rowErrors.push({ key: 'roster.row.full', params: { cohort: shown(cohort.title), capacity: cohort.capacity, free: Math.max(0, free) } })
          }
        }
      }
      for (const e of rowErrors) errors.push({ line: row.line, ...e })
      if (rowErrors.length) continue
      const changed = existing && (existing.full_name !== row.fullName || existing.school_id !== row.schoolId || existing.region_code !== row.regionCode)
      const action = !existing ? 'create' : changed ? 'update' : 'keep'
      counts[action === 'create' ? 'usersCreated' : action === 'update' ? 'usersUpdated' : 'usersFound']++
      counts[cohortId ? 'enrolled' : 'alreadyEnrolled']++
      plan.push({ ...row, userId: existing?.id ?? userIds(row.line), action, cohortId })
    }
    await progress(Math.min(start + CHUNK_ROWS, rows.length))
    await yieldToServer()
  }
  return { plan, errors, counts }
}

/** A teacher back in a course whose required test's attempts are used up could not end with a certificate. */
async function attemptsSpent(work: Work, userId: string, cohort: CohortFacts): Promise<boolean> {
  const manifest = await versionManifest(work.db, cohort.course_version_id)
  if (!manifest) return false
  return spentRequired(manifest, await quizStandings(work, { userId, courseId: cohort.course_id }, manifest)).length > 0
}
