import { beforeEach, describe, expect, test, vi } from 'vitest'
import * as passwords from '#app/modules/auth/password.server.ts'
import { authenticate } from '#app/modules/auth/users.server.ts'
import { newId } from '#db/ids.server.ts'
import { createUser, TEST_PASSWORD } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// Finding 12: how long a login takes must not tell which accounts exist or
// have never been activated. Tests never assert timings; they assert the work:
// every path through authenticate() runs exactly one argon2 verification.
// The spy wraps the real verification (on the hash threads), so each one
// still runs in full, against an argon2id hash.

vi.mock('#app/modules/auth/password.server.ts', async (importOriginal) => {
  const real = await importOriginal<typeof passwords>()
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) }
})

const db = createTestDb()
const verify = vi.mocked(passwords.verifyPassword)

let addresses = 0
const address = () => `192.0.2.${++addresses}`

beforeEach(() => {
  verify.mockClear()
})

describe('every login runs one argon2 verification', () => {
  test('an imported account that never set its password (the invitation not yet used)', async () => {
    const user = await createUser(db)
    await db
      .updateTable('users')
      .set({ password_hash: `!invited:${newId()}` })
      .where('id', '=', user.id)
      .execute()
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).toEqual({ ok: false, error: { reason: 'invalid' } })
    expect(verify).toHaveBeenCalledTimes(1)
    expect(String(verify.mock.calls[0]![0])).toMatch(/^\$argon2id\$/)
  })

  test('an unknown login', async () => {
    expect(await authenticate(testWork(db, { clientIp: address() }), `nobody-${newId()}@test.orken.kz`, TEST_PASSWORD)).toEqual({
      ok: false,
      error: { reason: 'invalid' },
    })
    expect(verify).toHaveBeenCalledTimes(1)
  })

  test('a known account with a wrong password, and with the right one', async () => {
    const user = await createUser(db)
    expect(await authenticate(testWork(db, { clientIp: address() }), user.email, 'a-wrong-password')).toEqual({ ok: false, error: { reason: 'invalid' } })
    expect(verify).toHaveBeenCalledTimes(1)
    expect((await authenticate(testWork(db, { clientIp: address() }), user.email, TEST_PASSWORD)).ok).toBe(true)
    expect(verify).toHaveBeenCalledTimes(2)
  })
})
