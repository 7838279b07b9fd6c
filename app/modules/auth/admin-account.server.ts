import type { Database } from '#db/client.server.ts'
import { isUniqueViolation } from '#db/errors.server.ts'
import { newId } from '#db/ids.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { emailField } from './forms.ts'
import { hashPassword } from './password.server.ts'
import { passwordWeakness, type PasswordWeakness } from './password-strength.ts'
import { userSearchText } from './users.server.ts'

// Administrator accounts made from the operator's console (`npm run
// admin:create`), never over the web: a site without an administrator would
// otherwise belong to whoever found the page first.

export type AdminRefusal =
  | { code: 'email' }
  | { code: 'name' }
  | { code: 'weakPassword'; weakness: PasswordWeakness }
  | { code: 'emailTaken' }
  | { code: 'noSuchUser' }
  | { code: 'inactive' }
  | { code: 'alreadyAdmin' }

export interface NewAdministrator {
  email: string
  fullName: string
  password: string
}

// Once a database has an administrator it keeps one: the site stops asking.
const knownToHaveOne = new WeakSet<Database>()

/** Whether any active account holds the admin role (the first start's question). */
export async function hasAdministrator(work: Work): Promise<boolean> {
  if (knownToHaveOne.has(work.db)) return true
  const row = await work.db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('users.id')
    .where('user_roles.role', '=', 'admin')
    .where('users.is_active', '=', 1)
    .limit(1)
    .executeTakeFirst()
  if (row) knownToHaveOne.add(work.db)
  return Boolean(row)
}

/** Whether the site should tell its operator to make the first administrator: in production, until one exists. */
export async function awaitingFirstAdministrator(work: Work): Promise<boolean> {
  return work.config.production && !(await hasAdministrator(work))
}

function checkIdentity(email: string, fullName: string): Result<{ email: string; fullName: string }, AdminRefusal> {
  const parsed = emailField.safeParse(email)
  if (!parsed.success) return fail({ code: 'email' })
  const name = fullName.trim().replace(/\s+/g, ' ')
  if (name.length < 3 || name.length > 120) return fail({ code: 'name' })
  return ok({ email: parsed.data, fullName: name })
}

/** The refusal a password earns for this account, if any: the length rules, common words, and the account's own email and name. */
export function adminPasswordRefusal(password: string, email: string, fullName: string): AdminRefusal | null {
  const weakness = passwordWeakness(password, [email, fullName])
  return weakness ? { code: 'weakPassword', weakness } : null
}

/**
 * Creates an administrator: a new account with the admin role, its password
 * argon2id-hashed as every password is. An email already in use is refused
 * (promoteToAdministrator grants the role to that account instead).
 */
export async function createAdministrator(work: Work, input: NewAdministrator): Promise<Result<{ userId: string }, AdminRefusal>> {
  const identity = checkIdentity(input.email, input.fullName)
  if (!identity.ok) return identity
  const { email, fullName } = identity.value
  const weak = adminPasswordRefusal(input.password, email, fullName)
  if (weak) return fail(weak)
  const taken = await work.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
  if (taken) return fail({ code: 'emailTaken' })
  const passwordHash = await hashPassword(input.password)
  const id = newId()
  try {
    await write(work, async (tx) => {
      const at = tx.work.now().toISOString()
      await tx.db
        .insertInto('users')
        .values({
          id,
          email,
          iin: null,
          full_name: fullName,
          search_text: userSearchText(fullName, email, null),
          phone: null,
          region_code: null,
          school_id: null,
          password_hash: passwordHash,
          locale: 'kk',
          is_active: 1,
          is_demo: 0,
          created_at: at,
          updated_at: at,
          deactivated_at: null,
        })
        .execute()
      await tx.db
        .insertInto('user_roles')
        .values({ id: newId(), user_id: id, role: 'admin', scope: '', region_code: null, school_id: null, granted_by: work.actorId, granted_at: at })
        .execute()
      tx.audit({ action: 'user.admin_create', targetType: 'user', targetId: id, details: { email, via: 'console' } })
    })
  } catch (error) {
    // Another account took the address between the check and the insert.
    if (isUniqueViolation(error)) return fail({ code: 'emailTaken' })
    throw error
  }
  return ok({ userId: id })
}

/** Grants the admin role to an existing, active account, found by its email. */
export async function promoteToAdministrator(work: Work, rawEmail: string): Promise<Result<{ userId: string }, AdminRefusal>> {
  const parsed = emailField.safeParse(rawEmail)
  if (!parsed.success) return fail({ code: 'email' })
  const user = await work.db.selectFrom('users').select(['id', 'is_active']).where('email', '=', parsed.data).executeTakeFirst()
  if (!user) return fail({ code: 'noSuchUser' })
  if (!user.is_active) return fail({ code: 'inactive' })
  return write(work, async (tx) => {
    const result = await tx.db
      .insertInto('user_roles')
      .values({
        id: newId(),
        user_id: user.id,
        role: 'admin',
        scope: '',
        region_code: null,
        school_id: null,
        granted_by: work.actorId,
        granted_at: tx.work.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['user_id', 'role', 'scope']).doNothing())
      .executeTakeFirst()
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return fail({ code: 'alreadyAdmin' as const })
    tx.audit({ action: 'user.role_grant', targetType: 'user', targetId: user.id, details: { role: 'admin', via: 'console' } })
    return ok({ userId: user.id })
  })
}
