import { sql, type RawBuilder } from 'kysely'
import { z } from 'zod'
import type { Work } from '#app/core/work.server.ts'

// A survey report's filters: as they come in a URL, as a user may apply them
// (only within the regions they administer), and as SQL conditions on the
// responses (r) and the assignments (sa).

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)

/** A report's filters as they come in a URL; anything malformed is ignored. */
export const ReportQuerySchema = z.object({
  course: z.string().trim().max(100).optional().catch(undefined),
  cohort: z
    .string()
    .regex(/^[a-z2-7]{16}$/)
    .optional()
    .catch(undefined),
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional()
    .catch(undefined),
  from: month.optional().catch(undefined),
  to: month.optional().catch(undefined),
})
export type ReportQuery = z.infer<typeof ReportQuerySchema>

export interface ReportFilter {
  courseId?: string
  cohortId?: string
  /** The regions counted: null for all of them. */
  regions: string[] | null
  /** Months, YYYY-MM, both included. */
  from?: string
  to?: string
}

/**
 * The filter a user may apply: null when they ask for a region or a cohort
 * outside the regions they administer (`allowed`, null for all).
 */
export async function reportFilter(work: Work, query: ReportQuery, allowed: string[] | null): Promise<ReportFilter | null> {
  if (query.region && allowed && !allowed.includes(query.region)) return null
  if (query.cohort && allowed) {
    const cohort = await work.db.selectFrom('cohorts').select('region_code').where('id', '=', query.cohort).executeTakeFirst()
    if (cohort && !allowed.includes(cohort.region_code)) return null
  }
  const [from, to] = query.from && query.to && query.from > query.to ? [query.to, query.from] : [query.from, query.to]
  return { courseId: query.course || undefined, cohortId: query.cohort, regions: query.region ? [query.region] : allowed, from, to }
}

/** Conditions joined by `and`: true when there are none. */
export const allOf = (conditions: RawBuilder<unknown>[]) => (conditions.length ? sql.join(conditions, sql` and `) : sql`1 = 1`)

/** The filter on survey_responses as r: the period is the response's month. */
export function responseScope(f: ReportFilter): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = []
  if (f.courseId) c.push(sql`r.course_id = ${f.courseId}`)
  if (f.cohortId) c.push(sql`r.cohort_id = ${f.cohortId}`)
  if (f.regions) c.push(f.regions.length ? sql`r.region_code in (${sql.join(f.regions)})` : sql`1 = 0`)
  if (f.from) c.push(sql`r.period >= ${f.from}`)
  if (f.to) c.push(sql`r.period <= ${f.to}`)
  return c
}

function nextMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** The filter on survey_assignments as sa: the months are those the invitation was made in. */
export function assignmentScope(f: ReportFilter): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = []
  if (f.courseId) c.push(sql`sa.course_id = ${f.courseId}`)
  if (f.cohortId) c.push(sql`sa.cohort_id = ${f.cohortId}`)
  if (f.regions) c.push(f.regions.length ? sql`sa.region_code in (${sql.join(f.regions)})` : sql`1 = 0`)
  // ISO timestamps compare as text: '2026-03' sorts before every moment of March.
  if (f.from) c.push(sql`sa.assigned_at >= ${f.from}`)
  if (f.to) c.push(sql`sa.assigned_at < ${nextMonth(f.to)}`)
  return c
}
