import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { localIsoDate } from '#app/i18n/format.ts'
import { DAY, now, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { metricTotal } from '#app/modules/metrics/rollups.server.ts'
import { checkIn } from '#app/modules/parents/checkins.server.ts'
import { updateCentre } from '#app/modules/parents/centres.server.ts'
import { confirmDistinct, parentLessonChoices, recordSession, type SessionInput } from '#app/modules/parents/sessions.server.ts'
import { loadAuthUser } from '#app/modules/auth/session.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// Sessions at a school's parent centre on a real SQLite copy: what is refused,
// what is flagged, what a resend does, and how the attendance metric moves.

const db = createTestDb()
const SCHOOL = 'sch-kz75-2'
let lessonKey: string
let coordinator: string
const today = () => localIsoDate(now())
const attendance = () => metricTotal(db, 'parent_attendances', { from: '2024-01-01', to: '2030-12-31' })

function session(overrides: Partial<SessionInput> = {}): SessionInput {
  return {
    courseId: 'family-support',
    lessonKey,
    heldOn: today(),
    facilitator: 'Әсем Нұрланқызы',
    headCount: 25,
    notes: null,
    clientKey: undefined,
    ...overrides,
  }
}

beforeAll(async () => {
  lessonKey = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === 'family-support')!.lessons[0]!.key
  coordinator = (await createUser(db, { roles: ['coordinator'], schoolId: SCHOOL })).id
})
afterEach(() => setClockOffset(0))

describe('recording a session', () => {
  test('each bad value is refused with its reason and nothing is written', async () => {
    const before = await attendance()
    const cases: [Partial<SessionInput>, string, string][] = [
      [{ heldOn: localIsoDate(new Date(now().getTime() + DAY)) }, 'heldOn', 'parents.error.future'],
      [{ heldOn: '2023-05-01' }, 'heldOn', 'parents.error.beforeCentre'],
      [{ headCount: 301 }, 'headCount', 'parents.error.overCapacity'],
      [{ lessonKey: 'nowhere/nothing' }, 'lessonKey', 'parents.error.lesson'],
      [{ courseId: 'bullying-prevention' }, 'lessonKey', 'parents.error.lesson'],
    ]
    for (const [change, field, key] of cases) {
      const result = await recordSession(testWork(db, { actorId: coordinator }), { schoolId: SCHOOL, session: session(change), source: 'form' })
      expect(result, JSON.stringify(change)).toMatchObject({ ok: false, error: { fieldErrors: { [field]: [key] } } })
    }
    expect(await db.selectFrom('parent_sessions').select('id').where('school_id', '=', SCHOOL).execute()).toEqual([])
    expect(await attendance()).toBe(before)
  })

  test('a session counts its head count once; the same lesson that day again is flagged and not counted until confirmed as a separate group', async () => {
    const before = await attendance()
    const first = await recordSession(testWork(db, { actorId: coordinator }), { schoolId: SCHOOL, session: session({ heldOn: '2026-03-10' }), source: 'form' })
    if (!first.ok) throw new Error(JSON.stringify(first))
    expect(first.value.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/)
    expect(await attendance()).toBe(before + 25)
    const again = await recordSession(testWork(db, { actorId: coordinator }), {
      schoolId: SCHOOL,
      session: session({ heldOn: '2026-03-10', headCount: 18 }),
      source: 'form',
    })
    expect(again).toMatchObject({ ok: true, value: { created: true, duplicateOf: first.value.sessionId } })
    expect(await attendance()).toBe(before + 25)
    if (!again.ok) return
    expect(await confirmDistinct(testWork(db, { actorId: coordinator }), again.value.sessionId)).toBe(true)
    expect(await confirmDistinct(testWork(db, { actorId: coordinator }), again.value.sessionId)).toBe(false)
    expect(await attendance()).toBe(before + 43)
    const rollup = await db
      .selectFrom('metric_rollups')
      .selectAll()
      .where('metric', '=', 'parent_attendances')
      .where('day', '=', '2026-03-10')
      .executeTakeFirstOrThrow()
    expect(rollup).toMatchObject({ region_code: 'KZ-75', course_id: 'family-support', value: 43 })
  })

  test('a resend with the same client key returns the session already recorded', async () => {
    const before = await attendance()
    const input = { schoolId: SCHOOL, session: session({ heldOn: '2026-04-02', clientKey: 'phone-queue-0001' }), source: 'offline' as const }
    const work = testWork(db, { actorId: coordinator })
    const a = await recordSession(work, input)
    const b = await recordSession(work, input)
    expect(a).toMatchObject({ ok: true, value: { created: true } })
    expect(b).toMatchObject({ ok: true, value: { created: false, sessionId: a.ok ? a.value.sessionId : '' } })
    expect(await attendance()).toBe(before + 25)
    // Another school cannot claim that key.
    expect(await recordSession(work, { ...input, schoolId: 'sch-kz75-1' })).toMatchObject({
      ok: false,
      error: { fieldErrors: { form: ['parents.error.clientKey'] } },
    })
  })

  test("a regional admin sets a centre's capacity and opening date; a coordinator cannot", async () => {
    const admin = (await loadAuthUser(db, (await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })).id))!
    const coord = (await loadAuthUser(db, coordinator))!
    expect(await updateCentre(testWork(db, { actorId: coord.id }), coord, SCHOOL, { capacity: 10, openedOn: '2025-01-01' })).toEqual({
      ok: false,
      error: 'forbidden',
    })
    expect(await updateCentre(testWork(db, { actorId: admin.id }), admin, 'sch-kz11-1', { capacity: 10, openedOn: '2025-01-01' })).toEqual({
      ok: false,
      error: 'forbidden',
    })
    expect(await updateCentre(testWork(db, { actorId: admin.id }), admin, SCHOOL, { capacity: 20, openedOn: '2025-09-01' })).toMatchObject({
      ok: true,
      value: { capacity: 20, opened_on: '2025-09-01' },
    })
    expect(
      await recordSession(testWork(db, { actorId: coordinator }), { schoolId: SCHOOL, session: session({ headCount: 21 }), source: 'form' }),
    ).toMatchObject({ ok: false, error: { fieldErrors: { headCount: ['parents.error.overCapacity'] } } })
    expect(
      await recordSession(testWork(db, { actorId: coordinator }), {
        schoolId: SCHOOL,
        session: session({ heldOn: '2025-08-31', headCount: 5 }),
        source: 'form',
      }),
    ).toMatchObject({ ok: false, error: { fieldErrors: { heldOn: ['parents.error.beforeCentre'] } } })
    await updateCentre(testWork(db, { actorId: admin.id }), admin, SCHOOL, { capacity: 300, openedOn: '2024-09-01' })
  })
})

describe('checking in', () => {
  test('anonymous and named check-ins up to the head count; an account once; unknown and expired codes refused', async () => {
    const recorded = await recordSession(testWork(db, { actorId: coordinator }), {
      schoolId: SCHOOL,
      session: session({ heldOn: today(), headCount: 3, lessonKey }),
      source: 'form',
    })
    if (!recorded.ok) throw new Error(JSON.stringify(recorded))
    const parent = await createUser(db, { roles: ['parent'] })
    const spaced = `${recorded.value.code.slice(0, 3).toLowerCase()} ${recorded.value.code.slice(3)}`
    expect(await checkIn(testWork(db, { actorId: null }), { code: spaced, name: null, phone: null })).toMatchObject({ ok: true })
    expect(await checkIn(testWork(db, { actorId: parent.id }), { code: recorded.value.code, name: null, phone: null })).toMatchObject({ ok: true })
    expect(await checkIn(testWork(db, { actorId: parent.id }), { code: recorded.value.code, name: null, phone: null })).toEqual({
      ok: false,
      error: 'parents.checkin.error.already',
    })
    expect(await checkIn(testWork(db, { actorId: null }), { code: recorded.value.code, name: 'Гүлмира', phone: '+7 701 000 00 00' })).toMatchObject({
      ok: true,
    })
    expect(await checkIn(testWork(db, { actorId: null }), { code: recorded.value.code, name: null, phone: null })).toEqual({
      ok: false,
      error: 'parents.checkin.error.full',
    })
    expect(await checkIn(testWork(db, { actorId: null }), { code: 'ZZZZZZ', name: null, phone: null })).toEqual({
      ok: false,
      error: 'parents.checkin.error.unknown',
    })
    setClockOffset(3 * DAY)
    expect(await checkIn(testWork(db, { actorId: null }), { code: recorded.value.code, name: null, phone: null })).toEqual({
      ok: false,
      error: 'parents.checkin.error.expired',
    })
  })
})
