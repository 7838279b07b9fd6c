import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
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

/** The school's centre, made with the defaults when it has none yet; null for an unknown school. */
export function ensureCentre(work: Work, schoolId: string): Promise<Centre | null> {
  return write(work, (tx) => ensureCentreOn(tx.db, schoolId))
}

async function ensureCentreOn(trx: Database, schoolId: string): Promise<Centre | null> {
  const school = await trx.selectFrom('schools').select('id').where('id', '=', schoolId).executeTakeFirst()
  if (!school) return null
  const stamp = nowIso()
  await trx
    .insertInto('parent_centres')
    .values({ id: newId(), school_id: schoolId, capacity: DEFAULT_CAPACITY, opened_on: DEFAULT_OPENED_ON, created_at: stamp, updated_at: stamp })
    .onConflict((oc) => oc.column('school_id').doNothing())
    .execute()
  return trx.selectFrom('parent_centres').select(['id', 'school_id', 'capacity', 'opened_on']).where('school_id', '=', schoolId).executeTakeFirstOrThrow()
}

/** The schools whose centre a user may run: a coordinator's school, a regional admin's region, every school for an admin. */
export function centreScope(user: AuthUser): { all: true } | { schools: string[]; regions: string[] } {
  if (user.roles.some((r) => r.role === 'admin')) return { all: true }
  return {
    schools: user.roles.filter((r) => r.role === 'coordinator' && r.schoolId).map((r) => r.schoolId!),
    regions: user.roles.filter((r) => r.role === 'regional_admin' && r.regionCode).map((r) => r.regionCode!),
  }
}

export async function canRunCentre(work: Work, user: AuthUser, schoolId: string): Promise<boolean> {
  const scope = centreScope(user)
  if ('all' in scope) return true
  if (scope.schools.includes(schoolId)) return true
  if (!scope.regions.length) return false
  const school = await work.db.selectFrom('schools').select('region_code').where('id', '=', schoolId).executeTakeFirst()
  return Boolean(school && scope.regions.includes(school.region_code))
}

/** The schools whose centre `user` may run, for a picker: by region, then name. */
export async function centreSchools(work: Work, user: AuthUser) {
  const scope = centreScope(user)
  let query = work.db.selectFrom('schools').select(['id', 'region_code', 'name_kk', 'name_ru', 'name_en']).orderBy('region_code').orderBy('name_kk')
  if (!('all' in scope)) {
    if (!scope.schools.length && !scope.regions.length) return []
    query = query.where((eb) => eb.or([eb('id', 'in', [...scope.schools, '']), eb('region_code', 'in', [...scope.regions, ''])]))
  }
  return query.execute()
}

/** A region's schools (one district's when given) with their centre's settings: the defaults for a centre not made yet. */
export async function regionCentres(work: Work, regionCode: string, district: string | null) {
  let query = work.db
    .selectFrom('schools as s')
    .leftJoin('parent_centres as c', 'c.school_id', 's.id')
    .select(['s.id', 's.district', 's.name_kk', 's.name_ru', 's.name_en', 'c.capacity', 'c.opened_on'])
    .where('s.region_code', '=', regionCode)
  if (district) query = query.where('s.district', '=', district)
  const rows = await query.orderBy('s.district').orderBy('s.name_kk').execute()
  return rows.map((s) => ({ ...s, isDefault: s.capacity === null, capacity: s.capacity ?? DEFAULT_CAPACITY, opened_on: s.opened_on ?? DEFAULT_OPENED_ON }))
}

/** The districts of a region that have schools, in order. */
export async function regionDistricts(work: Work, regionCode: string): Promise<string[]> {
  const rows = await work.db
    .selectFrom('schools')
    .select('district')
    .distinct()
    .where('region_code', '=', regionCode)
    .where('district', 'is not', null)
    .orderBy('district')
    .execute()
  return rows.map((d) => d.district!)
}

export const CentreSettingsSchema = z.object({
  capacity: z.coerce
    .number({ message: 'parents.error.capacity' })
    .int('parents.error.capacity')
    .min(1, 'parents.error.capacity')
    .max(5000, 'parents.error.capacity'),
  openedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'parents.error.date'),
})

export type CentreUpdateError = 'notFound' | 'forbidden'

/** A regional admin (or admin) sets a centre's capacity and opening date. */
export async function updateCentre(
  work: Work,
  actor: AuthUser,
  schoolId: string,
  input: z.infer<typeof CentreSettingsSchema>,
): Promise<Result<Centre, CentreUpdateError>> {
  return write(work, async (tx): Promise<Result<Centre, CentreUpdateError>> => {
    const school = await tx.db.selectFrom('schools').select('id').where('id', '=', schoolId).executeTakeFirst()
    if (!school) return fail('notFound')
    if (!actor.roles.some((r) => r.role === 'admin' || r.role === 'regional_admin')) return fail('forbidden')
    if (!(await canRunCentre(tx.work, actor, schoolId))) return fail('forbidden')
    const centre = await ensureCentreOn(tx.db, schoolId)
    if (!centre) return fail('notFound')
    await tx.db
      .updateTable('parent_centres')
      .set({ capacity: input.capacity, opened_on: input.openedOn, updated_at: nowIso() })
      .where('id', '=', centre.id)
      .execute()
    tx.audit({ action: 'centre.update', targetType: 'school', targetId: schoolId, details: { ...input } })
    return ok({ ...centre, capacity: input.capacity, opened_on: input.openedOn })
  })
}

/** The first school, by region and id, of the regions given (of all for null): an example a sample file can name. */
export async function firstSchool(work: Work, regions: string[] | null): Promise<string | null> {
  let query = work.db.selectFrom('schools').select('id').orderBy('region_code').orderBy('id')
  if (regions) query = query.where('region_code', 'in', regions.length ? regions : [''])
  return (await query.executeTakeFirst())?.id ?? null
}
