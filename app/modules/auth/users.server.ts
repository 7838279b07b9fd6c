import type { Locale } from '#db/schema.ts'
import { isUniqueViolation } from '#db/errors.server.ts'
import { newId } from '#db/ids.server.ts'
import { fail, ok, type FieldErrors, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { schoolInRegion } from '#app/modules/reference/reference.server.ts'
import { accountLimitKey, beginLoginAttempt, forgetLoginFailures, loginFailed, loginSucceeded } from './login-throttle.server.ts'
import { hashPassword, verifyPassword } from './password.server.ts'
import { invalidateUserSessions } from './session.server.ts'

/** What a user search matches against; SQLite's lower() and LIKE fold ASCII only. */
export function userSearchText(fullName: string, email: string, iin: string | null): string {
  return [fullName, email, iin ?? ''].join(' ').toLocaleLowerCase('kk')
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
 * The new teacher is the actor of the audit entry: they registered themselves.
 */
export async function createTeacher(work: Work, teacher: NewTeacher): Promise<Result<{ userId: string }, FieldErrors>> {
  const email = teacher.email.toLowerCase()
  const existing = await work.db
    .selectFrom('users')
    .select(['email', 'iin'])
    .where((eb) => eb.or([eb('email', '=', email), eb('iin', '=', teacher.iin)]))
    .execute()
  const fieldErrors: FieldErrors = {}
  if (existing.some((u) => u.email === email)) fieldErrors.email = ['auth.register.emailTaken']
  if (existing.some((u) => u.iin === teacher.iin)) fieldErrors.iin = ['auth.register.iinTaken']
  if (!(await schoolInRegion(work, teacher.schoolId, teacher.regionCode))) fieldErrors.schoolId = ['validation.school']
  if (Object.keys(fieldErrors).length > 0) return fail(fieldErrors)

  const id = newId()
  const created = work.now().toISOString()
  try {
    await write(work, async (tx) => {
      await tx.db
        .insertInto('users')
        .values({
          id,
          email,
          iin: teacher.iin,
          full_name: teacher.fullName,
          search_text: userSearchText(teacher.fullName, email, teacher.iin),
          phone: teacher.phone,
          region_code: teacher.regionCode,
          school_id: teacher.schoolId,
          password_hash: teacher.passwordHash,
          locale: teacher.locale,
          is_active: 1,
          is_demo: 0,
          created_at: created,
          updated_at: created,
          deactivated_at: null,
        })
        .execute()
      await tx.db
        .insertInto('user_roles')
        .values({ id: newId(), user_id: id, role: 'teacher', scope: '', region_code: null, school_id: null, granted_by: null, granted_at: created })
        .execute()
      tx.emit({ type: 'user.registered', userIds: [id] })
      tx.audit({ action: 'user.register', targetType: 'user', targetId: id, details: { role: 'teacher' }, actorId: id })
    })
  } catch (error) {
    // Two registrations racing for one email or IIN: the constraint decides.
    if (isUniqueViolation(error)) return fail({ email: ['auth.register.emailTaken'] })
    throw error
  }
  return ok({ userId: id })
}

export type LoginRefusal = { reason: 'invalid' | 'inactive' } | { reason: 'rateLimited'; retryAfterMinutes: number }

/**
 * Checks a login (email or IIN) and password from the work's client address,
 * throttled as login-throttle.server.ts describes. Every attempt that gets as
 * far as a password runs one argon2 verification, whether the account exists,
 * has a password yet (an imported account waits for its invitation) or not, so
 * the time an answer takes tells nothing.
 */
export async function authenticate(work: Work, login: string, password: string): Promise<Result<{ userId: string; locale: Locale }, LoginRefusal>> {
  const address = work.clientIp ?? ''
  const normalized = login.trim().toLowerCase()
  const column = /^\d{12}$/.test(normalized) ? 'iin' : 'email'
  const user = await work.db.selectFrom('users').select(['id', 'password_hash', 'is_active', 'locale']).where(column, '=', normalized).executeTakeFirst()
  // Count failures against the account, whichever of its logins was typed.
  const key = user ? accountLimitKey(user.id) : `login:${normalized}`
  const attempt = await beginLoginAttempt(work, key, address)
  if (!attempt.allowed) return fail({ reason: 'rateLimited', retryAfterMinutes: attempt.retryAfterMinutes })
  const usable = user !== undefined && user.password_hash.startsWith('$argon2')
  const verified = await verifyPassword(usable ? user.password_hash : DUMMY_HASH, password)
  if (!user || !usable || !verified) {
    await loginFailed(work, key, address)
    return fail({ reason: 'invalid' })
  }
  await loginSucceeded(work, attempt, key, address)
  if (user.is_active !== 1) return fail({ reason: 'inactive' })
  return ok({ userId: user.id, locale: user.locale })
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ACbCaGmUVfkjeqgB1uC2mhiFp8Zw2lC2gxsgU0Q1Wuw'

/** The work's actor changes their password after giving the current one; every other session ends. */
export async function changePassword(work: Work, currentPassword: string, newPassword: string, keepSessionId: string): Promise<Result<null, FieldErrors>> {
  const userId = work.actorId
  if (!userId) throw new Error('changePassword needs a signed-in actor')
  const user = await work.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()
  if (!(await verifyPassword(user.password_hash, currentPassword))) return fail({ currentPassword: ['auth.password.currentWrong'] })
  await setPassword(work, userId, newPassword, keepSessionId)
  return ok(null)
}

/** Sets a password (the work's actor is whoever does it: the owner, or no one for a reset link); the user's other sessions end. */
export async function setPassword(work: Work, userId: string, newPassword: string, keepSessionId?: string): Promise<void> {
  const passwordHash = await hashPassword(newPassword)
  await write(work, async (tx) => {
    await tx.db.updateTable('users').set({ password_hash: passwordHash, updated_at: tx.work.now().toISOString() }).where('id', '=', userId).execute()
    await invalidateUserSessions(tx.work, userId, keepSessionId)
    await forgetLoginFailures(tx.work, userId)
    tx.audit({ action: 'user.password_change', targetType: 'user', targetId: userId })
  })
}

export async function setUserLocale(work: Work, userId: string, locale: Locale): Promise<void> {
  await write(work, async (tx) => {
    await tx.db.updateTable('users').set({ locale, updated_at: tx.work.now().toISOString() }).where('id', '=', userId).execute()
  })
}
