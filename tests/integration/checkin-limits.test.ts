import { afterEach, describe, expect, test } from 'vitest'
import { newId } from '#db/ids.server.ts'
import { MINUTE, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { checkinLimit, codeLookupLimit, recordCheckinAttempt, recordCodeLookup } from '#app/modules/parents/checkin-limits.server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The longer windows of the check-in limits (ADR 019), on a real database with
// the app clock moved forward: what one address may do over a day.

const db = createTestDb()

afterEach(() => setClockOffset(0))

let addresses = 0
const freshAddress = () => `192.0.2.${++addresses}`

describe('check-ins from one address', () => {
  test('stop at 300 in 10 minutes across sessions, and at 1,000 in a day however spread', async () => {
    const address = freshAddress()
    for (let i = 0; i < 300; i++) await recordCheckinAttempt(testWork(db, { clientIp: address }), `session-${i % 30}`)
    expect(await checkinLimit(testWork(db, { clientIp: address }), 'another-session')).toMatchObject({ reason: 'address' })

    for (let step = 1; step <= 3; step++) {
      setClockOffset(step * 11 * MINUTE)
      expect(await checkinLimit(testWork(db, { clientIp: address }), 'another-session')).toBeNull()
      for (let i = 0; i < (step === 3 ? 100 : 300); i++) await recordCheckinAttempt(testWork(db, { clientIp: address }), newId())
    }
    setClockOffset(44 * MINUTE)
    const limit = await checkinLimit(testWork(db, { clientIp: address }), 'another-session')
    expect(limit?.reason).toBe('address')
    expect(limit!.retryAfterMinutes).toBeGreaterThan(23 * 60)
    expect(await checkinLimit(testWork(db, { clientIp: freshAddress() }), 'another-session')).toBeNull()
  })
})

describe('unknown codes from one address', () => {
  test('stop at 10 in 10 minutes and at 50 in a day; codes that exist do not count', async () => {
    const address = freshAddress()
    for (let i = 0; i < 30; i++) await recordCodeLookup(testWork(db, { clientIp: address }), { kind: 'post', found: true })
    expect(await codeLookupLimit(testWork(db, { clientIp: address }), 'post')).toBeNull()
    for (let step = 0; step < 5; step++) {
      setClockOffset(step * 11 * MINUTE)
      expect(await codeLookupLimit(testWork(db, { clientIp: address }), 'post')).toBeNull()
      for (let i = 0; i < 10; i++) await recordCodeLookup(testWork(db, { clientIp: address }), { kind: 'post', found: false })
      expect(await codeLookupLimit(testWork(db, { clientIp: address }), 'post')).toMatchObject({ reason: 'address' })
    }
    setClockOffset(60 * MINUTE)
    expect((await codeLookupLimit(testWork(db, { clientIp: address }), 'post'))!.retryAfterMinutes).toBeGreaterThan(22 * 60)
    await db.deleteFrom('rate_limit_events').where('bucket', '=', 'checkin:miss:site').execute()
  })
})
