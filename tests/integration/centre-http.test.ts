import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { DAY, now } from '#app/modules/clock/clock.server.ts'
import { metricTotal } from '#app/modules/metrics/rollups.server.ts'
import { parentLessonChoices } from '#app/modules/parents/sessions.server.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// A school's parent centre over real HTTP against the built server, with the
// plain form posts a phone without JavaScript sends: recording a session (and
// the attendance metric it moves), each bad value refused in Kazakh with
// nothing written, a repeat flagged and then counted as a separate group,
// another school's centre refused, and the offline queue's sync route
// recording a resent session once.

const SCHOOL = 'sch-kz75-1'
const OTHER_SCHOOL = 'sch-kz75-2'

let server: RunningServer
let db: Database
let coordinator: FixtureUser
let teacher: FixtureUser
let lessons: string[]
const login = sessionLogin(() => server)
const today = () => localIsoDate(now())
const attendance = () => metricTotal(db, 'parent_attendances', { from: '2020-01-01', to: '2035-12-31' })
const sessionsAt = (school: string) => db.selectFrom('parent_sessions').selectAll().where('school_id', '=', school).orderBy('created_at').execute()
let keyCounter = 0
const clientKey = () => `test-key-${Date.now()}-${++keyCounter}`

async function get(path: string, user: FixtureUser | null) {
  return fetch(server.url + path, { redirect: 'manual', headers: user ? { Cookie: await login(user) } : {} })
}

async function post(path: string, user: FixtureUser, fields: Record<string, string>) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: await login(user) },
    body: new URLSearchParams(fields).toString(),
  })
}

async function sync(user: FixtureUser | null, body: unknown) {
  return fetch(server.url + '/centre/sessions/sync', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url, ...(user ? { Cookie: await login(user) } : {}) },
    body: JSON.stringify(body),
  })
}

/** The record form's fields as a browser posts them. */
function record(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: 'record',
    lesson: lessons[0]!,
    heldOn: today(),
    facilitator: 'Әсем Нұрланқызы',
    headCount: '25',
    notes: '',
    clientKey: clientKey(),
    ...overrides,
  }
}

const FORM = `/centre?index&school=${SCHOOL}`

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  coordinator = await createUser(db, { roles: ['coordinator'], schoolId: SCHOOL })
  teacher = await createUser(db, { roles: ['teacher'] })
  const series = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === 'family-support')!
  lessons = series.lessons.map((l) => `family-support/${l.key}`)
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('who may open a centre', () => {
  test("a coordinator opens their school's centre; another school's is 403, a teacher gets 403, a visitor the login page", async () => {
    const page = await get('/centre', coordinator)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Ата-аналарды педагогикалық қолдау орталығы')
    expect(html).toContain('Сыйымдылығы: 300 адам')
    expect(html).toMatch(/name="clientKey" value="[0-9a-f]{32}"/)
    expect((await get(`/centre?school=${SCHOOL}`, coordinator)).status).toBe(200)
    expect((await get(`/centre?school=${OTHER_SCHOOL}`, coordinator)).status).toBe(403)
    expect((await get('/centre', teacher)).status).toBe(403)
    const anonymous = await get('/centre', null)
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toContain('/login?redirectTo=')
  })

  test("a regional admin picks among their region's schools only; an admin opens any school's centre", async () => {
    const regional = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
    const picker = await (await get('/centre', regional)).text()
    expect(picker).toContain('Орталығын ашатын мектепті таңдаңыз.')
    expect(picker).toContain(`value="${OTHER_SCHOOL}"`)
    expect(picker).not.toContain('value="sch-kz10-1"')
    expect(picker).not.toContain('name="facilitator"')
    expect((await get(`/centre?school=${OTHER_SCHOOL}`, regional)).status).toBe(200)
    expect((await get('/centre?school=sch-kz10-1', regional)).status).toBe(403)
    expect((await post('/centre?index&school=sch-kz10-1', regional, record())).status).toBe(403)

    const admin = await createUser(db, { roles: ['admin'] })
    const page = await (await get('/centre?school=sch-kz10-1', admin)).text()
    expect(page).toContain('name="facilitator"')
    expect(page).toContain('Семей қаласының № 3 жалпы білім беретін мектебі')
    expect((await get('/centre?school=no-such-school', admin)).status).toBe(404)
  })
})

describe('recording with a plain form', () => {
  test('a session is recorded, moves the attendance metric by its head count and its page shows the check-in code and QR code', async () => {
    const before = await attendance()
    const res = await post(FORM, coordinator, record({ headCount: '25', notes: 'Ата-аналар белсенді болды.' }))
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/centre\/sessions\/[^/?]+\?recorded=1$/)
    const id = location.split('/')[3]!.split('?')[0]!
    const row = await db.selectFrom('parent_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      school_id: SCHOOL,
      head_count: 25,
      counted: 1,
      duplicate_of: null,
      source: 'form',
      recorded_by: coordinator.id,
      held_on: today(),
    })
    expect(await attendance()).toBe(before + 25)

    const page = await get(location, coordinator)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Сабақ жазылды.')
    expect(html).toContain(row.code)
    expect(html).toContain(`/c/${row.code}`)
    expect(html).toMatch(/role="img" aria-label="Тіркелу сілтемесінің QR коды: [^"]*\/c\/[A-Z0-9]{6}"><svg/)
    expect(html).toContain('25 ата-ананың 0 тіркелді (0%).')
    // Another school's coordinator may not open it.
    const stranger = await createUser(db, { roles: ['coordinator'], schoolId: OTHER_SCHOOL })
    expect((await get(location, stranger)).status).toBe(403)
  })

  test('each bad value is refused with its message in Kazakh and nothing is written', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ heldOn: localIsoDate(new Date(now().getTime() + DAY)) }, translate('kk', 'parents.error.future')],
      [{ heldOn: '2024-08-31' }, translate('kk', 'parents.error.beforeCentre', { openedOn: '2024 ж. 1 қыркүйек' })],
      [{ headCount: '0' }, translate('kk', 'parents.error.headCountMin')],
      [{ headCount: '-4' }, translate('kk', 'parents.error.headCountMin')],
      [{ headCount: '301' }, translate('kk', 'parents.error.overCapacity', { capacity: 300 })],
      [{ lesson: 'family-support/nowhere/nothing' }, translate('kk', 'parents.error.lesson')],
      [{ facilitator: '' }, translate('kk', 'parents.error.facilitator')],
    ]
    const rowsBefore = (await sessionsAt(SCHOOL)).length
    const before = await attendance()
    for (const [change, message] of cases) {
      const res = await post(FORM, coordinator, record(change))
      expect(res.status, JSON.stringify(change)).toBe(400)
      const html = await res.text()
      expect(html, JSON.stringify(change)).toContain(message)
      // The form comes back with what was typed.
      if (!('facilitator' in change)) expect(html).toContain('value="Әсем Нұрланқызы"')
    }
    expect((await sessionsAt(SCHOOL)).length).toBe(rowsBefore)
    expect(await attendance()).toBe(before)
  })

  test('the same lesson on the same day again is flagged and not counted; "it was a separate group" makes it count', async () => {
    const heldOn = '2025-10-15'
    const before = await attendance()
    const first = await post(FORM, coordinator, record({ lesson: lessons[1]!, heldOn, headCount: '20' }))
    expect(first.status).toBe(302)
    const again = await post(FORM, coordinator, record({ lesson: lessons[1]!, heldOn, headCount: '12', facilitator: 'Дана Серікқызы' }))
    expect(again.status).toBe(302)
    const [a, b] = (await sessionsAt(SCHOOL)).filter((s) => s.held_on === heldOn)
    expect(b).toMatchObject({ duplicate_of: a!.id, counted: 0 })
    expect(await attendance()).toBe(before + 20)
    expect(await (await get(again.headers.get('location')!, coordinator)).text()).toContain('қайталау деп белгіленді')

    const centre = await (await get('/centre', coordinator)).text()
    expect(centre).toContain('Қайталау деп белгіленді')
    expect(centre).toContain('Бұл бөлек топ болды')

    // Another school's coordinator cannot confirm it.
    const stranger = await createUser(db, { roles: ['coordinator'], schoolId: OTHER_SCHOOL })
    expect((await post(`/centre?index&school=${OTHER_SCHOOL}`, stranger, { intent: 'separate-group', sessionId: b!.id })).status).toBe(404)
    expect((await post(FORM, stranger, { intent: 'separate-group', sessionId: b!.id })).status).toBe(403)
    expect(await attendance()).toBe(before + 20)

    const confirmed = await post(FORM, coordinator, { intent: 'separate-group', sessionId: b!.id })
    expect(confirmed.status).toBe(302)
    expect(confirmed.headers.get('location')).toBe(`/centre?school=${SCHOOL}`)
    expect(await db.selectFrom('parent_sessions').select(['counted', 'duplicate_of']).where('id', '=', b!.id).executeTakeFirstOrThrow()).toEqual({
      counted: 1,
      duplicate_of: null,
    })
    expect(await attendance()).toBe(before + 32)
  })

  test('a form posted twice (same client key) makes one session', async () => {
    const fields = record({ lesson: lessons[2]!, heldOn: '2025-11-03' })
    const first = await post(FORM, coordinator, fields)
    const second = await post(FORM, coordinator, fields)
    expect(first.status).toBe(302)
    expect(second.headers.get('location')).toBe(first.headers.get('location'))
    expect((await sessionsAt(SCHOOL)).filter((s) => s.client_key === fields.clientKey)).toHaveLength(1)
  })

  test('a coordinator posting for another school gets 403 and nothing is written', async () => {
    const before = await attendance()
    const res = await post(`/centre?index&school=${OTHER_SCHOOL}`, coordinator, record())
    expect(res.status).toBe(403)
    expect(await sessionsAt(OTHER_SCHOOL)).toEqual([])
    expect(await attendance()).toBe(before)
  })
})

describe("the offline queue's sync route", () => {
  test('the same records sent twice make one session each; a bad one is refused with its reason', async () => {
    const before = await attendance()
    const good = { ...record({ lesson: lessons[3]!, heldOn: '2025-12-01', headCount: '9' }) }
    const bad = { ...record({ headCount: '301' }) }
    const body = { school: SCHOOL, sessions: [good, bad] }
    const first = await sync(coordinator, body)
    expect(first.status).toBe(200)
    const answer = (await first.json()) as { results: { clientKey: string; ok: boolean; sessionId?: string }[] }
    expect(answer.results[0]).toMatchObject({ clientKey: good.clientKey, ok: true })
    expect(answer.results[1]).toEqual({
      clientKey: bad.clientKey,
      ok: false,
      fieldErrors: { headCount: ['parents.error.overCapacity'] },
      params: { capacity: 300, openedOn: '2024-09-01' },
    })

    const second = await sync(coordinator, body)
    const again = (await second.json()) as { results: { clientKey: string; ok: boolean; sessionId?: string }[] }
    expect(again.results[0]).toMatchObject({ ok: true, sessionId: answer.results[0]!.sessionId })
    const rows = (await sessionsAt(SCHOOL)).filter((s) => s.client_key === good.clientKey)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ source: 'offline', head_count: 9, recorded_by: coordinator.id })
    expect((await sessionsAt(SCHOOL)).filter((s) => s.client_key === bad.clientKey)).toEqual([])
    expect(await attendance()).toBe(before + 9)
  })

  test('a record without a client key, another school, a visitor and a malformed body are refused', async () => {
    const noKey = await sync(coordinator, { school: SCHOOL, sessions: [record({ clientKey: '' })] })
    expect(((await noKey.json()) as { results: unknown[] }).results[0]).toMatchObject({ ok: false, fieldErrors: { clientKey: ['parents.error.clientKey'] } })
    expect((await sync(coordinator, { school: OTHER_SCHOOL, sessions: [record()] })).status).toBe(403)
    expect((await sync(null, { school: SCHOOL, sessions: [record()] })).status).toBe(401)
    expect((await sync(coordinator, { school: SCHOOL, sessions: 'nope' })).status).toBe(400)
    expect(await sessionsAt(OTHER_SCHOOL)).toEqual([])
  })
})
