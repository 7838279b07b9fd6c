import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { Role } from '#db/schema.ts'
import { adminOverview } from '#app/modules/admin/overview.server.ts'
import { grantRole, setUserActive } from '#app/modules/admin/users.server.ts'
import { DAY, MINUTE, now, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { ROLES } from '#app/modules/auth/roles.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The head counts on the admin front page, against the same counts taken the
// plain way (every active account joined to its roles, in JavaScript): a
// deactivated account is not counted, a person with one role in two regions
// counts once, a regional view counts its region's accounts only.

const db = createTestDb()
let admin: FixtureUser

/** The counts as their definition says: distinct active accounts per role, in `regions` if given, and accounts created in the 7 days up to this minute's start. */
async function expected(regions: string[] | null) {
  const users = await db.selectFrom('users').select(['id', 'is_active', 'region_code', 'created_at']).execute()
  const roles = await db.selectFrom('user_roles').select(['user_id', 'role']).execute()
  const inScope = (u: (typeof users)[number]) => regions === null || regions.includes(u.region_code ?? '')
  const active = new Set(users.filter((u) => u.is_active === 1 && inScope(u)).map((u) => u.id))
  const roleCounts = ROLES.map((role: Role) => ({
    role,
    count: new Set(roles.filter((r) => r.role === role && active.has(r.user_id)).map((r) => r.user_id)).size,
  }))
  const since = new Date(Math.floor(now().getTime() / MINUTE) * MINUTE - 7 * DAY).toISOString()
  const newUsers7d = users.filter((u) => inScope(u) && u.created_at >= since).length
  return { roleCounts, newUsers7d }
}

beforeAll(async () => {
  admin = await createUser(db, { roles: ['admin'] })
  await createUser(db, { roles: ['teacher'], regionCode: 'KZ-75' })
  await createUser(db, { roles: ['teacher'], regionCode: 'KZ-71', schoolId: 'sch-kz71-1' })
  await createUser(db, { roles: ['teacher', 'trainer'], regionCode: 'KZ-75' })
  // One person, regional admin of two regions: two grants, one person.
  const twoRegions = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
  const granted = await grantRole(testWork(db, { actorId: admin.id, clientIp: null }), { userId: twoRegions.id, role: 'regional_admin', regionCode: 'KZ-71' })
  expect(granted.ok).toBe(true)
  // Deactivated: counted nowhere.
  const gone = await createUser(db, { roles: ['teacher', 'trainer'], regionCode: 'KZ-75' })
  await setUserActive(testWork(db, { actorId: admin.id, clientIp: null }), gone.id, false)
  // Registered long ago: a head, but not a new one.
  const old = await createUser(db, { roles: ['teacher'], regionCode: 'KZ-75' })
  await db
    .updateTable('users')
    .set({ created_at: new Date(now().getTime() - 30 * DAY).toISOString() })
    .where('id', '=', old.id)
    .execute()
})

afterEach(() => setClockOffset(0))

describe('adminOverview', () => {
  test('the week’s new accounts: a new account counts on the next read, and one leaves the count when the week moves past it', async () => {
    const before = (await adminOverview(testWork(db), ['KZ-71'])).newUsers7d
    const fresh = await createUser(db, { roles: ['teacher'], regionCode: 'KZ-71', schoolId: 'sch-kz71-1' })
    expect((await adminOverview(testWork(db), ['KZ-71'])).newUsers7d).toBe(before + 1)
    // Created 6 days and 23 hours ago: in the week now, out of it two hours later.
    await db
      .updateTable('users')
      .set({ created_at: new Date(now().getTime() - 7 * DAY + 60 * MINUTE).toISOString() })
      .where('id', '=', fresh.id)
      .execute()
    expect((await adminOverview(testWork(db), ['KZ-71'])).newUsers7d).toBe((await expected(['KZ-71'])).newUsers7d)
    setClockOffset(2 * 60 * MINUTE)
    const later = await adminOverview(testWork(db), ['KZ-71'])
    expect(later.newUsers7d).toBe(before)
    expect(later.newUsers7d).toBe((await expected(['KZ-71'])).newUsers7d)
  })

  test('the whole country: distinct active accounts per role and the week’s new accounts, as counted the plain way', async () => {
    const overview = await adminOverview(testWork(db), null)
    const want = await expected(null)
    expect(overview.roleCounts).toEqual(want.roleCounts)
    expect(overview.newUsers7d).toBe(want.newUsers7d)
    expect(overview.roleCounts.find((r) => r.role === 'regional_admin')!.count).toBeGreaterThanOrEqual(1)
    expect(overview.regions).toBeNull()
    expect(overview.outbox).not.toBeNull()
  })

  test('the mail outbox: the letters waiting and those given up on, as the plain counts of every status give them', async () => {
    const statuses = ['pending', 'pending', 'sending', 'sent', 'sent', 'sent', 'failed'] as const
    await db
      .insertInto('mail_outbox')
      .values(
        statuses.map((status, i) => ({
          id: `overview-mail-${i}`,
          kind: 'test',
          user_id: null,
          to_address: `overview-${i}@example.kz`,
          subject: 'Хат',
          text_body: 'Мәтін',
          status,
          attempts: status === 'pending' ? 0 : 1,
          next_attempt_at: '2026-01-10T00:00:00.000Z',
          last_error: status === 'failed' ? 'refused' : null,
          created_at: '2026-01-10T00:00:00.000Z',
          sent_at: status === 'sent' ? '2026-01-10T00:01:00.000Z' : null,
          claimed_at: null,
        })),
      )
      .execute()
    const all = await db.selectFrom('mail_outbox').select('status').execute()
    const plain = (status: string) => all.filter((r) => r.status === status).length
    const { outbox } = await adminOverview(testWork(db), null)
    expect(outbox).toEqual({ pending: plain('pending'), failed: plain('failed') })
    expect(outbox!.pending).toBeGreaterThanOrEqual(2)
    expect(outbox!.failed).toBeGreaterThanOrEqual(1)
  })

  test('a deactivated account leaves every count; reactivated, it is back', async () => {
    const before = await adminOverview(testWork(db), null)
    const person = await createUser(db, { roles: ['teacher', 'trainer'], regionCode: 'KZ-71', schoolId: 'sch-kz71-1' })
    const count = async (role: Role) => (await adminOverview(testWork(db), null)).roleCounts.find((r) => r.role === role)!.count
    const teachers = before.roleCounts.find((r) => r.role === 'teacher')!.count
    const trainers = before.roleCounts.find((r) => r.role === 'trainer')!.count
    expect([await count('teacher'), await count('trainer')]).toEqual([teachers + 1, trainers + 1])
    await setUserActive(testWork(db, { actorId: admin.id, clientIp: null }), person.id, false)
    expect([await count('teacher'), await count('trainer')]).toEqual([teachers, trainers])
    await setUserActive(testWork(db, { actorId: admin.id, clientIp: null }), person.id, true)
    expect([await count('teacher'), await count('trainer')]).toEqual([teachers + 1, trainers + 1])
  })

  test('a region counts the accounts registered there; several regions count each person once; none counts nothing', async () => {
    for (const regions of [['KZ-75'], ['KZ-71'], ['KZ-75', 'KZ-71']]) {
      const overview = await adminOverview(testWork(db), regions)
      const want = await expected(regions)
      expect(overview.roleCounts).toEqual(want.roleCounts)
      expect(overview.newUsers7d).toBe(want.newUsers7d)
      expect(overview.regions!.map((r) => r.code).sort()).toEqual([...regions].sort())
      expect(overview.outbox).toBeNull()
    }
    const almaty = await adminOverview(testWork(db), ['KZ-75'])
    expect(almaty.roleCounts.find((r) => r.role === 'teacher')!.count).toBeGreaterThanOrEqual(2)
    const none = await adminOverview(testWork(db), [])
    expect(none.roleCounts.every((r) => r.count === 0)).toBe(true)
    expect(none.newUsers7d).toBe(0)
  })
})
