import { z } from 'zod'
import type { Work } from '#app/core/work.server.ts'

// A survey report's filters: as they come in a URL, and as a user may apply
// them (only within the regions they administer).

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)

/** A report's filters as they come in a URL; anything malformed is ignored. */
export const ReportQuerySchema = z.object({
  course: z.string().trim().max(100).optional().catch(undefined),
  cohort: z.string().regex(/^[a-z2-7]{16}$/).optional().catch(undefined),
  region: z.string().regex(/^KZ-\d{2}$/).optional().catch(undefined),
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
