import os from 'node:os'
import { describe, expect, test } from 'vitest'
import { HASH_THREAD_NICE } from '#app/modules/auth/hash-options.ts'
import { hashPassword, hashThreadNiceness, verifyPassword } from '#app/modules/auth/password.server.ts'

// argon2id on the hash threads (hash-worker.server.ts): the same hashes as
// ever, a wrong password or an unreadable hash refused, many at once all
// answered, and the threads below the server's priority where the system
// lets a thread have its own.

describe('password hashing on threads of its own', () => {
  test('a hash verifies its password and no other; an unreadable hash verifies nothing', async () => {
    const hash = await hashPassword('Сенімді-құпиясөз-2026')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(hash, 'Сенімді-құпиясөз-2026')).toBe(true)
    expect(await verifyPassword(hash, 'сенімді-құпиясөз-2026')).toBe(false)
    expect(await verifyPassword('not a hash', 'Сенімді-құпиясөз-2026')).toBe(false)
  })

  test('twelve logins at once: each answered for its own password, in any order', async () => {
    const passwords = Array.from({ length: 6 }, (_, i) => `құпия-${i}-сөз`)
    const hashes = await Promise.all(passwords.map((p) => hashPassword(p)))
    expect(new Set(hashes).size).toBe(6)
    const checks = await Promise.all(hashes.flatMap((hash, i) => [verifyPassword(hash, passwords[i]!), verifyPassword(hash, passwords[(i + 1) % 6]!)]))
    expect(checks).toEqual(hashes.flatMap(() => [true, false]))
  })

  test('a hash thread runs below the server thread’s priority (Linux)', async () => {
    const nice = await hashThreadNiceness()
    if (os.platform() !== 'linux') {
      expect(nice === null || nice >= 0).toBe(true)
      return
    }
    // Lowered to HASH_THREAD_NICE, or left at the process's own when that is lower already.
    expect(nice).toBe(Math.max(HASH_THREAD_NICE, os.getPriority()))
  })
})
