import { afterEach, describe, expect, test } from 'vitest'
import { RegisterSchema, type RegisterInput } from '#app/modules/auth/forms.ts'
import { createSession, generateSessionToken, validateSessionToken } from '#app/modules/auth/session.server.ts'
import { grantRole, revokeRole, searchUsers, setUserActive } from '#app/modules/admin/users.server.ts'
import { authenticate, changePassword } from '#app/modules/auth/users.server.ts'
import { confirmRegistration, requestRegistration } from '#app/modules/auth/registration.server.ts'
import { MINUTE, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { newId } from '#db/ids.server.ts'
import { TEST_PASSWORD, createUser, uniqueIin } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()

afterEach(() => setClockOffset(0))

let addresses = 0
/** A fresh client address each call, so rate limits never leak between tests. */
function address(): string {
  addresses++
  return `198.51.${Math.floor(addresses / 256)}.${addresses % 256}`
}

/** A random lower-case Cyrillic syllable-ish string, so names are unique per test. */
function cyrillicTag(): string {
  const letters = 'абвгдежзиклмнопрстуфхшәіңғүұқө'
  return [...newId().slice(0, 6)].map((c) => letters[c.charCodeAt(0) % letters.length]).join('')
}

function rawForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    iin: uniqueIin(),
    fullName: '  Айгүл Серікқызы  ',
    email: `  Aigul.${newId()}@Example.KZ `,
    regionCode: 'KZ-75',
    schoolId: 'sch-kz75-1',
    password: 'a-long-enough-password',
    passwordConfirm: 'a-long-enough-password',
    ...overrides,
  }
}

function parseForm(raw: Record<string, string>): RegisterInput {
  const parsed = RegisterSchema.safeParse(raw)
  if (!parsed.success) throw new Error(`form did not parse: ${JSON.stringify(parsed.error.flatten())}`)
  return parsed.data
}

async function counts() {
  const [users, roles, audit] = await Promise.all([
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('user_roles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { users: Number(users.n), roles: Number(roles.n), audit: Number(audit.n) }
}

function auditRows(action: string, targetId: string) {
  return db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', targetId).execute()
}

describe('RegisterSchema', () => {
  function fieldErrors(overrides: Record<string, string>) {
    const parsed = RegisterSchema.safeParse(rawForm(overrides))
    expect(parsed.success).toBe(false)
    return parsed.success ? {} : parsed.error.flatten().fieldErrors
  }

  test('accepts a valid form, trimming and lower-casing', () => {
    const raw = rawForm()
    const input = parseForm(raw)
    expect(input.fullName).toBe('Айгүл Серікқызы')
    expect(input.email).toBe(raw.email!.trim().toLowerCase())
    expect(input.iin).toBe(raw.iin)
  })

  test('rejects an IIN of the wrong length', () => {
    expect(fieldErrors({ iin: uniqueIin().slice(0, 11) }).iin).toEqual(['validation.iin.format'])
    expect(fieldErrors({ iin: `${uniqueIin()}0` }).iin).toEqual(['validation.iin.format'])
  })

  test('rejects an IIN with a wrong check digit', () => {
    const iin = uniqueIin()
    const wrong = iin.slice(0, 11) + String((Number(iin[11]) + 1) % 10)
    expect(fieldErrors({ iin: wrong }).iin).toEqual(['validation.iin.checksum'])
  })

  test('rejects an IIN with an impossible date', () => {
    const iin = uniqueIin()
    expect(fieldErrors({ iin: `${iin.slice(0, 2)}13${iin.slice(4)}` }).iin).toEqual(['validation.iin.date'])
  })

  test('rejects a password under 10 characters', () => {
    expect(fieldErrors({ password: '123456789', passwordConfirm: '123456789' }).password).toEqual(['validation.passwordShort'])
  })

  test('rejects a full name over 120 characters', () => {
    expect(fieldErrors({ fullName: 'Ә'.repeat(121) }).fullName).toEqual(['validation.tooLong'])
    expect(RegisterSchema.safeParse(rawForm({ fullName: 'Ә'.repeat(120) })).success).toBe(true)
  })

  test('rejects a mismatched confirmation', () => {
    expect(fieldErrors({ passwordConfirm: 'a-long-enough-passwore' }).passwordConfirm).toEqual(['validation.passwordMismatch'])
  })
})

const ORIGIN = 'https://academy.test'
setPublicOrigin(ORIGIN)

/** Submits a registration and follows the link mailed to its address, as the new teacher does. */
async function register(input: RegisterInput, locale: 'kk' | 'ru' | 'en') {
  const requested = await requestRegistration(testWork(db), input, locale)
  if (!requested.ok) return requested
  const mail = await db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('to_address', '=', input.email)
    .where('kind', '=', 'registration_confirm')
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  if (!mail) return null
  const token = new RegExp(`${ORIGIN}/register/confirm/([a-z2-7]{32})`).exec(mail.text_body)![1]!
  return confirmRegistration(testWork(db), token)
}

describe('registration', () => {
  test('the confirmed link creates a teacher with a hashed password, the locale and an audit row', async () => {
    const input = parseForm(rawForm())
    const before = await counts()
    const result = await register(input, 'ru')
    if (!result?.ok) throw new Error(`not registered: ${JSON.stringify(result)}`)
    const { userId } = result.value as { userId: string }

    const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()
    expect(user).toMatchObject({
      email: input.email,
      iin: input.iin,
      full_name: 'Айгүл Серікқызы',
      region_code: 'KZ-75',
      school_id: 'sch-kz75-1',
      locale: 'ru',
      is_active: 1,
    })
    expect(user.password_hash.startsWith('$argon2id$')).toBe(true)
    expect(user.password_hash).not.toContain(input.password)

    const roles = await db.selectFrom('user_roles').select(['role', 'scope']).where('user_id', '=', userId).execute()
    expect(roles).toEqual([{ role: 'teacher', scope: '' }])
    const audit = await auditRows('user.register', userId)
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor_user_id).toBe(userId)

    expect(await counts()).toEqual({ users: before.users + 1, roles: before.roles + 1, audit: before.audit + 1 })
    // The new account can log in with its password.
    expect(await authenticate(testWork(db, { clientIp: address() }), input.email, input.password)).toMatchObject({ ok: true, value: { userId, locale: 'ru' } })
  })

  test('an email already registered, in any letter case, creates nothing and mails its owner', async () => {
    const existing = await createUser(db)
    for (const email of [existing.email, existing.email.toUpperCase()]) {
      const before = await counts()
      expect(await requestRegistration(testWork(db), { ...parseForm(rawForm()), email }, 'kk')).toEqual({ ok: true, value: null })
      expect(await counts()).toEqual(before)
    }
    const notices = await db.selectFrom('mail_outbox').select('kind').where('user_id', '=', existing.id).execute()
    expect(notices).toEqual([{ kind: 'registration_attempt' }, { kind: 'registration_attempt' }])
  })

  test('an IIN already registered creates nothing, even when the link is confirmed', async () => {
    const existing = await createUser(db)
    const before = await counts()
    expect(await register(parseForm(rawForm({ iin: existing.iin })), 'kk')).toBeNull()
    expect(await counts()).toEqual(before)
  })

  test('an email registered between the request and the confirmation: the link creates nothing', async () => {
    const input = parseForm(rawForm())
    expect((await requestRegistration(testWork(db), input, 'kk')).ok).toBe(true)
    const mail = await db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', input.email).executeTakeFirstOrThrow()
    const token = /\/register\/confirm\/([a-z2-7]{32})/.exec(mail.text_body)![1]!
    const meanwhile = await createUser(db)
    await db.updateTable('users').set({ email: input.email }).where('id', '=', meanwhile.id).execute()
    const before = await counts()
    expect(await confirmRegistration(testWork(db), token)).toEqual({ ok: false, error: 'taken' })
    expect(await counts()).toEqual(before)
    expect(await confirmRegistration(testWork(db), token)).toEqual({ ok: false, error: 'invalid' })
  })

  test('a school outside the chosen region gives fieldErrors.schoolId', async () => {
    const before = await counts()
    const result = await requestRegistration(testWork(db), parseForm(rawForm({ regionCode: 'KZ-71', schoolId: 'sch-kz75-1' })), 'kk')
    expect(result.ok).toBe(false)
    expect(result.ok ? null : result.error.schoolId).toEqual(['validation.school'])
    expect(await counts()).toEqual(before)
  })
})

describe('authenticate', () => {
  test('logs in by email in any letter case and by IIN', async () => {
    const user = await createUser(db, { locale: 'en' })
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toEqual({ ok: true, value: { userId: user.id, locale: 'en' } })
    expect(await authenticate(testWork(db, { clientIp: address() }), `  ${user.email.toUpperCase()} `, TEST_PASSWORD)).toEqual({
      ok: true,
      value: { userId: user.id, locale: 'en' },
    })
    expect(await authenticate(testWork(db, { clientIp: address() }), user.iin, TEST_PASSWORD)).toEqual({ ok: true, value: { userId: user.id, locale: 'en' } })
  })

  test('a wrong password or unknown login gives invalid', async () => {
    const user = await createUser(db)
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, `${TEST_PASSWORD}x`)).toEqual({ ok: false, error: { reason: 'invalid' } })
    expect(await authenticate(testWork(db, { clientIp: address() }), user.iin, '')).toEqual({ ok: false, error: { reason: 'invalid' } })
    expect(await authenticate(testWork(db, { clientIp: address() }), `nobody-${newId()}@test.orken.kz`, TEST_PASSWORD)).toEqual({
      ok: false,
      error: { reason: 'invalid' },
    })
  })

  test('a deactivated user gives inactive', async () => {
    const user = await createUser(db)
    await db.updateTable('users').set({ is_active: 0 }).where('id', '=', user.id).execute()
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toEqual({ ok: false, error: { reason: 'inactive' } })
  })

  test('5 failures for one account from one address block that pair, even with the right password, until the window passes', async () => {
    const user = await createUser(db)
    const other = await createUser(db)
    const attacker = address()
    for (let i = 0; i < 5; i++) {
      expect(await authenticate(testWork(db, { clientIp: attacker }), user.email, `wrong-password-${i}`)).toEqual({ ok: false, error: { reason: 'invalid' } })
    }
    const result = await authenticate(testWork(db, { clientIp: attacker }), user.email, TEST_PASSWORD)
    if (result.ok || result.error.reason !== 'rateLimited') throw new Error(`expected rateLimited, got ${JSON.stringify(result)}`)
    expect(result.error.retryAfterMinutes).toBeGreaterThanOrEqual(1)
    expect(result.error.retryAfterMinutes).toBeLessThanOrEqual(15)
    // The owner from another address is not locked out; another account from the attacker's address neither.
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toMatchObject({ ok: true, value: { userId: user.id } })
    expect(await authenticate(testWork(db, { clientIp: attacker }), other.email, TEST_PASSWORD)).toMatchObject({ ok: true, value: { userId: other.id } })

    setClockOffset(16 * MINUTE)
    expect(await authenticate(testWork(db, { clientIp: attacker }), user.email, TEST_PASSWORD)).toMatchObject({ ok: true, value: { userId: user.id } })
  })

  test('failures by email and by IIN count against the same account', async () => {
    const user = await createUser(db)
    const attacker = address()
    for (let i = 0; i < 3; i++) await authenticate(testWork(db, { clientIp: attacker }), user.email, `wrong-password-${i}`)
    for (let i = 0; i < 2; i++) await authenticate(testWork(db, { clientIp: attacker }), user.iin, `wrong-password-${i}`)
    // Five failures for this account from this address: the sixth try, by either login, is refused.
    for (const login of [user.email, user.iin]) {
      expect(await authenticate(testWork(db, { clientIp: attacker }), login, 'yet-another-guess')).toMatchObject({
        ok: false,
        error: { reason: 'rateLimited' },
      })
    }
  })

  test('from the tenth failure on an account, addresses that failed on it wait 5 s, then 10 s …; a clean address does not', async () => {
    const user = await createUser(db)
    const attackers = Array.from({ length: 5 }, address)
    for (const from of attackers) {
      for (let i = 0; i < 2; i++)
        expect(await authenticate(testWork(db, { clientIp: from }), user.email, `wrong-${i}`)).toEqual({ ok: false, error: { reason: 'invalid' } })
    }
    expect(await authenticate(testWork(db, { clientIp: attackers[0]! }), user.email, 'wrong-again')).toMatchObject({
      ok: false,
      error: { reason: 'rateLimited', retryAfterMinutes: 1 },
    })
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toMatchObject({ ok: true, value: { userId: user.id } })
    setClockOffset(6_000)
    // Five seconds after the tenth failure: one more try, which fails, and the wait doubles.
    expect(await authenticate(testWork(db, { clientIp: attackers[0]! }), user.email, 'wrong-again')).toEqual({ ok: false, error: { reason: 'invalid' } })
    setClockOffset(12_000)
    expect(await authenticate(testWork(db, { clientIp: attackers[1]! }), user.email, 'wrong-again')).toMatchObject({
      ok: false,
      error: { reason: 'rateLimited' },
    })
    setClockOffset(17_000)
    expect(await authenticate(testWork(db, { clientIp: attackers[1]! }), user.email, 'wrong-again')).toEqual({ ok: false, error: { reason: 'invalid' } })
  })

  test('30 failures from one address, spread over logins, block that address', async () => {
    const victim = await createUser(db)
    const attacker = address()
    // 10 logins × 3 failures: no single account reaches its own limit of 5.
    for (let i = 0; i < 30; i++) {
      const login = `guess-${i % 10}-${attacker}@test.orken.kz`
      expect(await authenticate(testWork(db, { clientIp: attacker }), login, 'not-the-password')).toEqual({ ok: false, error: { reason: 'invalid' } })
    }
    const blocked = await authenticate(testWork(db, { clientIp: attacker }), victim.email, TEST_PASSWORD)
    expect(blocked).toMatchObject({ ok: false, error: { reason: 'rateLimited' } })
    if (!blocked.ok && blocked.error.reason === 'rateLimited') {
      expect(blocked.error.retryAfterMinutes).toBeGreaterThanOrEqual(1)
      expect(blocked.error.retryAfterMinutes).toBeLessThanOrEqual(15)
    }
    // The same account from another address is fine.
    expect(await authenticate(testWork(db, { clientIp: address() }), victim.email, TEST_PASSWORD)).toMatchObject({ ok: true, value: { userId: victim.id } })

    setClockOffset(16 * MINUTE)
    expect(await authenticate(testWork(db, { clientIp: attacker }), victim.email, TEST_PASSWORD)).toMatchObject({ ok: true, value: { userId: victim.id } })
  })
})

describe('changePassword', () => {
  test('a wrong current password gives fieldErrors.currentPassword and changes nothing', async () => {
    const user = await createUser(db)
    const current = await createSession(testWork(db), generateSessionToken(), user.id)
    const otherToken = generateSessionToken()
    await createSession(testWork(db), otherToken, user.id)
    const hashBefore = (await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).password_hash

    const result = await changePassword(testWork(db, { actorId: user.id }), 'not-my-password', 'a-brand-new-password', current.id)
    expect(result.ok).toBe(false)
    expect(result.ok ? null : result.error.currentPassword).toEqual(['auth.password.currentWrong'])

    const hashAfter = (await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).password_hash
    expect(hashAfter).toBe(hashBefore)
    expect(await validateSessionToken(db, otherToken)).not.toBeNull()
    expect(await auditRows('user.password_change', user.id)).toHaveLength(0)
  })

  test('success ends the other sessions but keeps the current one', async () => {
    const user = await createUser(db)
    const currentToken = generateSessionToken()
    const current = await createSession(testWork(db), currentToken, user.id)
    const otherToken = generateSessionToken()
    await createSession(testWork(db), otherToken, user.id)

    const result = await changePassword(testWork(db, { actorId: user.id }), TEST_PASSWORD, 'a-brand-new-password', current.id)
    expect(result).toEqual({ ok: true, value: null })

    expect(await validateSessionToken(db, currentToken)).not.toBeNull()
    expect(await validateSessionToken(db, otherToken)).toBeNull()
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, 'a-brand-new-password')).toMatchObject({
      ok: true,
      value: { userId: user.id },
    })
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toEqual({ ok: false, error: { reason: 'invalid' } })
    expect(await auditRows('user.password_change', user.id)).toHaveLength(1)
  })
})

describe('roles', () => {
  test('regional_admin without a region gives fieldErrors.regionCode', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    const user = await createUser(db)
    const result = await grantRole(testWork(db, { actorId: admin.id, clientIp: '127.0.0.1' }), { userId: user.id, role: 'regional_admin' })
    expect(result.ok).toBe(false)
    expect(result.ok ? null : result.error.regionCode).toEqual(['admin.roles.regionRequired'])
    const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()
    expect(roles.map((r) => r.role)).toEqual(['teacher'])
  })

  test('granting a scoped role inserts it once with one audit row; revoking removes it', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    const user = await createUser(db)
    const input = { userId: user.id, role: 'regional_admin' as const, regionCode: 'KZ-71' }

    expect(await grantRole(testWork(db, { actorId: admin.id, clientIp: '127.0.0.1' }), input)).toEqual({ ok: true, value: null })
    expect(await grantRole(testWork(db, { actorId: admin.id, clientIp: '127.0.0.1' }), input)).toEqual({ ok: true, value: null })

    const grants = await db.selectFrom('user_roles').selectAll().where('user_id', '=', user.id).where('role', '=', 'regional_admin').execute()
    expect(grants).toHaveLength(1)
    expect(grants[0]).toMatchObject({ scope: 'region:KZ-71', region_code: 'KZ-71', school_id: null, granted_by: admin.id })
    const grantAudit = await auditRows('user.role_grant', user.id)
    expect(grantAudit).toHaveLength(1)
    expect(grantAudit[0]).toMatchObject({ actor_user_id: admin.id, ip: '127.0.0.1' })
    expect(JSON.parse(grantAudit[0]!.details)).toMatchObject({ role: 'regional_admin', regionCode: 'KZ-71' })

    // The grant shows in the user's session.
    const token = generateSessionToken()
    await createSession(testWork(db), token, user.id)
    expect((await validateSessionToken(db, token))!.user.roles).toContainEqual({ role: 'regional_admin', regionCode: 'KZ-71', schoolId: null })

    expect(await revokeRole(testWork(db, { actorId: admin.id, clientIp: '127.0.0.1' }), user.id, grants[0]!.id)).toBe(true)
    expect(await db.selectFrom('user_roles').select('id').where('id', '=', grants[0]!.id).executeTakeFirst()).toBeUndefined()
    const revokeAudit = await auditRows('user.role_revoke', user.id)
    expect(revokeAudit).toHaveLength(1)
    expect(JSON.parse(revokeAudit[0]!.details)).toMatchObject({ role: 'regional_admin', regionCode: 'KZ-71' })
    expect((await validateSessionToken(db, token))!.user.roles.map((r) => r.role)).toEqual(['teacher'])

    // Revoking again finds nothing and writes nothing.
    expect(await revokeRole(testWork(db, { actorId: admin.id, clientIp: '127.0.0.1' }), user.id, grants[0]!.id)).toBe(false)
    expect(await auditRows('user.role_revoke', user.id)).toHaveLength(1)
  })

  test('an unknown region is refused', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    const user = await createUser(db)
    const result = await grantRole(testWork(db, { actorId: admin.id, clientIp: null }), { userId: user.id, role: 'regional_admin', regionCode: 'KZ-00' })
    expect(result.ok ? null : result.error.regionCode).toEqual(['validation.region'])
    expect(await auditRows('user.role_grant', user.id)).toHaveLength(0)
  })
})

describe('setUserActive', () => {
  test('deactivating ends all the sessions at once and writes user.deactivate', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    const user = await createUser(db)
    const tokens = [generateSessionToken(), generateSessionToken()]
    for (const t of tokens) await createSession(testWork(db), t, user.id)
    const adminToken = generateSessionToken()
    await createSession(testWork(db), adminToken, admin.id)

    await setUserActive(testWork(db, { actorId: admin.id, clientIp: '10.0.0.1' }), user.id, false)

    const left = await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()
    expect(left).toHaveLength(0)
    for (const t of tokens) expect(await validateSessionToken(db, t)).toBeNull()
    expect(await validateSessionToken(db, adminToken)).not.toBeNull()
    const row = await db.selectFrom('users').select(['is_active', 'deactivated_at']).where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.is_active).toBe(0)
    expect(row.deactivated_at).not.toBeNull()
    const audit = await auditRows('user.deactivate', user.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_user_id: admin.id, ip: '10.0.0.1' })
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toEqual({ ok: false, error: { reason: 'inactive' } })

    await setUserActive(testWork(db, { actorId: admin.id, clientIp: '10.0.0.1' }), user.id, true)
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toMatchObject({ ok: true, value: { userId: user.id } })
    expect(await auditRows('user.reactivate', user.id)).toHaveLength(1)
  })
})

describe('searchUsers', () => {
  async function setup() {
    const tag = `Zq${newId().slice(0, 6)}`
    const surname = `Қуаныш${cyrillicTag()}ова`
    const teacher = await createUser(db, { fullName: `Әлия ${surname} ${tag}` })
    const trainer = await createUser(db, { fullName: `Ержан Сейітов ${tag}`, roles: ['trainer'], regionCode: 'KZ-71', schoolId: 'sch-kz71-1' })
    return { tag, surname, teacher, trainer }
  }
  const ids = (result: Awaited<ReturnType<typeof searchUsers>>) => result.rows.map((r) => r.id).sort()

  test('finds by part of a Cyrillic name and by the ASCII part in any case', async () => {
    const { tag, surname, teacher, trainer } = await setup()
    expect(ids(await searchUsers(testWork(db), { q: surname.slice(1, -2) }))).toEqual([teacher.id])
    expect(ids(await searchUsers(testWork(db), { q: tag.toUpperCase() }))).toEqual([teacher.id, trainer.id].sort())
    expect(ids(await searchUsers(testWork(db), { q: `  ${tag.toLowerCase()} ` }))).toEqual([teacher.id, trainer.id].sort())
    expect((await searchUsers(testWork(db), { q: `нетакого${tag}` })).total).toBe(0)
  })

  test('finds a Cyrillic name typed exactly as stored, capital letter included', async () => {
    const { surname, teacher } = await setup()
    const result = await searchUsers(testWork(db), { q: surname })
    expect(result.rows.map((r) => r.id)).toContain(teacher.id)
  })

  test('finds by IIN', async () => {
    const { teacher } = await setup()
    const result = await searchUsers(testWork(db), { q: teacher.iin })
    expect(result.total).toBe(1)
    expect(result.rows[0]).toMatchObject({ id: teacher.id, iin: teacher.iin })
    expect(result.rows[0]!.roles).toEqual([{ role: 'teacher', regionCode: null, schoolId: null }])
  })

  test('filters by role and by region', async () => {
    const { tag, teacher, trainer } = await setup()
    expect(ids(await searchUsers(testWork(db), { q: tag, role: 'trainer' }))).toEqual([trainer.id])
    expect(ids(await searchUsers(testWork(db), { q: tag, role: 'teacher' }))).toEqual([teacher.id])
    expect(ids(await searchUsers(testWork(db), { q: tag, regionCode: 'KZ-71' }))).toEqual([trainer.id])
    expect(ids(await searchUsers(testWork(db), { q: tag, regionCode: 'KZ-75' }))).toEqual([teacher.id])
    expect(ids(await searchUsers(testWork(db), { q: tag, role: 'trainer', regionCode: 'KZ-75' }))).toEqual([])

    const byRegion = await searchUsers(testWork(db), { regionCode: 'KZ-71' })
    expect(byRegion.rows.every((r) => r.region_code === 'KZ-71')).toBe(true)
    expect(byRegion.rows.map((r) => r.id)).toContain(trainer.id)
    expect(byRegion.rows.find((r) => r.id === trainer.id)!.region_en).toBe('Astana')
  })
})
