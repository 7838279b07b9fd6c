import { createHash } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import { SESSION_TTL_MS, createSession, generateSessionToken, invalidateUserSessions, validateSessionToken } from '#app/modules/auth/session.server.ts'
import { DAY, MINUTE, now, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { newId } from '#db/ids.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()

afterEach(() => setClockOffset(0))

async function sessionRow(token: string) {
  const id = createHash('sha256').update(token).digest('hex')
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()
}

describe('sessions', () => {
  test('createSession stores only the SHA-256 of the token', async () => {
    const user = await createUser(db)
    const token = generateSessionToken()
    const session = await createSession(testWork(db), token, user.id)

    const expectedId = createHash('sha256').update(token).digest('hex')
    expect(session.id).toBe(expectedId)
    const rows = await db.selectFrom('sessions').selectAll().execute()
    expect(rows.some((r) => r.id === expectedId && r.user_id === user.id)).toBe(true)
    // Not in any column of any row.
    expect(JSON.stringify(rows)).not.toContain(token)
    expect(JSON.stringify(rows).toLowerCase()).not.toContain(token.toLowerCase())
  })

  test('validateSessionToken returns the user with roles', async () => {
    const user = await createUser(db, { roles: ['teacher', 'regional_admin'], regionCode: 'KZ-71', schoolId: 'sch-kz71-1', locale: 'ru' })
    const token = generateSessionToken()
    await createSession(testWork(db), token, user.id)

    const result = await validateSessionToken(db, token)
    expect(result).not.toBeNull()
    expect(result!.refreshed).toBe(false)
    expect(result!.session.userId).toBe(user.id)
    expect(result!.user).toMatchObject({
      id: user.id,
      email: user.email,
      iin: user.iin,
      fullName: user.fullName,
      locale: 'ru',
      regionCode: 'KZ-71',
      schoolId: 'sch-kz71-1',
    })
    expect(result!.user.roles).toHaveLength(2)
    expect(result!.user.roles).toEqual(
      expect.arrayContaining([
        { role: 'teacher', regionCode: null, schoolId: null },
        { role: 'regional_admin', regionCode: 'KZ-71', schoolId: null },
      ]),
    )
  })

  test('a user without a role gets no roles, and a role granted later counts on the next request', async () => {
    const user = await createUser(db, { roles: [] })
    const token = generateSessionToken()
    await createSession(testWork(db), token, user.id)
    const result = await validateSessionToken(db, token)
    expect(result?.user).toMatchObject({ id: user.id, fullName: user.fullName, roles: [] })

    await db
      .insertInto('user_roles')
      .values({
        id: newId(),
        user_id: user.id,
        role: 'trainer',
        region_code: null,
        school_id: null,
        scope: '',
        granted_by: null,
        granted_at: now().toISOString(),
      })
      .execute()
    expect((await validateSessionToken(db, token))?.user.roles).toEqual([{ role: 'trainer', regionCode: null, schoolId: null }])
  })

  test('an unknown token gives null', async () => {
    const user = await createUser(db)
    await createSession(testWork(db), generateSessionToken(), user.id)
    expect(await validateSessionToken(db, generateSessionToken())).toBeNull()
    expect(await validateSessionToken(db, '')).toBeNull()
  })

  test('a session past 30 days is rejected and deleted', async () => {
    const user = await createUser(db)
    const token = generateSessionToken()
    await createSession(testWork(db), token, user.id)

    expect(await sessionRow(token)).toBeDefined()

    setClockOffset(30 * DAY + MINUTE)
    expect(await validateSessionToken(db, token)).toBeNull()
    expect(await sessionRow(token)).toBeUndefined()
    // Gone for good: going back in time does not revive it.
    setClockOffset(0)
    expect(await validateSessionToken(db, token)).toBeNull()
  })

  test('a session with less than 15 days left slides forward 30 days', async () => {
    const user = await createUser(db)
    const token = generateSessionToken()
    const created = await createSession(testWork(db), token, user.id)

    setClockOffset(16 * DAY)
    const result = await validateSessionToken(db, token)
    expect(result?.refreshed).toBe(true)
    const expected = now().getTime() + SESSION_TTL_MS
    expect(Math.abs(result!.session.expiresAt.getTime() - expected)).toBeLessThan(5_000)
    expect(result!.session.expiresAt.getTime()).toBeGreaterThan(created.expiresAt.getTime() + 15 * DAY)

    const row = await sessionRow(token)
    expect(Math.abs(new Date(row!.expires_at).getTime() - expected)).toBeLessThan(5_000)

    // Still valid 40 days after creation thanks to the slide.
    setClockOffset(40 * DAY)
    expect(await validateSessionToken(db, token)).not.toBeNull()
  })

  test('a session with more than 15 days left does not slide', async () => {
    const user = await createUser(db)
    const token = generateSessionToken()
    const created = await createSession(testWork(db), token, user.id)

    setClockOffset(10 * DAY)
    const result = await validateSessionToken(db, token)
    expect(result?.refreshed).toBe(false)
    expect(result!.session.expiresAt.getTime()).toBe(created.expiresAt.getTime())
    const row = await sessionRow(token)
    expect(row!.expires_at).toBe(created.expiresAt.toISOString())
  })

  test("a deactivated user's session is not valid", async () => {
    const user = await createUser(db)
    const token = generateSessionToken()
    await createSession(testWork(db), token, user.id)
    expect(await validateSessionToken(db, token)).not.toBeNull()

    await db.updateTable('users').set({ is_active: 0 }).where('id', '=', user.id).execute()
    expect(await validateSessionToken(db, token)).toBeNull()
  })

  test('invalidateUserSessions ends the other sessions and keeps the given one', async () => {
    const user = await createUser(db)
    const other = await createUser(db)
    const [keep, drop1, drop2, otherToken] = [generateSessionToken(), generateSessionToken(), generateSessionToken(), generateSessionToken()]
    const kept = await createSession(testWork(db), keep, user.id)
    await createSession(testWork(db), drop1, user.id)
    await createSession(testWork(db), drop2, user.id)
    await createSession(testWork(db), otherToken, other.id)

    await invalidateUserSessions(testWork(db), user.id, kept.id)

    const left = await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()
    expect(left.map((r) => r.id)).toEqual([kept.id])
    expect(await validateSessionToken(db, keep)).not.toBeNull()
    expect(await validateSessionToken(db, drop1)).toBeNull()
    expect(await validateSessionToken(db, drop2)).toBeNull()
    // Another user's session is untouched.
    expect(await validateSessionToken(db, otherToken)).not.toBeNull()

    await invalidateUserSessions(testWork(db), user.id)
    expect(await validateSessionToken(db, keep)).toBeNull()
  })
})
