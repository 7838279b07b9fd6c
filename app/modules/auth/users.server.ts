import { sql } from 'kysely'
import { inTransaction, type Database } from '#db/client.server.ts'
import { isUniqueViolation } from '#db/errors.server.ts'
import { newId } from '#db/ids.server.ts'
import type { Locale, Role } from '#db/schema.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { HOUR, nowIso } from '#app/modules/clock/clock.server.ts'
import { schoolInRegion } from '#app/modules/reference/reference.server.ts'
import { accountLimitKey, beginLoginAttempt, forgetLoginFailures, loginFailed, loginSucceeded } from './login-throttle.server.ts'
import { hashPassword, verifyPassword } from './password.server.ts'
import { invalidateUserSessions } from './session.server.ts'
import { refreshMetrics } from '#app/modules/metrics/rollups.server.ts'

export type FieldErrors = Record<string, string[]>

export type Result<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors; formErrors?: string[] }

/** What a user search matches against; SQLite's lower() and LIKE fold ASCII only. */
export function userSearchText(fullName: string, email: string, iin: string | null): string {
  return [fullName, email, iin ?? ''].join(' ').toLocaleLowerCase('kk')
}

/** A LIKE pattern that matches `text` literally anywhere (escape character: backslash). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export interface NewTeacher {
  email: string
  iin: string
  fullName: string
  phone: string | null
  regionCode: string
  schoolId: string
  passwordHash: string
  locale: Locale
}

/**
 * Creates a teacher's account with its role, as a confirmed registration does
 * (registration.server.ts). Email and IIN must be new; the school must be in
 * the region. Refusals name the field, for the one who proved the address.
 */
export async function createTeacher(db: Database, teacher: NewTeacher): Promise<Result<{ userId: string }>> {
  const email = teacher.email.toLowerCase()
  const existing = await db
    .selectFrom('users')
    .select(['email', 'iin'])
    .where((eb) => eb.or([eb('email', '=', email), eb('iin', '=', teacher.iin)]))
    .execute()
  const fieldErrors: FieldErrors = {}
  if (existing.some((u) => u.email === email)) fieldErrors.email = ['auth.register.emailTaken']
  if (existing.some((u) => u.iin === teacher.iin)) fieldErrors.iin = ['auth.register.iinTaken']
  if (!(await schoolInRegion(db, teacher.schoolId, teacher.regionCode))) fieldErrors.schoolId = ['validation.school']
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors }

  const id = newId()
  const created = nowIso()
  try {
    await inTransaction(db, async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id, email, iin: teacher.iin, full_name: teacher.fullName, search_text: userSearchText(teacher.fullName, email, teacher.iin), phone: teacher.phone,
          region_code: teacher.regionCode, school_id: teacher.schoolId, password_hash: teacher.passwordHash,
          locale: teacher.locale, is_active: 1, is_demo: 0, created_at: created, updated_at: created, deactivated_at: null,
        })
        .execute()
      await trx
        .insertInto('user_roles')
        .values({ id: newId(), user_id: id, role: 'teacher', scope: '', region_code: null, school_id: null, granted_by: null, granted_at: created })
        .execute()
      await refreshMetrics(trx, ['registered_site_users'], [id])
      await writeAudit(trx, { actorUserId: id, action: 'user.register', targetType: 'user', targetId: id, details: { role: 'teacher' } })
    })
  } catch (error) {
    // Two registrations racing for one email or IIN: the constraint decides.
    if (isUniqueViolation(error)) return { ok: false, fieldErrors: { email: ['auth.register.emailTaken'] } }
    throw error
  }
  return { ok: true, value: { userId: id } }
}

export type LoginResult =
  | { ok: true; userId: string; locale: Locale }
  | { ok: false; error: 'invalid' | 'inactive' }
  | { ok: false; error: 'rateLimited'; retryAfterMinutes: number }

/**
 * Checks a login (email or IIN) and password, throttled as
 * login-throttle.server.ts describes. Every attempt that gets as far as a
 * password runs one argon2 verification, whether the account exists, has a
 * password yet (an imported account waits for its invitation) or not, so the
 * time an answer takes tells nothing.
 */
export async function authenticate(db: Database, login: string, password: string, address: string): Promise<LoginResult> {
  const normalized = login.trim().toLowerCase()
  const column = /^\d{12}$/.test(normalized) ? 'iin' : 'email'
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'is_active', 'locale'])
    .where(column, '=', normalized)
    .executeTakeFirst()
  // Count failures against the account, whichever of its logins was typed.
  const key = user ? accountLimitKey(user.id) : `login:${normalized}`
  const attempt = await beginLoginAttempt(db, key, address)
  if (!attempt.allowed) return { ok: false, error: 'rateLimited', retryAfterMinutes: attempt.retryAfterMinutes }
  const usable = user !== undefined && user.password_hash.startsWith('$argon2')
  const verified = await verifyPassword(usable ? user.password_hash : DUMMY_HASH, password)
  if (!user || !usable || !verified) {
    await loginFailed(db, key, address)
    return { ok: false, error: 'invalid' }
  }
  await loginSucceeded(db, attempt, key, address)
  if (user.is_active !== 1) return { ok: false, error: 'inactive' }
  return { ok: true, userId: user.id, locale: user.locale }
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ACbCaGmUVfkjeqgB1uC2mhiFp8Zw2lC2gxsgU0Q1Wuw'

/** Changes a password after checking the current one; every other session ends. */
export async function changePassword(
  db: Database,
  userId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string,
): Promise<Result<null>> {
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: ['auth.password.currentWrong'] } }
  }
  await setPassword(db, userId, newPassword, userId, keepSessionId)
  return { ok: true, value: null }
}

export async function setPassword(db: Database, userId: string, newPassword: string, actorUserId: string | null, keepSessionId?: string) {
  const passwordHash = await hashPassword(newPassword)
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: nowIso() }).where('id', '=', userId).execute()
    await invalidateUserSessions(trx, userId, keepSessionId)
    await forgetLoginFailures(trx, userId)
    await writeAudit(trx, { actorUserId, action: 'user.password_change', targetType: 'user', targetId: userId })
  })
}

export async function setUserLocale(db: Database, userId: string, locale: Locale): Promise<void> {
  await db.updateTable('users').set({ locale, updated_at: nowIso() }).where('id', '=', userId).execute()
}

// ---- administration ----

export interface UserSearch {
  q?: string
  role?: Role
  regionCode?: string
  page?: number
  pageSize?: number
}

export async function searchUsers(db: Database, search: UserSearch) {
  const pageSize = search.pageSize ?? 25
  const page = Math.max(1, search.page ?? 1)
  let q = db.selectFrom('users').leftJoin('regions', 'regions.code', 'users.region_code')
  const text = search.q?.trim().toLocaleLowerCase('kk')
  if (text) q = q.where(sql<boolean>`users.search_text like ${containsPattern(text)} escape '\\'`)
  if (search.regionCode) q = q.where('users.region_code', '=', search.regionCode)
  if (search.role) {
    const role = search.role
    q = q.where((eb) => eb.exists(eb.selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', role)))
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await q
    .select(['users.id', 'users.email', 'users.iin', 'users.full_name', 'users.is_active', 'users.created_at', 'users.region_code', 'regions.name_kk as region_kk', 'regions.name_ru as region_ru', 'regions.name_en as region_en'])
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
    rows: rows.map((r) => ({ ...r, roles: roles.filter((x) => x.user_id === r.id).map((x) => ({ role: x.role, regionCode: x.region_code, schoolId: x.school_id })) })),
  }
}

export async function getUserForAdmin(db: Database, userId: string) {
  const user = await db
    .selectFrom('users')
    .leftJoin('schools', 'schools.id', 'users.school_id')
    .select([
      'users.id', 'users.email', 'users.iin', 'users.full_name', 'users.phone', 'users.region_code', 'users.school_id',
      'users.locale', 'users.is_active', 'users.created_at', 'users.deactivated_at',
      'schools.name_kk as school_kk', 'schools.name_ru as school_ru', 'schools.name_en as school_en',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst()
  if (!user) return null
  const roles = await db
    .selectFrom('user_roles')
    .leftJoin('regions', 'regions.code', 'user_roles.region_code')
    .select(['user_roles.id', 'user_roles.role', 'user_roles.region_code', 'user_roles.school_id', 'user_roles.granted_at', 'regions.name_kk as region_kk', 'regions.name_ru as region_ru', 'regions.name_en as region_en'])
    .where('user_roles.user_id', '=', userId)
    .orderBy('user_roles.granted_at')
    .execute()
  const sessions = await db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()
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

/** Grants a role (a regional admin needs a region; a coordinator a school). Granting twice changes nothing. */
export async function grantRole(db: Database, actorUserId: string, input: GrantInput, ip: string | null): Promise<Result<null>> {
  if (input.role === 'regional_admin' && !input.regionCode) return { ok: false, fieldErrors: { regionCode: ['admin.roles.regionRequired'] } }
  if (input.role === 'coordinator' && !input.schoolId) return { ok: false, fieldErrors: { schoolId: ['admin.roles.schoolRequired'] } }
  if (input.regionCode) {
    const region = await db.selectFrom('regions').select('code').where('code', '=', input.regionCode).executeTakeFirst()
    if (!region) return { ok: false, fieldErrors: { regionCode: ['validation.region'] } }
  }
  if (input.schoolId) {
    const school = await db.selectFrom('schools').select('id').where('id', '=', input.schoolId).executeTakeFirst()
    if (!school) return { ok: false, fieldErrors: { schoolId: ['validation.school'] } }
  }
  const { scope, regionCode, schoolId } = scopeOf(input)
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto('user_roles')
      .values({ id: newId(), user_id: input.userId, role: input.role, scope, region_code: regionCode, school_id: schoolId, granted_by: actorUserId, granted_at: nowIso() })
      .onConflict((oc) => oc.columns(['user_id', 'role', 'scope']).doNothing())
      .executeTakeFirst()
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) {
      await writeAudit(trx, { actorUserId, action: 'user.role_grant', targetType: 'user', targetId: input.userId, details: { role: input.role, regionCode, schoolId }, ip })
    }
  })
  return { ok: true, value: null }
}

export async function revokeRole(db: Database, actorUserId: string, userId: string, roleId: string, ip: string | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const grant = await trx.selectFrom('user_roles').selectAll().where('id', '=', roleId).where('user_id', '=', userId).executeTakeFirst()
    if (!grant) return false
    await trx.deleteFrom('user_roles').where('id', '=', roleId).execute()
    await writeAudit(trx, { actorUserId, action: 'user.role_revoke', targetType: 'user', targetId: userId, details: { role: grant.role, regionCode: grant.region_code, schoolId: grant.school_id }, ip })
    return true
  })
}

/** Deactivates an account: it can no longer log in and its sessions end at once. */
export async function setUserActive(db: Database, actorUserId: string, userId: string, active: boolean, ip: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const stamp = nowIso()
    await trx
      .updateTable('users')
      .set({ is_active: active ? 1 : 0, deactivated_at: active ? null : stamp, updated_at: stamp })
      .where('id', '=', userId)
      .execute()
    if (!active) await invalidateUserSessions(trx, userId)
    await writeAudit(trx, { actorUserId, action: active ? 'user.reactivate' : 'user.deactivate', targetType: 'user', targetId: userId, ip })
  })
}

export const RESET_TOKEN_TTL_MS = HOUR
