import { sql } from 'kysely'
import { newId } from '#db/ids.server.ts'
import type { Role } from '#db/schema.ts'
import { fail, ok, type FieldErrors, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { invalidateUserSessions } from '#app/modules/auth/session.server.ts'
import { containsPattern } from '#app/utils/like-pattern.ts'

// Accounts as administrators see and change them: the user list, one user's
// page, roles granted and revoked, accounts deactivated.

export interface UserSearch {
  q?: string
  role?: Role
  regionCode?: string
  page?: number
  pageSize?: number
}

export async function searchUsers(work: Work, search: UserSearch) {
  const { db } = work
  const pageSize = search.pageSize ?? 25
  const page = Math.max(1, search.page ?? 1)
  let q = db.selectFrom('users').leftJoin('regions', 'regions.code', 'users.region_code')
  const text = search.q?.trim().toLocaleLowerCase('kk')
  if (text) q = q.where(sql<boolean>`users.search_text like ${containsPattern(text)} escape '\\'`)
  if (search.regionCode) q = q.where('users.region_code', '=', search.regionCode)
  if (search.role) {
    const role = search.role
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', role)),
    )
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await q
    .select([
      'users.id',
      'users.email',
      'users.iin',
      'users.full_name',
      'users.is_active',
      'users.created_at',
      'users.region_code',
      'regions.name_kk as region_kk',
      'regions.name_ru as region_ru',
      'regions.name_en as region_en',
    ])
    .orderBy('users.full_name')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  const ids = rows.map((r) => r.id)
  const roles = ids.length
    ? await db.selectFrom('user_roles').select(['user_id', 'role', 'region_code', 'school_id']).where('user_id', 'in', ids).execute()
    : []
  return {
    total: Number(total.n),
    page,
    pageSize,
    rows: rows.map((r) => ({
      ...r,
      roles: roles.filter((x) => x.user_id === r.id).map((x) => ({ role: x.role, regionCode: x.region_code, schoolId: x.school_id })),
    })),
  }
}

export async function getUserForAdmin(work: Work, userId: string) {
  const { db } = work
  const user = await db
    .selectFrom('users')
    .leftJoin('schools', 'schools.id', 'users.school_id')
    .select([
      'users.id',
      'users.email',
      'users.iin',
      'users.full_name',
      'users.phone',
      'users.region_code',
      'users.school_id',
      'users.locale',
      'users.is_active',
      'users.created_at',
      'users.deactivated_at',
      'schools.name_kk as school_kk',
      'schools.name_ru as school_ru',
      'schools.name_en as school_en',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst()
  if (!user) return null
  const roles = await db
    .selectFrom('user_roles')
    .leftJoin('regions', 'regions.code', 'user_roles.region_code')
    .select([
      'user_roles.id',
      'user_roles.role',
      'user_roles.region_code',
      'user_roles.school_id',
      'user_roles.granted_at',
      'regions.name_kk as region_kk',
      'regions.name_ru as region_ru',
      'regions.name_en as region_en',
    ])
    .where('user_roles.user_id', '=', userId)
    .orderBy('user_roles.granted_at')
    .execute()
  const sessions = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return { ...user, roles, activeSessions: Number(sessions.n) }
}

export interface GrantInput {
  userId: string
  role: Role
  regionCode?: string | null
  schoolId?: string | null
}

function scopeOf(input: GrantInput): { scope: string; regionCode: string | null; schoolId: string | null } {
  if (input.role === 'regional_admin') return { scope: `region:${input.regionCode}`, regionCode: input.regionCode ?? null, schoolId: null }
  if (input.role === 'coordinator') return { scope: `school:${input.schoolId}`, regionCode: null, schoolId: input.schoolId ?? null }
  return { scope: '', regionCode: null, schoolId: null }
}

/** The work's actor grants a role (a regional admin needs a region; a coordinator a school). Granting twice changes nothing. */
export async function grantRole(work: Work, input: GrantInput): Promise<Result<null, FieldErrors>> {
  const { db } = work
  if (input.role === 'regional_admin' && !input.regionCode) return fail({ regionCode: ['admin.roles.regionRequired'] })
  if (input.role === 'coordinator' && !input.schoolId) return fail({ schoolId: ['admin.roles.schoolRequired'] })
  if (input.regionCode) {
    const region = await db.selectFrom('regions').select('code').where('code', '=', input.regionCode).executeTakeFirst()
    if (!region) return fail({ regionCode: ['validation.region'] })
  }
  if (input.schoolId) {
    const school = await db.selectFrom('schools').select('id').where('id', '=', input.schoolId).executeTakeFirst()
    if (!school) return fail({ schoolId: ['validation.school'] })
  }
  const { scope, regionCode, schoolId } = scopeOf(input)
  await write(work, async (tx) => {
    const result = await tx.db
      .insertInto('user_roles')
      .values({
        id: newId(),
        user_id: input.userId,
        role: input.role,
        scope,
        region_code: regionCode,
        school_id: schoolId,
        granted_by: work.actorId,
        granted_at: tx.work.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['user_id', 'role', 'scope']).doNothing())
      .executeTakeFirst()
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) {
      tx.audit({ action: 'user.role_grant', targetType: 'user', targetId: input.userId, details: { role: input.role, regionCode, schoolId } })
    }
  })
  return ok(null)
}

/** False when the user holds no such grant. */
export async function revokeRole(work: Work, userId: string, roleId: string): Promise<boolean> {
  return write(work, async (tx) => {
    const grant = await tx.db.selectFrom('user_roles').selectAll().where('id', '=', roleId).where('user_id', '=', userId).executeTakeFirst()
    if (!grant) return false
    await tx.db.deleteFrom('user_roles').where('id', '=', roleId).execute()
    tx.audit({
      action: 'user.role_revoke',
      targetType: 'user',
      targetId: userId,
      details: { role: grant.role, regionCode: grant.region_code, schoolId: grant.school_id },
    })
    return true
  })
}

/** Deactivates an account: it can no longer log in and its sessions end at once. */
export async function setUserActive(work: Work, userId: string, active: boolean): Promise<void> {
  await write(work, async (tx) => {
    const stamp = tx.work.now().toISOString()
    await tx.db
      .updateTable('users')
      .set({ is_active: active ? 1 : 0, deactivated_at: active ? null : stamp, updated_at: stamp })
      .where('id', '=', userId)
      .execute()
    if (!active) await invalidateUserSessions(tx.work, userId)
    tx.audit({ action: active ? 'user.reactivate' : 'user.deactivate', targetType: 'user', targetId: userId })
  })
}
