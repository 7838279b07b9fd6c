import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { nowIso, now } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { detectSeparator, parseCsv, type CsvSeparator } from '#app/modules/csv/csv-read.server.ts'
import { recordSession } from '#app/modules/parents/sessions.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// Every table download over real HTTP: the CSV in the dialect of the reader's
// Excel (";" and decimal commas in Kazakh and Russian, "," and points in
// English), its XLSX twin opened and read back, and who may download each.

let server: RunningServer
let db: Database
let cohortId: string
type Who = 'admin' | 'almatyAdmin' | 'akmolaAdmin' | 'trainer' | 'otherTrainer' | 'teacher'
let users: Record<Who, FixtureUser>
const login = sessionLogin(() => server)
const year = Number(localIsoDate(now()).slice(0, 4))

async function get(path: string, who: Who | null, locale?: 'kk' | 'ru' | 'en') {
  const cookie = [who ? await login(users[who]) : null, locale ? `orken_lang=${locale}` : null].filter(Boolean).join('; ')
  return fetch(server.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })
}

/** A CSV download read back: BOM and CRLF checked, the separator its header line uses, its records. */
async function readCsv(res: Response): Promise<{ separator: CsvSeparator; rows: string[][] }> {
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
  const bytes = new Uint8Array(await res.arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1)
  expect(text.endsWith('\r\n')).toBe(true)
  const separator = detectSeparator(text)
  return { separator, rows: parseCsv(text, separator).map((r) => r.fields) }
}

type Cell = string | number | null

/** The first (or given) sheet of an XLSX download: its cells with text resolved and numbers as numbers, and its XML. */
async function readXlsx(res: Response, sheet = 1): Promise<{ rows: Cell[][]; xml: string; names: string[] }> {
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&')
  const strings = [...strFromU8(files['xl/sharedStrings.xml']!).matchAll(/<si><t xml:space="preserve">([\s\S]*?)<\/t><\/si>/g)].map((m) => unescape(m[1]!))
  const names = [...strFromU8(files['xl/workbook.xml']!).matchAll(/<sheet name="([^"]*)"/g)].map((m) => unescape(m[1]!))
  const xml = strFromU8(files[`xl/worksheets/sheet${sheet}.xml`]!)
  const rows = [...xml.matchAll(/<row r="\d+">([\s\S]*?)<\/row>/g)].map((row) => {
    const cells: Cell[] = []
    for (const c of row[1]!.matchAll(/<c r="([A-Z]+)\d+"(?: s="\d+")?( t="s")?><v>([^<]*)<\/v><\/c>/g)) {
      const column = [...c[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1
      while (cells.length < column) cells.push(null)
      cells[column] = c[2] ? strings[Number(c[3])]! : Number(c[3])
    }
    return cells
  })
  return { rows, xml, names }
}

const decimal = /^-?\d+\.\d+$/

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  users = {
    admin: await createUser(db, { roles: ['admin'] }),
    almatyAdmin: await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' }),
    akmolaAdmin: await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-11' }),
    trainer: await createUser(db, { roles: ['trainer'] }),
    otherTrainer: await createUser(db, { roles: ['trainer'] }),
    teacher: await createUser(db, { roles: ['teacher'] }),
  }
  const course = await createTestCourse(db)
  cohortId = await createTestCohort(db, course, { trainerId: users.trainer.id, regionCode: 'KZ-75', endsOn: '2099-12-31' })
  const today = localIsoDate(now())
  for (const fullName of ['Дәулет Нұрланов', 'Серікқызы; Әлия']) {
    const learner = await createUser(db, { fullName })
    const result = await enrol(testWork(db), { userId: learner.id, cohortId, source: 'admin', today })
    if (!result.ok) throw new Error(result.error)
    if (fullName.startsWith('Дәулет')) {
      await db
        .insertInto('quiz_attempts')
        .values({
          id: newId(),
          enrolment_id: result.enrolmentId,
          quiz_id: 'basics-quiz',
          kind: 'module',
          attempt_no: 1,
          score: 85,
          passed: 1,
          answers: '{}',
          submitted_at: '2026-03-10T08:00:00.000Z',
        })
        .execute()
    }
  }
  // A parent session of 8 with one check-in: a check-in ratio of 12.5 %.
  const session = {
    courseId: 'family-support',
    lessonKey: 'lessons/listening',
    heldOn: '2025-01-15',
    facilitator: 'Әсем',
    headCount: 8,
    notes: null,
    clientKey: undefined,
  }
  const recorded = await recordSession(testWork(db, { actorId: null }), { schoolId: 'sch-kz75-1', session, source: 'form' })
  if (!recorded.ok) throw new Error(JSON.stringify(recorded))
  const { id: sessionId } = await db
    .selectFrom('parent_sessions')
    .select('id')
    .where('school_id', '=', 'sch-kz75-1')
    .where('held_on', '=', '2025-01-15')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('parent_checkins')
    .values({ id: newId(), session_id: sessionId, user_id: null, name: null, phone: '87051112233', parent_key: 'phone:87051112233', created_at: nowIso() })
    .execute()
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

// Each CSV download, with a user who may have it.
const CSV_ROUTES: [string, () => string, Who][] = [
  ['the roster', () => `/cohorts/${cohortId}/roster.csv`, 'trainer'],
  ['the parent attendance by place', () => '/admin/parents.csv?year=2025', 'almatyAdmin'],
  ['the parent attendance by month', () => '/admin/parents.csv?year=2025&table=months', 'almatyAdmin'],
  ['a survey report', () => '/admin/surveys/course-pre/report.csv', 'admin'],
  ['the dashboard’s regions', () => `/admin/dashboard/export/regions.csv?year=${year}`, 'admin'],
  ['the dashboard’s indicators', () => `/admin/dashboard/export/indicators.csv?year=${year}`, 'admin'],
]

describe('CSV in the dialect of the reader’s Excel', () => {
  test.each(CSV_ROUTES)('%s: ";" and decimal commas in Kazakh and Russian, "," and points in English', async (_name, path, who) => {
    const en = await readCsv(await get(path(), who, 'en'))
    expect(en.separator).toBe(',')
    for (const locale of ['kk', 'ru'] as const) {
      const csv = await readCsv(await get(path(), who, locale))
      expect(csv.separator).toBe(';')
      expect(csv.rows[0]!.length).toBeGreaterThan(1)
      expect(csv.rows[0]).toHaveLength(en.rows[0]!.length)
      expect(csv.rows).toHaveLength(en.rows.length)
      // Where English writes 12.5 the reader's Excel gets 12,5, and no cell keeps a decimal point.
      en.rows.slice(1).forEach((row, r) =>
        row.forEach((cell, c) => {
          if (decimal.test(cell)) expect(csv.rows[r + 1]![c]).toBe(cell.replace('.', ','))
        }),
      )
      expect(
        csv.rows
          .slice(1)
          .flat()
          .filter((cell) => decimal.test(cell)),
      ).toEqual([])
    }
  })

  test('the parent report’s 12.5 % is 12,5 in Kazakh and Russian and 12.5 in English', async () => {
    const kk = await readCsv(await get('/admin/parents.csv?year=2025', 'almatyAdmin', 'kk'))
    expect(kk.rows[0]).toEqual(['Өңір', 'Өңір коды', 'Сабақтар', 'Қатысу', 'Тіркелулер', 'Тіркелу үлесі, %', 'Қайталау'])
    expect(kk.rows[1]).toEqual(['Алматы', 'KZ-75', '1', '8', '1', '12,5', '0'])
    const ru = await readCsv(await get('/admin/parents.csv?year=2025', 'almatyAdmin', 'ru'))
    expect(ru.rows[0]![5]).toBe('Доля отметок, %')
    expect(ru.rows[1]![5]).toBe('12,5')
    const en = await readCsv(await get('/admin/parents.csv?year=2025', 'almatyAdmin', 'en'))
    expect(en.rows[1]![5]).toBe('12.5')
  })

  test('the roster: header in the reader’s language, a name holding ";" quoted, the last activity as ISO date and time', async () => {
    const res = await get(`/cohorts/${cohortId}/roster.csv`, 'trainer', 'ru')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="roster-${cohortId}.csv"`)
    const text = new TextDecoder().decode(await res.arrayBuffer())
    expect(text.split('\r\n')[0]).toMatch(/^ФИО;ИИН;Электронная почта;Статус;Прогресс, %;/)
    expect(text).toContain('"Серікқызы; Әлия";')
    expect(text).toMatch(/\r\nДәулет Нұрланов;\d{12};[^;]+;Обучается;0;0;3;85;;2026-03-10 13:00\r\n/)
  })

  test('?locale= chooses the language and the dialect over the reader’s', async () => {
    const en = await readCsv(await get('/admin/parents.csv?year=2025&locale=en', 'almatyAdmin', 'kk'))
    expect(en.separator).toBe(',')
    expect(en.rows[0]![0]).toBe('Region')
    const ru = await readCsv(await get(`/cohorts/${cohortId}/roster.csv?locale=ru`, 'trainer', 'en'))
    expect(ru.separator).toBe(';')
    expect(ru.rows[0]![0]).toBe('ФИО')
  })
})

describe('XLSX beside every CSV', () => {
  test('the roster opens: bold frozen header in the reader’s language, numbers as numbers, the last activity a date', async () => {
    const res = await get(`/cohorts/${cohortId}/roster.xlsx`, 'trainer', 'kk')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="roster-${cohortId}.xlsx"`)
    const { rows, xml, names } = await readXlsx(res)
    expect(names).toEqual(['Тізім'])
    expect(rows[0]!.slice(0, 5)).toEqual(['Аты-жөні', 'ЖСН', 'Электрондық пошта', 'Күйі', 'Оқу барысы, %'])
    expect(xml).toMatch(/<row r="1"><c r="A1" s="1" t="s">/)
    expect(xml).toContain('state="frozen"')
    const daulet = rows.find((r) => r[0] === 'Дәулет Нұрланов')!
    // The IIN stays text (its leading zero safe); progress, lessons and the score are numbers.
    expect(daulet[1]).toMatch(/^\d{12}$/)
    expect(daulet.slice(4, 8)).toEqual([0, 0, 3, 85])
    expect(xml).toMatch(/<c r="J\d+" s="2"><v>46091\.54166\d*<\/v><\/c>/)
  })

  test('the parent attendance opens, places and months, with 12.5 as a number', async () => {
    const places = await readXlsx(await get('/admin/parents.xlsx?year=2025', 'almatyAdmin', 'ru'))
    expect(places.names).toEqual(['Посещение'])
    expect(places.rows[0]![0]).toBe('Регион')
    expect(places.rows[1]).toEqual(['Алматы', 'KZ-75', 1, 8, 1, 12.5, 0])
    const monthsRes = await get('/admin/parents.xlsx?year=2025&table=months', 'almatyAdmin', 'kk')
    expect(monthsRes.headers.get('content-disposition')).toBe('attachment; filename="parent-attendance-2025-months.xlsx"')
    const months = await readXlsx(monthsRes)
    expect(months.rows[0]![0]).toBe('Ай')
    expect(months.rows[1]).toEqual(['2025-01', 1, 8, 1, 12.5, 0])
  })

  test('the survey report and the dashboard tables open', async () => {
    const survey = await readXlsx(await get('/admin/surveys/course-pre/report.xlsx', 'admin', 'ru'))
    expect(survey.rows[0]![0]).toBe('Раздел')
    const regions = await readXlsx(await get(`/admin/dashboard/export/regions.xlsx?year=${year}`, 'admin', 'kk'))
    expect(regions.rows[0]!.slice(0, 2)).toEqual(['Өңір', 'Өңір коды'])
    expect(
      regions.rows
        .find((r) => r[1] === 'KZ-75')!
        .slice(2)
        .some((v) => typeof v === 'number'),
    ).toBe(true)
    const pack = await readXlsx(await get(`/admin/dashboard/pack/${year}.xlsx`, 'admin', 'kk'))
    expect(pack.names[0]).toBe('Жиынтық')
  })
})

describe('who may download the new files', () => {
  test('the roster’s XLSX: the same people as its CSV', async () => {
    for (const path of [`/cohorts/${cohortId}/roster.csv`, `/cohorts/${cohortId}/roster.xlsx`]) {
      expect((await get(path, 'trainer')).status).toBe(200)
      expect((await get(path, 'almatyAdmin')).status).toBe(200)
      expect((await get(path, 'teacher')).status).toBe(403)
      expect((await get(path, 'otherTrainer')).status).toBe(403)
      expect((await get(path, 'akmolaAdmin')).status).toBe(403)
      const guest = await get(path, null)
      expect(guest.status).toBe(302)
      expect(guest.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)
    }
    expect((await get('/cohorts/no-such-cohort/roster.xlsx', 'admin')).status).toBe(404)
  })

  test('the parent attendance’s XLSX: admins and regional admins of their region; a teacher and a trainer get 403', async () => {
    for (const ext of ['csv', 'xlsx']) {
      expect((await get(`/admin/parents.${ext}?year=2025`, 'admin')).status).toBe(200)
      expect((await get(`/admin/parents.${ext}?year=2025`, 'almatyAdmin')).status).toBe(200)
      expect((await get(`/admin/parents.${ext}?year=2025&region=KZ-11`, 'almatyAdmin')).status).toBe(403)
      expect((await get(`/admin/parents.${ext}?year=2025`, 'teacher')).status).toBe(403)
      expect((await get(`/admin/parents.${ext}?year=2025`, 'trainer')).status).toBe(403)
    }
  })
})

describe('the pages link both files', () => {
  test('the roster page and the parent report offer CSV and XLSX side by side', async () => {
    const roster = await (await get(`/cohorts/${cohortId}/roster`, 'trainer')).text()
    expect(roster).toContain(`href="/cohorts/${cohortId}/roster.csv"`)
    expect(roster).toContain(`href="/cohorts/${cohortId}/roster.xlsx"`)
    expect(roster).toContain('Excel кестесі (XLSX)')
    const parents = await (await get('/admin/parents?year=2025', 'admin', 'ru')).text()
    expect(parents).toContain('href="/admin/parents.csv?year=2025"')
    expect(parents).toContain('href="/admin/parents.xlsx?year=2025"')
    expect(parents).toContain('href="/admin/parents.xlsx?year=2025&amp;table=months"')
    expect(parents).toContain('Таблица Excel (XLSX)')
  })
})
