import { z } from 'zod'

// Who may import into which cohorts: an admin into any, a regional admin into
// cohorts of their regions, a trainer into the cohorts they train. Decided by
// the route from the signed-in user, stored with the job, checked per row.

export const RosterAccessSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('regions'), regions: z.array(z.string()) }),
  z.object({ kind: z.literal('trainer'), trainerId: z.string() }),
])
export type RosterAccess = z.infer<typeof RosterAccessSchema>

export function mayImportInto(access: RosterAccess, cohort: { region_code: string; trainer_id: string | null }): boolean {
  if (access.kind === 'all') return true
  if (access.kind === 'regions') return access.regions.includes(cohort.region_code)
  return cohort.trainer_id === access.trainerId
}
