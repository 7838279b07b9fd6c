import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

// Every school has a parent pedagogical support centre (АПҚО). Its row is made
// the first time anyone needs it, with the default capacity and the start of
// the 2024-2025 school year as its opening date; regional admins change both.

export const DEFAULT_CAPACITY = 300
export const DEFAULT_OPENED_ON = '2024-09-01'

export interface Centre {
  id: string
  school_id: string
  capacity: number
  opened_on: string
}

export async function ensureCentre(db: Database, schoolId: string): Promise<Centre | null> {
  const school = await db.selectFrom('schools').select('id').where('id', '=', schoolId).executeTakeFirst()
  if (!school) return null
  const stamp = nowIso()
  await db
    .insertInto('parent_centres')
    .values({ id: newId(), school_id: schoolId, capacity: DEFAULT_CAPACITY, opened_on: DEFAULT_OPENED_ON, created_at: stamp, updated_at: stamp })
    .onConflict((oc) => oc.column('school_id').doNothing())
    .execute()
  return db.selectFrom('parent_centres').select(['id', 'school_id', 'capacity', 'opened_on']).where('school_id', '=', schoolId).executeTakeFirstOrThrow()
}

/** The schools whose centre a user may run: a coordinator's school, a regional admin's region, every school for an admin. */
export function centreScope(user: AuthUser): { all: true } | { schools: string[]; regions: string[] } {
  if (user.roles.some((r) => r.role === 'admin')) return { all: true }
  return {
    schools: user.roles.filter((r) => r.role === 'coordinator' && r.schoolId).map((r) => r.schoolId!),
    regions: user.roles.filter((r) => r.role === 'regional_admin' && r.regionCode).map((r) => r.regionCode!),
  }
}

export async function canRunCentre(db: Database, user: AuthUser, schoolId: string): Promise<boolean> {
  const scope = centreScope(user)
  if ('all' in scope) return true
  if (scope.schools.includes(schoolId)) return true
  if (!scope.regions.length) return false
  const school = await db.selectFrom('schools').select('region_code').where('id', '=', schoolId).executeTakeFirst()
  return Boolean(school && scope.regions.includes(school.region_code))
}

export const CentreSettingsSchema = z.object({
  capacity: z.coerce.number({ message: 'parents.error.capacity' }).int('parents.error.capacity').min(1, 'parents.error.capacity').max(5000, 'parents.error.capacity'),
  openedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'parents.error.date'),
})

/** A regional admin (or admin) sets a centre's capacity and opening date. */
export async function updateCentre(db: Database, actor: AuthUser, schoolId: string, input: z.infer<typeof CentreSettingsSchema>, ip: string | null): Promise<Centre | null> {
  if (!actor.roles.some((r) => r.role === 'admin' || r.role === 'regional_admin')) return null
  if (!(await canRunCentre(db, actor, schoolId))) return null
  const centre = await ensureCentre(db, schoolId)
  if (!centre) return null
  await db.updateTable('parent_centres').set({ capacity: input.capacity, opened_on: input.openedOn, updated_at: nowIso() }).where('id', '=', centre.id).execute()
  await writeAudit(db, { actorUserId: actor.id, action: 'centre.update', targetType: 'school', targetId: schoolId, details: { ...input }, ip })
  return { ...centre, capacity: input.capacity, opened_on: input.openedOn }
}
