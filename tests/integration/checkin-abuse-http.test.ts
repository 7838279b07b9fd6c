import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { parentLessonChoices, recordSession } from '#app/modules/parents/sessions.server.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// Abuse of the public check-in (security review, finding 10) over real HTTP:
// one address filling a session, the same parent checking in twice (however
// the phone is typed, or at the same moment), the feedback tickets that
// follow, and guessing codes at /c/<code>. The server trusts a proxy, so each
// test comes from addresses of its own (X-Forwarded-For).

const SERIES = 'family-support'
const SCHOOL = 'sch-kz75-1'
const LIMITED = /Бұл желіден тым көп тіркелу жасалды\. \d+ минуттан кейін/
const ALREADY = 'Сіз бұл сабаққа тіркеліп қойғансыз.'
const THANKS = 'Рақмет! Сіз тіркелдіңіз'

let server: RunningServer
let db: Database
let lessonKey: string

let addresses = 0
const freshAddress = () => `198.51.100.${++addresses}`

function get(path: string, address: string) {
  return fetch(server.url + path, { redirect: 'manual', headers: { 'X-Forwarded-For': address } })
}

function post(path: string, fields: Record<string, string>, address: string) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, 'X-Forwarded-For': address },
    body: new URLSearchParams(fields).toString(),
  })
}

const checkIn = (code: string, address: string, fields: { name?: string; phone?: string } = {}) =>
  post(`/c/${code}`, { intent: 'checkin', name: fields.name ?? '', phone: fields.phone ?? '' }, address)

async function newSession(headCount: number): Promise<{ id: string; code: string }> {
  const result = await recordSession(testWork(db, { actorId: null }), {
    schoolId: SCHOOL,
    session: { courseId: SERIES, lessonKey, heldOn: localIsoDate(now()), facilitator: 'Айгүл Серікова', headCount, notes: null, clientKey: undefined },
    source: 'form',
  })
  if (!result.ok) throw new Error(JSON.stringify(result.error.fieldErrors))
  return { id: result.value.sessionId, code: result.value.code }
}

const checkins = (sessionId: string) => db.selectFrom('parent_checkins').selectAll().where('session_id', '=', sessionId).orderBy('created_at').execute()
const ticketCount = async () =>
  Number(
    (
      await db
        .selectFrom('feedback_tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

/** A code of the check-in alphabet that no session has. */
async function unknownCode(): Promise<string> {
  for (;;) {
    const code = newId()
      .toUpperCase()
      .replace(/[01ILO]/g, 'Z')
      .slice(0, 6)
    if (!(await db.selectFrom('parent_sessions').select('id').where('code', '=', code).executeTakeFirst())) return code
  }
}

beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: 'true' })
  db = openDatabase(server.dbFile)
  const series = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === SERIES)
  lessonKey = series!.lessons[0]!.key
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('one address and one session', () => {
  test('a burst of anonymous check-ins from one address stops at 10 a minute with a translated 429; the session is not filled; another address goes on', async () => {
    const session = await newSession(20)
    const address = freshAddress()
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) {
      const res = await checkIn(session.code, address)
      statuses.push(res.status)
      if (res.status === 429) {
        expect(await res.text()).toMatch(LIMITED)
        expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0)
      } else await res.body?.cancel()
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10)
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true)
    expect(await checkins(session.id)).toHaveLength(10)
    expect((await checkIn(session.code, freshAddress())).status).toBe(200)
    expect(await checkins(session.id)).toHaveLength(11)
  })
})

describe('one parent, one check-in', () => {
  test('the same phone typed three ways checks in once, is answered kindly and gets one feedback ticket', async () => {
    const session = await newSession(20)
    const tickets = await ticketCount()
    const first = await checkIn(session.code, freshAddress(), { name: 'Гүлнар', phone: '+7 701 123-45-67' })
    expect(first.status).toBe(200)
    expect(await first.text()).toContain(THANKS)
    for (const phone of ['87011234567', '8 (701) 123 45 67', '+77011234567']) {
      const again = await checkIn(session.code, freshAddress(), { name: 'Гүлнар Серікқызы', phone })
      expect(again.status).toBe(409)
      const html = await again.text()
      expect(html).toContain(ALREADY)
      expect(html).not.toContain('name="ticket"')
    }
    const rows = await checkins(session.id)
    expect(rows.map((r) => r.phone)).toEqual(['+7 701 123-45-67'])
    expect(await ticketCount()).toBe(tickets + 1)
  })

  test('without a phone, the same name (any case or spacing) checks in once; a namesake who gives a phone is a new check-in', async () => {
    const session = await newSession(20)
    expect((await checkIn(session.code, freshAddress(), { name: 'Гүлнар Серікқызы' })).status).toBe(200)
    const again = await checkIn(session.code, freshAddress(), { name: '  гүлнар   СЕРІКҚЫЗЫ ' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain(ALREADY)
    expect((await checkIn(session.code, freshAddress(), { name: 'Гүлнар Серікқызы', phone: '8 702 555 44 33' })).status).toBe(200)
    expect((await checkins(session.id)).map((r) => r.name)).toEqual(['Гүлнар Серікқызы', 'Гүлнар Серікқызы'])
  })

  test('eight simultaneous check-ins with one phone count once and issue one ticket', async () => {
    const session = await newSession(20)
    const tickets = await ticketCount()
    const phones = [
      '+7 701 987 65 43',
      '87019876543',
      '8(701)9876543',
      '+7-701-987-65-43',
      '7 701 987 6543',
      '+77019876543',
      '8 701 987-65-43',
      '(8701) 987 65 43',
    ]
    const responses = await Promise.all(phones.map((phone) => checkIn(session.code, freshAddress(), { phone })))
    const statuses = await Promise.all(responses.map(async (r) => ({ status: r.status, thanks: (await r.text()).includes(THANKS) })))
    expect(statuses.filter((s) => s.status === 200 && s.thanks)).toHaveLength(1)
    expect(statuses.filter((s) => s.status === 409)).toHaveLength(7)
    expect(await checkins(session.id)).toHaveLength(1)
    expect(await ticketCount()).toBe(tickets + 1)
  })

  test('the database itself refuses a second check-in of the same parent to a session', async () => {
    const session = await newSession(20)
    expect((await checkIn(session.code, freshAddress(), { phone: '8 705 111 22 33' })).status).toBe(200)
    const [row] = await checkins(session.id)
    await expect(
      db
        .insertInto('parent_checkins')
        .values({ id: newId(), session_id: session.id, user_id: null, name: null, phone: '87051112233', parent_key: row!.parent_key, created_at: nowIso() })
        .execute(),
    ).rejects.toThrow(/UNIQUE|duplicate/i)
  })
})

describe('guessing codes', () => {
  test('an address that tries 10 unknown codes gets a translated 429 for any code, the real one too; another address still opens it', async () => {
    const session = await newSession(20)
    const address = freshAddress()
    for (let i = 0; i < 10; i++) {
      const res = await get(`/c/${await unknownCode()}`, address)
      expect(res.status).toBe(404)
      await res.body?.cancel()
    }
    const blocked = await get(`/c/${await unknownCode()}`, address)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await blocked.text()).toMatch(/Бұл желіден кодтар тым көп тексерілді\. \d+ минуттан кейін/)
    const real = await get(`/c/${session.code}`, address)
    expect(real.status).toBe(429)
    await real.body?.cancel()
    expect((await checkIn(session.code, address)).status).toBe(429)
    const typed = await get(`/c?code=${session.code}`, address)
    expect((await get(typed.headers.get('Location')!, address)).status).toBe(429)
    expect((await get(`/c/${session.code}`, freshAddress())).status).toBe(200)
  })

  test('unknown codes posted to count as guesses too (the post, and the page drawn after it)', async () => {
    const address = freshAddress()
    const statuses: number[] = []
    while (statuses.length < 11 && statuses.at(-1) !== 429) statuses.push((await checkIn(await unknownCode(), address)).status)
    expect(statuses.at(-1)).toBe(429)
    expect(statuses.slice(0, -1).every((s) => s === 404)).toBe(true)
    expect(statuses.length).toBeGreaterThan(5)
  })

  test('one address reads a code page at most 120 times a minute', async () => {
    const session = await newSession(20)
    const address = freshAddress()
    const statuses: number[] = []
    for (let i = 0; i < 121; i++) {
      const res = await get(`/c/${session.code}`, address)
      statuses.push(res.status)
      await res.body?.cancel()
    }
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true)
    expect(statuses[120]).toBe(429)
  })

  test('when the whole site has had 600 unknown codes in an hour, code lookups pause for everyone', async () => {
    const session = await newSession(20)
    const at = nowIso()
    const rows = Array.from({ length: 600 }, () => ({ id: newId(), bucket: 'checkin:miss:site', key: '*', at }))
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('rate_limit_events')
        .values(rows.slice(i, i + 200))
        .execute()
    try {
      const res = await get(`/c/${session.code}`, freshAddress())
      expect(res.status).toBe(429)
      expect(await res.text()).toMatch(/Кодтарды тексеру уақытша тоқтатылды\. \d+ минуттан кейін/)
    } finally {
      await db.deleteFrom('rate_limit_events').where('bucket', '=', 'checkin:miss:site').execute()
    }
    expect((await get(`/c/${session.code}`, freshAddress())).status).toBe(200)
  })
})
