import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { DAY, now } from '#app/modules/clock/clock.server.ts'
import { getEvent, listEvents, recordEvent, type RecordEventInput } from '#app/modules/events/events.server.ts'
import { metricTotal } from '#app/modules/metrics/rollups.server.ts'
import { verifyMetrics } from '#app/modules/metrics/verify.server.ts'
import { createUser, uniqueIin, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

/** Who records or reads in a test: the work's actor and the regions they administer (null: every region). */
interface EventActor {
  userId: string
  regions: string[] | null
}

// Wellbeing events and the teachers_in_events indicator: the module against a
// real SQLite copy, then the pages over HTTP with the plain forms a browser
// without JavaScript sends.

const today = () => localIsoDate(now())
const daysFromToday = (days: number) => localIsoDate(new Date(now().getTime() + days * DAY))

async function counts(db: Database) {
  const n = async (table: 'wellbeing_events' | 'event_participants') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'event.record')
    .executeTakeFirstOrThrow()
  const metric = await metricTotal(db, 'teachers_in_events', { from: '2000-01-01', to: '2100-12-31' })
  return { events: await n('wellbeing_events'), participants: await n('event_participants'), audit: Number(audit.n), metric }
}

describe('recording wellbeing events', () => {
  const db = createTestDb()
  let admin: EventActor
  let almatyAdmin: EventActor
  let t1: FixtureUser
  let t2: FixtureUser
  let akmolaTeacher: FixtureUser
  let trainer: FixtureUser
  let retired: FixtureUser
  let akmolaEvent: string
  const input = (overrides: Partial<RecordEventInput> = {}): RecordEventInput => ({
    title: 'Балалардың құқықтары: мектептегі тәжірибе',
    kind: 'seminar',
    heldOn: '2025-03-10',
    regionCode: null,
    ...overrides,
  })
  const total = (from: string, to: string) => metricTotal(db, 'teachers_in_events', { from, to })

  beforeAll(async () => {
    admin = { userId: (await createUser(db, { roles: ['admin'] })).id, regions: null }
    almatyAdmin = { userId: (await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })).id, regions: ['KZ-75'] }
    t1 = await createUser(db, { fullName: 'Әлия Сейітова' })
    t2 = await createUser(db, { fullName: 'Бауыржан Омаров' })
    akmolaTeacher = await createUser(db, { regionCode: 'KZ-11', schoolId: 'sch-kz11-1', fullName: 'Гүлнар Жақсылықова' })
    trainer = await createUser(db, { roles: ['trainer'] })
    retired = await createUser(db)
    await db.updateTable('users').set({ is_active: 0 }).where('id', '=', retired.id).execute()
  })

  test('records an event with its teachers and an audit row; a teacher in two events counts once, on the day of the first', async () => {
    const before = await counts(db)
    const first = await recordEvent(
      testWork(db, { actorId: admin.userId, clientIp: '127.0.0.1' }),
      admin.regions,
      input({ iins: `${t1.iin}\n\n ${t2.iin} \n${t1.iin}\n` }),
    )
    expect(first).toMatchObject({ ok: true, value: { participants: 2 } })
    if (!first.ok) return
    const row = await db.selectFrom('wellbeing_events').selectAll().where('id', '=', first.value.eventId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ kind: 'seminar', held_on: '2025-03-10', region_code: null, organiser_id: admin.userId, notes: null })
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'ip', 'target_type'])
      .where('target_id', '=', first.value.eventId)
      .execute()
    expect(audit).toEqual([{ action: 'event.record', actor_user_id: admin.userId, ip: '127.0.0.1', target_type: 'wellbeing_event' }])
    expect(await total('2025-03-01', '2025-03-31')).toBe(2)

    // An uploaded list with a header row: t1 again, and a teacher from Akmola.
    const second = await recordEvent(
      testWork(db, { actorId: admin.userId }),
      admin.regions,
      input({ kind: 'training', heldOn: '2025-04-05', regionCode: 'KZ-11', iinFile: `ФИО;ИИН\nӘлия;${t1.iin}\nГүлнар;${akmolaTeacher.iin}\n` }),
    )
    expect(second).toMatchObject({ ok: true, value: { participants: 2 } })
    if (!second.ok) return
    akmolaEvent = second.value.eventId
    expect(await total('2025-03-01', '2025-03-31')).toBe(2)
    expect(await total('2025-04-01', '2025-04-30')).toBe(1)
    expect(await total('2025-03-01', '2025-04-30')).toBe(3)
    const attributed = await db.selectFrom('metric_subjects').select('day').where('metric', '=', 'teachers_in_events').where('subject_id', '=', t1.id).execute()
    expect(attributed).toEqual([{ day: '2025-03-10' }])

    // An earlier event recorded later becomes the teacher's first.
    const earlier = await recordEvent(
      testWork(db, { actorId: admin.userId }),
      admin.regions,
      input({ kind: 'webinar', heldOn: '2025-02-01', iins: akmolaTeacher.iin }),
    )
    expect(earlier.ok).toBe(true)
    expect(await total('2025-04-01', '2025-04-30')).toBe(0)
    expect(await total('2025-02-01', '2025-02-28')).toBe(1)
    expect(await total('2025-01-01', '2025-12-31')).toBe(3)
    expect(await counts(db)).toMatchObject({
      events: before.events + 3,
      participants: before.participants + 5,
      audit: before.audit + 3,
      metric: before.metric + 3,
    })
  })

  test('a bad line refuses everything, each problem with its line number, and nothing is written', async () => {
    const before = await counts(db)
    const unknown = uniqueIin()
    const fresh = await createUser(db)
    const result = await recordEvent(
      testWork(db, { actorId: admin.userId }),
      admin.regions,
      input({ heldOn: '2025-05-01', iins: [fresh.iin, '900514400127', '', unknown, '12345'].join('\n') }),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.fieldErrors.iins).toEqual([
      { key: 'support.iin.checksum', params: { line: 2, value: '900514400127' } },
      { key: 'support.iin.unknown', params: { line: 4, value: unknown } },
      { key: 'support.iin.format', params: { line: 5, value: '12345' } },
    ])
    // The file's lines are its own.
    const inFile = await recordEvent(testWork(db, { actorId: admin.userId }), admin.regions, input({ iins: fresh.iin, iinFile: `${t1.iin}\n90051440012\n` }))
    expect(inFile).toMatchObject({ ok: false, error: { fieldErrors: { iinFile: [{ key: 'support.iin.format', params: { line: 2, value: '90051440012' } }] } } })
    if (inFile.ok) return
    expect(inFile.error.fieldErrors.iins).toBeUndefined()
    expect(await counts(db)).toEqual(before)
  })

  test('only active teachers may be participants', async () => {
    const before = await counts(db)
    const result = await recordEvent(testWork(db, { actorId: admin.userId }), admin.regions, input({ iins: `${t2.iin}\n${trainer.iin}\n${retired.iin}` }))
    expect(result).toMatchObject({
      ok: false,
      error: {
        fieldErrors: {
          iins: [
            { key: 'events.iin.notTeacher', params: { line: 2, value: trainer.iin } },
            { key: 'events.iin.inactive', params: { line: 3, value: retired.iin } },
          ],
        },
      },
    })
    expect(await counts(db)).toEqual(before)
  })

  test('the event itself must be complete: a kind, a title, a date not in the future, someone who took part', async () => {
    const before = await counts(db)
    const future = await recordEvent(testWork(db, { actorId: admin.userId }), admin.regions, input({ heldOn: daysFromToday(1), iins: t1.iin }))
    expect(future).toMatchObject({ ok: false, error: { fieldErrors: { heldOn: [{ key: 'events.error.futureDate' }] } } })
    expect((await recordEvent(testWork(db, { actorId: admin.userId }), admin.regions, input({ heldOn: today(), iins: t1.iin }))).ok).toBe(true)
    const bad = await recordEvent(testWork(db, { actorId: admin.userId }), admin.regions, input({ kind: 'party', title: '  ', heldOn: '2025-02-30' }))
    expect(bad).toEqual({
      ok: false,
      error: {
        fieldErrors: { title: [{ key: 'validation.required' }], kind: [{ key: 'events.error.kind' }], heldOn: [{ key: 'validation.date' }] },
        formErrors: [{ key: 'events.error.noParticipants' }],
      },
    })
    const nowhere = await recordEvent(testWork(db, { actorId: admin.userId }), admin.regions, input({ regionCode: 'KZ-99', iins: t1.iin }))
    expect(nowhere).toMatchObject({ ok: false, error: { fieldErrors: { regionCode: [{ key: 'events.error.noSuchRegion' }] } } })
    expect(await counts(db)).toMatchObject({ events: before.events + 1 })
  })

  test('a regional admin records in their region, with their region’s teachers, and sees only their region’s events', async () => {
    const before = await counts(db)
    const elsewhere = await recordEvent(testWork(db, { actorId: almatyAdmin.userId }), almatyAdmin.regions, input({ regionCode: 'KZ-11', iins: t1.iin }))
    expect(elsewhere).toMatchObject({ ok: false, error: { fieldErrors: { regionCode: [{ key: 'events.error.regionNotYours' }] } } })
    const national = await recordEvent(testWork(db, { actorId: almatyAdmin.userId }), almatyAdmin.regions, input({ regionCode: null, iins: t1.iin }))
    expect(national).toMatchObject({ ok: false, error: { fieldErrors: { regionCode: [{ key: 'events.error.regionRequired' }] } } })
    const foreignTeacher = await recordEvent(
      testWork(db, { actorId: almatyAdmin.userId }),
      almatyAdmin.regions,
      input({ regionCode: 'KZ-75', iins: `${t1.iin}\n${akmolaTeacher.iin}` }),
    )
    expect(foreignTeacher).toMatchObject({
      ok: false,
      error: { fieldErrors: { iins: [{ key: 'events.iin.otherRegion', params: { line: 2, value: akmolaTeacher.iin } }] } },
    })
    expect(await counts(db)).toEqual(before)

    const mine = await recordEvent(
      testWork(db, { actorId: almatyAdmin.userId }),
      almatyAdmin.regions,
      input({
        title: 'Алматы: буллингтің алдын алу',
        kind: 'campaign',
        regionCode: 'KZ-75',
        heldOn: '2025-06-01',
        iins: `${t1.iin}\n${t2.iin}`,
        notes: '  Екі мектепте  ',
      }),
    )
    expect(mine).toMatchObject({ ok: true, value: { participants: 2 } })
    if (!mine.ok) return

    const seen = await listEvents(testWork(db, { actorId: almatyAdmin.userId }), almatyAdmin.regions)
    expect(seen.rows.map((r) => r.id)).toEqual([mine.value.eventId])
    expect(seen.rows[0]).toMatchObject({ kind: 'campaign', region_code: 'KZ-75', region_kk: 'Алматы', participants: 2 })
    expect(await getEvent(testWork(db, { actorId: almatyAdmin.userId }), almatyAdmin.regions, akmolaEvent)).toBeNull()
    const found = await getEvent(testWork(db, { actorId: almatyAdmin.userId }), almatyAdmin.regions, mine.value.eventId)
    expect(found?.event).toMatchObject({ title: 'Алматы: буллингтің алдын алу', notes: 'Екі мектепте', region_kk: 'Алматы' })
    expect(found?.participants.map((p) => [p.full_name, p.iin])).toEqual([
      ['Әлия Сейітова', `••••••••${t1.iin.slice(-4)}`],
      ['Бауыржан Омаров', `••••••••${t2.iin.slice(-4)}`],
    ])
    expect(await getEvent(testWork(db, { actorId: admin.userId }), admin.regions, akmolaEvent)).toMatchObject({
      event: { id: akmolaEvent, region_en: 'Akmola Region' },
    })
  })

  test('lists events newest first, with participant counts, by year and kind', async () => {
    const all = await listEvents(testWork(db, { actorId: admin.userId }), admin.regions)
    const days = all.rows.map((r) => r.held_on)
    expect(days).toEqual([...days].sort().reverse())
    expect((await listEvents(testWork(db, { actorId: admin.userId }), admin.regions, { year: 2025 })).rows.every((r) => r.held_on.startsWith('2025-'))).toBe(
      true,
    )
    const trainings = await listEvents(testWork(db, { actorId: admin.userId }), admin.regions, { kind: 'training', year: 2025 })
    expect(trainings.rows.map((r) => [r.id, r.participants])).toEqual([[akmolaEvent, 2]])
    expect((await listEvents(testWork(db, { actorId: admin.userId }), admin.regions, { year: 2001 })).rows).toEqual([])
    const paged = await listEvents(testWork(db, { actorId: admin.userId }), admin.regions, { pageSize: 2, page: 2 })
    expect(paged.rows.map((r) => r.id)).toEqual(all.rows.slice(2, 4).map((r) => r.id))
  })

  test('the metrics still match the records they count', async () => {
    const report = await verifyMetrics(db)
    expect(report.differences).toEqual([])
    expect(report.totalDifferences).toBe(0)
  })
})

describe('the pages, over HTTP without JavaScript', () => {
  let server: RunningServer
  let db: Database
  let admin: FixtureUser
  let almatyAdmin: FixtureUser
  let teachers: FixtureUser[]
  let akmolaTeacher: FixtureUser
  const login = sessionLogin(() => server)

  beforeAll(async () => {
    server = await startServer()
    db = openDatabase(server.dbFile)
    admin = await createUser(db, { roles: ['admin'] })
    almatyAdmin = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
    teachers = [await createUser(db), await createUser(db), await createUser(db)]
    akmolaTeacher = await createUser(db, { regionCode: 'KZ-11', schoolId: 'sch-kz11-1' })
  }, 60_000)

  afterAll(async () => {
    await db?.destroy()
    await server?.stop()
  })

  async function get(path: string, user: FixtureUser) {
    return fetch(server.url + path, { redirect: 'manual', headers: { Cookie: await login(user) } })
  }

  /** The form as a browser sends it: multipart, with an empty file part when no file is chosen. */
  async function post(user: FixtureUser, fields: Record<string, string>, file?: string) {
    const body = new FormData()
    for (const [name, value] of Object.entries(fields)) body.append(name, value)
    body.append('iinFile', file === undefined ? new Blob([]) : new Blob([file], { type: 'text/csv' }), file === undefined ? '' : 'list.csv')
    return fetch(`${server.url}/admin/events/new`, { method: 'POST', redirect: 'manual', headers: { Cookie: await login(user), Origin: server.url }, body })
  }

  test('an admin records an event with the plain form and lands on its page; a bad line is refused in Kazakh with its line number', async () => {
    const before = await counts(db)
    const form = await get('/admin/events/new', admin)
    expect(form.status).toBe(200)
    const html = await form.text()
    expect(html).toContain('Қатысушылардың ЖСН тізімі')
    expect(html).toContain('Республикалық (өңірсіз)')
    expect(html).toMatch(/<form method="post" action="\/admin\/events\/new" enctype="multipart\/form-data"/i)
    // Every id on the page is unique (the heading's and Conform's field ids share a prefix).
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])
    expect(ids.length).toBe(new Set(ids).size)

    const fields = { title: 'Баланың құқықтары: сынып жетекшілеріне семинар', kind: 'seminar', heldOn: '2025-09-15', regionCode: '', notes: '' }
    const bad = await post(admin, { ...fields, iins: `${teachers[0]!.iin}\n900514400127` })
    expect(bad.status).toBe(400)
    const refused = await bad.text()
    expect(refused).toContain('2-жол: 900514400127 ЖСН қате')
    expect(refused).toContain('Баланың құқықтары: сынып жетекшілеріне семинар')
    const future = await post(admin, { ...fields, heldOn: daysFromToday(3), iins: teachers[0]!.iin })
    expect(future.status).toBe(400)
    expect(await future.text()).toContain('Өткізілген күн болашақта бола алмайды.')
    expect(await counts(db)).toEqual(before)

    const good = await post(admin, { ...fields, iins: teachers[0]!.iin }, `ЖСН\n${teachers[1]!.iin}\n${teachers[0]!.iin}\n`)
    expect(good.status).toBe(302)
    const location = good.headers.get('location')!
    expect(location).toMatch(/^\/admin\/events\/[a-z2-7]{16}\?recorded=1$/)
    const page = await get(location, admin)
    expect(page.status).toBe(200)
    const details = await page.text()
    expect(details).toContain('Іс-шара тіркелді.')
    expect(details).toContain('Қатысушылар (2)')
    expect(details).toContain(teachers[1]!.fullName)
    expect(details).toContain(teachers[1]!.iin.slice(-4))
    expect(details).not.toContain(teachers[1]!.iin)
    expect(await metricTotal(db, 'teachers_in_events', { from: '2025-09-15', to: '2025-09-15' })).toBe(2)

    const list = await (await get('/admin/events?year=2025&kind=seminar', admin)).text()
    expect(list).toContain('Бала құқықтары мен әл-ауқаты жөніндегі іс-шаралар')
    expect(list).toContain('Баланың құқықтары: сынып жетекшілеріне семинар')
    expect(await (await get('/admin/events?kind=campaign', admin)).text()).toContain('Сүзгіге сай іс-шара жоқ.')
  })

  test('a regional admin cannot record for another region (403) nor open another region’s event (404)', async () => {
    const before = await counts(db)
    const elsewhere = await post(almatyAdmin, { title: 'Ақмола семинары', kind: 'seminar', heldOn: '2025-10-01', regionCode: 'KZ-11', iins: teachers[2]!.iin })
    expect(elsewhere.status).toBe(403)
    const foreignTeacher = await post(almatyAdmin, {
      title: 'Алматы семинары',
      kind: 'seminar',
      heldOn: '2025-10-01',
      regionCode: 'KZ-75',
      iins: akmolaTeacher.iin,
    })
    expect(foreignTeacher.status).toBe(400)
    expect(await foreignTeacher.text()).toContain(`1-жол: ${akmolaTeacher.iin} ЖСН иесі сіздің өңіріңіздің педагогі емес.`)
    expect(await counts(db)).toEqual(before)

    const akmola = await post(admin, { title: 'Ақмола семинары', kind: 'seminar', heldOn: '2025-10-01', regionCode: 'KZ-11', iins: akmolaTeacher.iin })
    expect(akmola.status).toBe(302)
    const path = akmola.headers.get('location')!.split('?')[0]!
    expect((await get(path, admin)).status).toBe(200)
    expect((await get(path, almatyAdmin)).status).toBe(404)
    expect(await (await get('/admin/events', almatyAdmin)).text()).not.toContain('Ақмола семинары')

    const mine = await post(almatyAdmin, { title: 'Алматы семинары', kind: 'seminar', heldOn: '2025-10-01', regionCode: 'KZ-75', iins: teachers[2]!.iin })
    expect(mine.status).toBe(302)
    expect((await get(mine.headers.get('location')!, almatyAdmin)).status).toBe(200)
  })

  test('a teacher may not open the events pages', async () => {
    expect((await get('/admin/events', teachers[0]!)).status).toBe(403)
    expect((await get('/admin/events/new', teachers[0]!)).status).toBe(403)
    expect((await post(teachers[0]!, { title: 'x', kind: 'seminar', heldOn: '2025-10-01', iins: teachers[0]!.iin })).status).toBe(403)
  })
})
