import iconv from 'iconv-lite'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '#db/client.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { loadAuthUser, type AuthUser } from '#app/modules/auth/session.server.ts'
import { DAY, addMs, now, setClockOffset, setNow } from '#app/modules/clock/clock.server.ts'
import { metricTotal } from '#app/modules/metrics/rollups.server.ts'
import { updateCentre } from '#app/modules/parents/centres.server.ts'
import { checkIn } from '#app/modules/parents/checkins.server.ts'
import {
  attendanceFigures,
  attendanceScope,
  attendanceTable,
  getAttendanceReport,
  NO_DISTRICT,
  type AttendanceScope,
} from '#app/modules/parents/reports.server.ts'
import { parseSessionDate, readSessionsFile } from '#app/modules/parents/sessions-file.server.ts'
import { getSessionsImportJob, startSessionsImport } from '#app/modules/parents/sessions-import.server.ts'
import { confirmDistinct, parentLessonChoices, recordSession, type SessionInput } from '#app/modules/parents/sessions.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// Attendance reports and the sessions CSV import on real SQLite copies: the
// report's figures against sums worked out by hand, a regional admin's scope,
// an empty year; the import's all-or-nothing rule with line-numbered reasons,
// its idempotence, encodings and who may write which school's rows.

const db = createTestDb()
const TODAY = '2026-11-26'
const ALL: AttendanceScope = { regions: null }
let lessons: string[]
let coordinator: string

function session(overrides: Partial<SessionInput>): SessionInput {
  return {
    courseId: 'family-support',
    lessonKey: lessons[0]!,
    heldOn: '2026-01-15',
    facilitator: 'Әсем Нұрланқызы',
    headCount: 20,
    notes: null,
    clientKey: undefined,
    ...overrides,
  }
}

async function record(schoolId: string, overrides: Partial<SessionInput>) {
  const result = await recordSession(testWork(db, { actorId: coordinator }), { schoolId, session: session(overrides), source: 'form' })
  if (!result.ok) throw new Error(JSON.stringify(result))
  return result
}

/** Parents check in on the session's own day (codes expire the day after). */
async function checkIns(code: string, heldOn: string, count: number) {
  setNow(`${heldOn}T12:00:00+05:00`)
  for (let i = 0; i < count; i++) expect(await checkIn(testWork(db), { code, name: null, phone: null })).toMatchObject({ ok: true })
  setClockOffset(0)
}

afterEach(() => setClockOffset(0))

beforeAll(async () => {
  lessons = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === 'family-support')!.lessons.map((l) => l.key)
  coordinator = (await createUser(db, { roles: ['coordinator'], schoolId: 'sch-kz75-1' })).id
  // Almaty (KZ-75): schools 1 and 2 in the district "Алатау ауданы", school 3 in "Медеу ауданы".
  // Akmola (KZ-11): schools 1 and 2 in "Көкшетау қ.", school 3 in "Бурабай ауданы".
  const a = await record('sch-kz75-1', { heldOn: '2026-01-15', headCount: 20 })
  const b = await record('sch-kz75-1', { heldOn: '2026-01-15', headCount: 12 }) // the same lesson that day: flagged
  expect(b.value.duplicateOf).toBe(a.value.sessionId)
  const c = await record('sch-kz75-3', { heldOn: '2026-02-10', lessonKey: lessons[1]!, headCount: 30 })
  await record('sch-kz75-1', { heldOn: '2026-02-10', lessonKey: lessons[2]!, headCount: 10 })
  await record('sch-kz11-1', { heldOn: '2026-01-20', headCount: 15 })
  const e = await record('sch-kz11-3', { heldOn: '2026-03-05', lessonKey: lessons[2]!, headCount: 40 })
  await record('sch-kz75-2', { heldOn: '2025-10-01', headCount: 50 })
  await checkIns(a.value.code, '2026-01-15', 5)
  await checkIns(b.value.code, '2026-01-15', 2) // on the flagged session: not in the figures
  await checkIns(c.value.code, '2026-02-10', 3)
  await checkIns(e.value.code, '2026-03-05', 4)
})

describe('the attendance report', () => {
  test('regions, months and totals match the sums by hand; the flagged session and its check-ins are left out', async () => {
    const report = await getAttendanceReport(testWork(db), { scope: ALL, year: 2026, today: TODAY })
    expect(report.level).toBe('region')
    expect(report.places).toHaveLength(20)
    const almaty = report.places.find((p) => p.key === 'KZ-75')!
    expect(almaty).toMatchObject({ sessions: 3, attendances: 60, checkins: 8, flagged: 1 })
    expect(almaty.checkinRatio).toBeCloseTo(8 / 60)
    expect(report.places.find((p) => p.key === 'KZ-11')).toMatchObject({ sessions: 2, attendances: 55, checkins: 4, flagged: 0 })
    expect(report.places.find((p) => p.key === 'KZ-79')).toMatchObject({ sessions: 0, attendances: 0, checkins: 0, checkinRatio: null, flagged: 0 })

    expect(report.totals).toMatchObject({ sessions: 5, attendances: 115, checkins: 12, flagged: 1 })
    expect(report.totals.checkinRatio).toBeCloseTo(12 / 115)
    expect(report.months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`))
    expect(report.months.slice(0, 4).map(({ sessions, attendances, checkins, flagged }) => [sessions, attendances, checkins, flagged])).toEqual([
      [2, 35, 5, 1],
      [2, 40, 3, 0],
      [1, 40, 4, 0],
      [0, 0, 0, 0],
    ])
    // The daily rollups, moved by recordSession, agree with the sessions.
    expect(await metricTotal(db, 'parent_attendances', { from: '2026-01-01', to: '2026-12-31' })).toBe(115)
  })

  test("the yearly target is cumulative since 2025: the total since then, the year's own share and the pace to the year's end", async () => {
    const { progress } = await getAttendanceReport(testWork(db), { scope: ALL, year: 2026, today: TODAY })
    expect(progress).toMatchObject({ target: 7_920_000, yearTarget: 3_840_000, cumulative: 165, yearCount: 115 })
    // 26 November is day 330 of 365: 115 / (330 / 365) ≈ 127.2.
    expect(progress.elapsedShare).toBeCloseTo(330 / 365)
    expect(progress).toMatchObject({ projectedYear: 127, projectedCumulative: 177 })
    const past = (await getAttendanceReport(testWork(db), { scope: ALL, year: 2025, today: TODAY })).progress
    expect(past).toMatchObject({
      target: 4_080_000,
      yearTarget: 4_080_000,
      cumulative: 50,
      yearCount: 50,
      elapsedShare: 1,
      projectedYear: 50,
      projectedCumulative: 50,
    })
  })

  test('a region breaks down by district and a district by school, zeros included', async () => {
    const districts = await getAttendanceReport(testWork(db), { scope: { regions: null, region: 'KZ-75' }, year: 2026, today: TODAY })
    expect(districts.level).toBe('district')
    expect(districts.places.map((p) => [p.key, p.sessions, p.attendances, p.checkins, p.flagged])).toEqual([
      ['Алатау ауданы', 2, 30, 5, 1],
      ['Медеу ауданы', 1, 30, 3, 0],
    ])
    const schools = await getAttendanceReport(testWork(db), { scope: { regions: null, region: 'KZ-75', district: 'Алатау ауданы' }, year: 2026, today: TODAY })
    expect(schools.level).toBe('school')
    expect(schools.places.map((p) => [p.key, p.attendances]).sort()).toEqual([
      ['sch-kz75-1', 30],
      ['sch-kz75-2', 0],
    ])
    expect(schools.totals).toMatchObject({ sessions: 2, attendances: 30, checkins: 5, flagged: 1 })
    const none = await getAttendanceReport(testWork(db), { scope: { regions: null, region: 'KZ-75', district: NO_DISTRICT }, year: 2026, today: TODAY })
    expect(none.places).toEqual([])
    expect(none.totals.attendances).toBe(0)
    // One school's own figures, as a coordinator's page shows them.
    expect(await attendanceFigures(testWork(db), { regions: null, schoolId: 'sch-kz75-3' }, '2026-01-01', '2026-12-31')).toMatchObject({
      sessions: 1,
      attendances: 30,
      checkins: 3,
    })
  })

  test('a regional admin sees only their regions and may not ask for another', async () => {
    expect(attendanceScope({ region: 'KZ-11' }, ['KZ-75'])).toBeNull()
    const scope = attendanceScope({}, ['KZ-75'])!
    const report = await getAttendanceReport(testWork(db), { scope, year: 2026, today: TODAY })
    expect(report.places.map((p) => p.key)).toEqual(['KZ-75'])
    expect(report.totals).toMatchObject({ sessions: 3, attendances: 60, checkins: 8 })
    expect(report.progress.cumulative).toBe(110)
    const own = await getAttendanceReport(testWork(db), { scope: attendanceScope({ region: 'KZ-75' }, ['KZ-75'])!, year: 2026, today: TODAY })
    expect(own.totals.attendances).toBe(60)
  })

  test('a year without sessions gives zeros, not errors; a year outside the strategy has no target', async () => {
    const future = await getAttendanceReport(testWork(db), { scope: ALL, year: 2027, today: TODAY })
    expect(future.totals).toEqual({ sessions: 0, attendances: 0, checkins: 0, checkinRatio: null, flagged: 0 })
    expect(future.months.every((m) => m.attendances === 0 && m.checkinRatio === null)).toBe(true)
    expect(future.places.every((p) => p.sessions === 0)).toBe(true)
    expect(future.progress).toMatchObject({
      target: 12_000_000,
      yearTarget: 4_080_000,
      cumulative: 165,
      yearCount: 0,
      elapsedShare: 0,
      projectedYear: null,
      projectedCumulative: null,
    })
    const later = await getAttendanceReport(testWork(db), { scope: ALL, year: 2031, today: TODAY })
    expect(later.progress).toMatchObject({ target: null, yearTarget: null, yearCount: 0 })
    const before = await getAttendanceReport(testWork(db), { scope: ALL, year: 2024, today: TODAY })
    expect(before.progress).toMatchObject({ target: null, cumulative: null })
  })

  test('the export tables carry translated headers, codes and the ratio in percent', async () => {
    const report = await getAttendanceReport(testWork(db), { scope: ALL, year: 2026, today: TODAY })
    const places = attendanceTable(report, 'places', 'ru')
    expect(places.header).toEqual(['Регион', 'Код региона', 'Занятия', 'Посещения', 'Отметки', 'Доля отметок, %', 'Повторы'])
    expect(places.rows.find((r) => r[1] === 'KZ-75')).toEqual(['Алматы', 'KZ-75', 3, 60, 8, 13.3, 1])
    expect(places.rows.find((r) => r[1] === 'KZ-79')).toEqual(['Шымкент', 'KZ-79', 0, 0, 0, null, 0])
    const months = attendanceTable(report, 'months', 'en')
    expect(months.header[0]).toBe('Month')
    expect(months.rows[0]).toEqual(['2026-01', 2, 35, 5, 14.3, 1])
  })

  test('a flagged session confirmed as a second group counts from then on, with its check-ins', async () => {
    const flagged = await db.selectFrom('parent_sessions').select('id').where('counted', '=', 0).executeTakeFirstOrThrow()
    expect(await confirmDistinct(testWork(db, { actorId: coordinator }), flagged.id)).toBe(true)
    const report = await getAttendanceReport(testWork(db), { scope: ALL, year: 2026, today: TODAY })
    expect(report.totals).toMatchObject({ sessions: 6, attendances: 127, checkins: 14, flagged: 0 })
  })
})

// ---- the import, on its own database copy so the figures above stay put ----

const idb: Database = createTestDb()
const utf8 = (text: string) => new TextEncoder().encode(text)
const daysAgo = (n: number) => localIsoDate(addMs(now(), -n * DAY))
let shymkentCoordinator: AuthUser
let shymkentAdmin: AuthUser

beforeAll(async () => {
  shymkentCoordinator = (await loadAuthUser(idb, (await createUser(idb, { roles: ['coordinator'], regionCode: 'KZ-79', schoolId: 'sch-kz79-1' })).id))!
  shymkentAdmin = (await loadAuthUser(idb, (await createUser(idb, { roles: ['regional_admin'], regionCode: 'KZ-79' })).id))!
})

async function runImport(bytes: Uint8Array, actor: AuthUser) {
  const read = await readSessionsFile(bytes)
  if (!read.ok) throw new Error(`file refused: ${read.error.key}`)
  const { jobId, done } = await startSessionsImport(testWork(idb, { actorId: actor.id, clientIp: '192.0.2.20' }), read.value, {
    actor,
    fileName: 'sessions.csv',
  })
  await done
  const job = await getSessionsImportJob(testWork(idb), jobId)
  if (!job) throw new Error('no job')
  return job
}

function countsOf(job: Awaited<ReturnType<typeof runImport>>) {
  if (job.result?.kind !== 'counts') throw new Error(`expected counts, got ${JSON.stringify(job.result)}`)
  return job.result
}

function errorsOf(job: Awaited<ReturnType<typeof runImport>>) {
  if (job.result?.kind !== 'errors') throw new Error(`expected errors, got ${JSON.stringify(job.result)}`)
  return job.result.errors.map((e) => [e.line, e.key, e.params ?? {}] as const)
}

const sessionCount = async () =>
  Number(
    (
      await idb
        .selectFrom('parent_sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const attendance = () => metricTotal(idb, 'parent_attendances', { from: '2024-01-01', to: '2030-12-31' })

describe('importing sessions from a CSV file', () => {
  test('a good file records every row once; the same file again records nothing new', async () => {
    const file = utf8(
      '\uFEFFСабақтар топтамасы,Сабақ,Күні,Жүргізуші,Қатысқандар саны,Ескертпе\r\n' +
        `family-support,lessons/listening,${daysAgo(20)},Әсем Нұрланқызы,24,\r\n` +
        `family-support,emotions,${daysAgo(13)},Әсем Нұрланқызы,31,"Кешкі топ, 18:00"\r\n` +
        `family-support,lessons/screens,${daysAgo(6).split('-').reverse().join('.')},Дана Серікова,18,\r\n`,
    )
    const before = await attendance()
    const first = await runImport(file, shymkentCoordinator)
    expect(first.status).toBe('done')
    expect(countsOf(first)).toMatchObject({ recorded: 3, flagged: 0, already: 0, attendances: 73 })
    expect(await attendance()).toBe(before + 73)
    const rows = await idb.selectFrom('parent_sessions').select(['school_id', 'source', 'client_key', 'notes', 'module_id', 'lesson_id']).execute()
    expect(rows).toHaveLength(3)
    expect(rows.every((r) => r.school_id === 'sch-kz79-1' && r.source === 'csv' && /^csv-[0-9a-f]{40}$/.test(r.client_key ?? ''))).toBe(true)
    expect(rows.map((r) => r.notes)).toContain('Кешкі топ, 18:00')
    expect(rows.map((r) => `${r.module_id}/${r.lesson_id}`).sort()).toEqual(['lessons/emotions', 'lessons/listening', 'lessons/screens'])

    const again = await runImport(file, shymkentCoordinator)
    expect(countsOf(again)).toMatchObject({ recorded: 0, flagged: 0, already: 3, attendances: 0 })
    expect(await sessionCount()).toBe(3)
    expect(await attendance()).toBe(before + 73)
  })

  test('the same lesson twice in a file is recorded once and flagged once, never counted twice', async () => {
    const row = `sch-kz79-1,family-support,lessons/school-bullying,${daysAgo(3)},Әсем Нұрланқызы,20\r\n`
    const file = utf8(`Мектеп,Сабақтар топтамасы,Сабақ,Күні,Жүргізуші,Қатысқандар саны\r\n${row}${row}`)
    const before = await attendance()
    const job = await runImport(file, shymkentCoordinator)
    expect(countsOf(job)).toMatchObject({ recorded: 1, flagged: 1, attendances: 20, flaggedLines: [3] })
    expect(await attendance()).toBe(before + 20)
    expect(countsOf(await runImport(file, shymkentCoordinator))).toMatchObject({ recorded: 0, flagged: 0, already: 2 })
  })

  test('a file with bad rows records nothing and lists every bad line with its reason', async () => {
    await updateCentre(testWork(idb, { actorId: shymkentAdmin.id }), shymkentAdmin, 'sch-kz79-1', { capacity: 300, openedOn: '2024-09-01' })
    const tomorrow = localIsoDate(addMs(now(), DAY))
    const good = daysAgo(30)
    const file = utf8(
      [
        'Мектеп,Сабақтар топтамасы,Сабақ,Күні,Жүргізуші,Қатысқандар саны,Ескертпе',
        `,family-support,lessons/listening,${good},Әсем Нұрланқызы,12,`, // 2: good
        `,family-support,lessons/listening,${tomorrow},Әсем Нұрланқызы,12,`, // 3: future
        `,family-support,lessons/emotions,${good},Әсем Нұрланқызы,0,`, // 4: head count 0
        `,family-support,lessons/emotions,${good},Әсем Нұрланқызы,-4,`, // 5: negative
        `,family-support,lessons/screens,${good},Әсем Нұрланқызы,301,`, // 6: over capacity
        `,family-support,lessons/nowhere,${good},Әсем Нұрланқызы,10,`, // 7: unknown lesson
        `sch-kz79-2,family-support,lessons/listening,${good},Әсем Нұрланқызы,10,`, // 8: another school
        `,family-support,lessons/listening,2024-03-01,Әсем Нұрланқызы,10,`, // 9: before the centre opened
        `,family-support,lessons/listening,31.02.2026,Әсем Нұрланқызы,10,`, // 10: no such day
        `,nothing-here,lessons/listening,${good},Әсем Нұрланқызы,10,`, // 11: unknown series
        `,family-support,lessons/listening,${good},,abc,`, // 12: no facilitator, not a number
        `sch-nowhere,family-support,lessons/listening,${good},Әсем Нұрланқызы,10,`, // 13: unknown school
        `,family-support,lessons/listening,${good},Әсем Нұрланқызы,10,x,extra`, // 14: too many values
      ].join('\r\n'),
    )
    const before = { sessions: await sessionCount(), attendance: await attendance() }
    const job = await runImport(file, shymkentCoordinator)
    expect(job.status).toBe('failed')
    expect(errorsOf(job)).toEqual([
      [3, 'parents.error.future', { capacity: 300, openedOn: '2024-09-01' }],
      [4, 'parents.error.headCountMin', {}],
      [5, 'parents.error.headCountMin', {}],
      [6, 'parents.error.overCapacity', { capacity: 300, openedOn: '2024-09-01' }],
      [7, 'parentImport.row.lesson', { value: 'lessons/nowhere', series: 'family-support' }],
      [8, 'parentImport.row.notYourSchool', { value: 'sch-kz79-2' }],
      [9, 'parents.error.beforeCentre', { capacity: 300, openedOn: '2024-09-01' }],
      [10, 'parentImport.row.date', { value: '31.02.2026' }],
      [11, 'parentImport.row.series', { value: 'nothing-here' }],
      [12, 'parents.error.facilitator', {}],
      [12, 'parents.error.headCount', {}],
      [13, 'parentImport.row.school', { value: 'sch-nowhere' }],
      [14, 'import.row.fieldCount', { found: 8, expected: 7 }],
    ])
    if (job.result?.kind === 'errors') expect(job.result).toMatchObject({ errorCount: 13, lineCount: 12 })
    expect(await sessionCount()).toBe(before.sessions)
    expect(await attendance()).toBe(before.attendance)
  })

  test('Windows-1251 with semicolons, Russian headers and DD.MM.YYYY dates', async () => {
    const text =
      'Школа;Серия занятий;Занятие;Дата;Ведущий;Число участников;Примечание\r\n' +
      `sch-kz79-1;family-support;lessons/emotions;${daysAgo(40).split('-').reverse().join('.')};Мария Ивановна Петрова;27;Родительское собрание\r\n` +
      `sch-kz79-1;family-support;screens;${daysAgo(41)};Мария Ивановна Петрова;19;\r\n`
    const bytes = new Uint8Array(iconv.encode(text, 'win1251'))
    const read = await readSessionsFile(bytes)
    expect(read.ok && [read.value.encoding, read.value.separator]).toEqual(['windows-1251', ';'])
    const job = await runImport(bytes, shymkentCoordinator)
    expect(countsOf(job)).toMatchObject({ recorded: 2, attendances: 46 })
    const saved = await idb
      .selectFrom('parent_sessions')
      .select(['facilitator', 'notes', 'held_on'])
      .where('facilitator', '=', 'Мария Ивановна Петрова')
      .orderBy('held_on')
      .execute()
    expect(saved.map((s) => s.held_on)).toEqual([daysAgo(41), daysAgo(40)])
    expect(saved.map((s) => s.notes)).toContain('Родительское собрание')
  })

  test("a regional admin imports for their region's schools, names each row's school, and cannot write another region's", async () => {
    const english = utf8(
      'School id,Series,Lesson,Date,Facilitator,Head count\n' +
        `sch-kz79-2,family-support,listening,${daysAgo(9)},Aruzhan Bekova,16\n` +
        `sch-kz75-1,family-support,listening,${daysAgo(9)},Aruzhan Bekova,16\n` +
        `,family-support,listening,${daysAgo(9)},Aruzhan Bekova,16\n`,
    )
    const refused = await runImport(english, shymkentAdmin)
    expect(errorsOf(refused)).toEqual([
      [3, 'parentImport.row.notYourSchool', { value: 'sch-kz75-1' }],
      [4, 'parentImport.row.schoolMissing', {}],
    ])
    const good = utf8(`School id,Series,Lesson,Date,Facilitator,Head count\nsch-kz79-2,family-support,listening,${daysAgo(9)},Aruzhan Bekova,16\n`)
    expect(countsOf(await runImport(good, shymkentAdmin))).toMatchObject({ recorded: 1, attendances: 16 })
  })

  test('a file whose columns are wrong is refused before any job', async () => {
    expect(await readSessionsFile(utf8('Мектеп,Сабақ,Күні\r\nsch-kz79-1,lessons/listening,2026-01-01\r\n'))).toMatchObject({
      ok: false,
      error: { key: 'import.file.missingColumns' },
    })
    expect(await readSessionsFile(utf8('Series,Lesson,Date,Facilitator,Head count,Colour\r\nx,y,z,w,1,red\r\n'))).toMatchObject({
      ok: false,
      error: { key: 'parentImport.file.unknownColumns', params: { columns: 'Colour' } },
    })
    expect(await readSessionsFile(utf8('Series,Lesson,Date,Facilitator,Head count\r\n'))).toMatchObject({ ok: false, error: { key: 'import.file.noRows' } })
    // An old binary Excel file (.xls) is refused with how to save it as .xlsx or CSV.
    const xls = new Uint8Array(512)
    xls.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    expect(await readSessionsFile(xls)).toMatchObject({ ok: false, error: { key: 'spreadsheet.file.xls' } })
  })

  test('dates are read as ISO or as Excel writes them in Kazakhstan, and only real days', () => {
    expect(parseSessionDate('2026-03-05')).toBe('2026-03-05')
    expect(parseSessionDate('5.3.2026')).toBe('2026-03-05')
    expect(parseSessionDate('05.03.2026')).toBe('2026-03-05')
    expect(parseSessionDate('2026-02-29')).toBeNull()
    expect(parseSessionDate('03/05/2026')).toBeNull()
  })
})
