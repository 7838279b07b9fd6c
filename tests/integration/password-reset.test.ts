import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { findValidResetToken, requestPasswordReset, resetPassword } from '#app/modules/auth/password-reset.server.ts'
import { createSession, generateSessionToken, validateSessionToken } from '#app/modules/auth/session.server.ts'
import { authenticate } from '#app/modules/auth/users.server.ts'
import { HOUR, MINUTE, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { newId } from '#db/ids.server.ts'
import { TEST_PASSWORD, createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { TEST_PUBLIC_ORIGIN } from '#tests/setup/work.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()
// The links in the mail come from the configured public origin (app/core/public-origin.server.ts).
const ORIGIN = 'https://academy.orken.kz'
beforeAll(() => {
  setPublicOrigin(ORIGIN)
})
afterAll(() => {
  setPublicOrigin(TEST_PUBLIC_ORIGIN)
})
const NEW_PASSWORD = 'a-fresh-password-42'

afterEach(() => setClockOffset(0))

async function counts() {
  const n = async (table: 'mail_outbox' | 'password_reset_tokens' | 'audit_log') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return { mail: await n('mail_outbox'), tokens: await n('password_reset_tokens'), audit: await n('audit_log') }
}

/** Asks for a reset link and returns the token from the mail just written. */
async function requestToken(email: string, userId: string): Promise<string> {
  const mailsOf = () => db.selectFrom('mail_outbox').select(['id', 'text_body']).where('user_id', '=', userId).execute()
  const seen = new Set((await mailsOf()).map((m) => m.id))
  await requestPasswordReset(testWork(db), email)
  const fresh = (await mailsOf()).filter((m) => !seen.has(m.id))
  expect(fresh).toHaveLength(1)
  const match = fresh[0]!.text_body.match(/\/reset-password\/([a-z2-7]{32})(?![a-z2-7])/)
  if (!match) throw new Error(`no link in: ${fresh[0]!.text_body}`)
  return match[1]!
}

let addresses = 0
const address = () => `203.0.113.${++addresses}`

describe('requestPasswordReset', () => {
  test('for a registered email writes one mail in the user locale and stores only a hash of the token', async () => {
    const user = await createUser(db, { locale: 'ru', fullName: 'Мария Иванова' })
    const before = await counts()
    await requestPasswordReset(testWork(db), user.email.toUpperCase())

    const after = await counts()
    expect(after.mail).toBe(before.mail + 1)
    expect(after.tokens).toBe(before.tokens + 1)

    const mails = await db.selectFrom('mail_outbox').selectAll().where('user_id', '=', user.id).execute()
    expect(mails).toHaveLength(1)
    const mail = mails[0]!
    expect(mail).toMatchObject({ kind: 'password_reset', to_address: user.email, status: 'pending', attempts: 0 })
    expect(mail.subject).toBe('Өркен Academy: восстановление пароля')
    expect(mail.text_body).toContain('Здравствуйте, Мария Иванова!')

    const escapedOrigin = ORIGIN.replace(/[.]/g, '\\.')
    const match = mail.text_body.match(new RegExp(`${escapedOrigin}/reset-password/([a-z2-7]{32})(?![a-z2-7])`))
    expect(match).not.toBeNull()
    const token = match![1]!

    const tokens = await db.selectFrom('password_reset_tokens').selectAll().where('user_id', '=', user.id).execute()
    expect(tokens).toHaveLength(1)
    expect(tokens[0]!.id).toBe(createHash('sha256').update(token).digest('hex'))
    expect(tokens[0]!.used_at).toBeNull()
    expect(JSON.stringify(tokens)).not.toContain(token)
    const audit = await db.selectFrom('audit_log').selectAll().where('target_id', '=', user.id).execute()
    expect(JSON.stringify(audit)).not.toContain(token)
  })

  test('a Kazakh-speaking user gets the Kazakh mail', async () => {
    const user = await createUser(db, { locale: 'kk' })
    await requestPasswordReset(testWork(db), user.email)
    const mail = await db.selectFrom('mail_outbox').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    expect(mail.subject).toBe('Өркен Academy: құпиясөзді қалпына келтіру')
    expect(mail.text_body).toContain('Сәлеметсіз бе')
  })

  test('for an unknown email nothing is written', async () => {
    const before = await counts()
    await requestPasswordReset(testWork(db), `nobody-${newId()}@test.orken.kz`)
    expect(await counts()).toEqual(before)
  })

  test('for a deactivated account nothing is written', async () => {
    const user = await createUser(db)
    await db.updateTable('users').set({ is_active: 0 }).where('id', '=', user.id).execute()
    const before = await counts()
    await requestPasswordReset(testWork(db), user.email)
    expect(await counts()).toEqual(before)
  })
})

describe('resetPassword', () => {
  test('the link works once, sets the new password and ends every session', async () => {
    const user = await createUser(db)
    const sessionTokens = [generateSessionToken(), generateSessionToken()]
    for (const t of sessionTokens) await createSession(testWork(db), t, user.id)

    const token = await requestToken(user.email, user.id)
    expect(await findValidResetToken(testWork(db), token)).toEqual({ userId: user.id })

    expect(await resetPassword(testWork(db), token, NEW_PASSWORD)).toBe(true)
    expect(await resetPassword(testWork(db), token, 'yet-another-password')).toBe(false)
    expect(await findValidResetToken(testWork(db), token)).toBeNull()

    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, NEW_PASSWORD)).toMatchObject({ ok: true, value: { userId: user.id } })
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toEqual({ ok: false, error: { reason: 'invalid' } })
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, 'yet-another-password')).toEqual({ ok: false, error: { reason: 'invalid' } })

    for (const t of sessionTokens) expect(await validateSessionToken(db, t)).toBeNull()
    const left = await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()
    expect(left).toHaveLength(0)
  })

  test('a token older than one hour is refused', async () => {
    const user = await createUser(db)
    const token = await requestToken(user.email, user.id)

    setClockOffset(HOUR - MINUTE)
    expect(await findValidResetToken(testWork(db), token)).toEqual({ userId: user.id })
    setClockOffset(HOUR + MINUTE)
    expect(await resetPassword(testWork(db), token, NEW_PASSWORD)).toBe(false)
    setClockOffset(0)

    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toMatchObject({ ok: true, value: { userId: user.id } })
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, NEW_PASSWORD)).toEqual({ ok: false, error: { reason: 'invalid' } })
  })

  test('requesting a second link makes the first one stop working', async () => {
    const user = await createUser(db)
    const first = await requestToken(user.email, user.id)
    const second = await requestToken(user.email, user.id)
    expect(second).not.toBe(first)

    expect(await resetPassword(testWork(db), first, NEW_PASSWORD)).toBe(false)
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, NEW_PASSWORD)).toEqual({ ok: false, error: { reason: 'invalid' } })

    expect(await resetPassword(testWork(db), second, NEW_PASSWORD)).toBe(true)
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, NEW_PASSWORD)).toMatchObject({ ok: true, value: { userId: user.id } })
  })

  test('a malformed or unknown token is refused', async () => {
    const user = await createUser(db)
    const token = await requestToken(user.email, user.id)
    expect(await resetPassword(testWork(db), token.toUpperCase(), NEW_PASSWORD)).toBe(false)
    expect(await resetPassword(testWork(db), `${token}a`, NEW_PASSWORD)).toBe(false)
    expect(await resetPassword(testWork(db), 'a'.repeat(32), NEW_PASSWORD)).toBe(false)
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toMatchObject({ ok: true })
  })
})
