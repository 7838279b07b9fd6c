import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { csvDialect, toCsv } from '#app/modules/csv/csv-write.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { submitQuiz } from '#app/modules/courses/progress.server.ts'
import { studyLesson } from '#tests/fixtures/study.ts'
import { getDashboard, type Dashboard } from '#app/modules/dashboard/dashboard.server.ts'
import { INDICATORS } from '#app/modules/dashboard/targets.server.ts'
import { parentLessonChoices, recordSession } from '#app/modules/parents/sessions.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// The dashboard's downloads over real HTTP against the built server, after
// real activity recorded through the app's own functions: the CSV's bytes and
// numbers, the Excel files read back, the data pack's sheets, and who may
// download what.

let server: RunningServer
let db: Database
let admin: FixtureUser
let almatyAdmin: FixtureUser
let teacher: FixtureUser
let almatyCohort: string
const login = sessionLogin(() => server)
const year = Number(localIsoDate(now()).slice(0, 4))
const right = { basics: { q1: ['b'], q2: ['a', 'b'] }, final: { q1: ['b'], q2: ['a'] } }

async function get(path: string, user: FixtureUser, locale?: 'kk' | 'ru' | 'en') {
  const cookie = [await login(user), locale ? `orken_lang=${locale}` : null].filter(Boolean).join('; ')
  return fetch(server.url + path, { redirect: 'manual', headers: { Cookie: cookie } })
}

/** The CSV's lines; the file must start with the UTF-8 byte-order mark (res.text() would drop it). */
async function csvLines(res: Response): Promise<string[]> {
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
  const bytes = new Uint8Array(await res.arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).split('\r\n')
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')

/** Reads an .xlsx back: each sheet's name and its cells as text, row by row. */
async function readXlsx(res: Response): Promise<{ name: string; xml: string; rows: string[][] }[]> {
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
  const strings = [...strFromU8(files['xl/sharedStrings.xml']!).matchAll(/<si><t xml:space="preserve">([\s\S]*?)<\/t><\/si>/g)].map((m) => unescapeXml(m[1]!))
  const names = [...strFromU8(files['xl/workbook.xml']!).matchAll(/<sheet name="([^"]*)"/g)].map((m) => unescapeXml(m[1]!))
  return names.map((name, i) => {
    const xml = strFromU8(files[`xl/worksheets/sheet${i + 1}.xml`]!)
    const rows = [...xml.matchAll(/<row r="(\d+)">([\s\S]*?)<\/row>/g)].map((row) => {
      const cells: string[] = []
      for (const c of row[2]!.matchAll(/<c r="([A-Z]+)\d+"(?: s="\d+")?( t="s")?><v>([^<]*)<\/v><\/c>/g)) {
        const column = [...c[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1
        while (cells.length < column) cells.push('')
        cells[column] = c[2] ? strings[Number(c[3])]! : c[3]!
      }
      return cells
    })
    return { name, xml, rows }
  })
}

async function national(allowed: string[] | null = null): Promise<Dashboard> {
  const dashboard = await getDashboard(testWork(db), { year, region: null, allowed })
  if (!dashboard.ok) throw new Error(dashboard.error)
  return dashboard.value
}

const indicatorNames = (locale: 'kk' | 'ru') => INDICATORS.map((i) => translate(locale, `targets.indicator.${i.key}`))

/** A number as Kazakh and Russian Excel read it: a decimal comma, no grouping. */
const kkNumber = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n).replace('.', ','))

/** The regions table as the export must write it: approved programmes have no regions, so their cells stay empty. */
const regionLine = (r: Dashboard['regions'][number]) =>
  [r.names.kk, r.code, ...INDICATORS.map((i) => (i.key === 'approved_programs' ? '' : kkNumber(r.values[i.key])))].join(';')

async function enrolled(cohortId: string, regionCode: string, schoolId: string, versionId: string) {
  const user = await createUser(db, { regionCode, schoolId })
  const result = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: localIsoDate(now()) })
  if (!result.ok) throw new Error(result.error)
  return { id: result.enrolmentId, course_version_id: versionId }
}

async function complete(enrolment: { id: string; course_version_id: string }) {
  await studyLesson(db, enrolment, 'start', 'welcome')
  await submitQuiz(testWork(db), enrolment, { moduleId: 'basics', lessonId: 'practice' }, 'basics-quiz', right.basics)
  const done = await submitQuiz(testWork(db), enrolment, { moduleId: 'final', lessonId: 'exam' }, 'final-exam', right.final)
  expect(done).toMatchObject({ ok: true, value: { passed: true } })
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'] })
  almatyAdmin = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
  teacher = await createUser(db, { roles: ['teacher'] })

  // Three teachers in Almaty (two finish) and two in Akmola (one finishes); a parent session in Almaty.
  const versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
  const course = { slug: 'e2e-short', versionId }
  almatyCohort = await createTestCohort(db, course, { capacity: 50, regionCode: 'KZ-75' })
  const akmolaCohort = await createTestCohort(db, course, { capacity: 50, regionCode: 'KZ-11' })
  const almaty = [
    await enrolled(almatyCohort, 'KZ-75', 'sch-kz75-1', versionId),
    await enrolled(almatyCohort, 'KZ-75', 'sch-kz75-1', versionId),
    await enrolled(almatyCohort, 'KZ-75', 'sch-kz75-2', versionId),
  ]
  const akmola = [await enrolled(akmolaCohort, 'KZ-11', 'sch-kz11-1', versionId), await enrolled(akmolaCohort, 'KZ-11', 'sch-kz11-1', versionId)]
  for (const e of [almaty[0]!, almaty[1]!, akmola[0]!]) await complete(e)
  const lessonKey = (await parentLessonChoices(testWork(db))).find((s) => s.courseId === 'family-support')!.lessons[0]!.key
  const session = await recordSession(testWork(db, { actorId: null }), {
    schoolId: 'sch-kz75-2',
    session: {
      courseId: 'family-support',
      lessonKey,
      heldOn: localIsoDate(now()),
      facilitator: 'Әсем Нұрланқызы',
      headCount: 20,
      notes: null,
      clientKey: undefined,
    },
    source: 'form',
  })
  expect(session.ok).toBe(true)
  // A title typed as a formula must stay text in a spreadsheet.
  await db.updateTable('cohorts').set({ title: '=HYPERLINK("http://x")' }).where('id', '=', almatyCohort).execute()
}, 120_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('the tables as CSV and Excel', () => {
  test('the regions CSV has the BOM, the header in the reader’s language, the dialect of their Excel and the numbers getDashboard gives', async () => {
    const res = await get(`/admin/dashboard/export/regions.csv?year=${year}`, admin)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="orken-regions-${year}.csv"`)
    const lines = await csvLines(res)
    expect(lines[0]).toBe(['Өңір', 'Өңір коды', ...indicatorNames('kk')].join(';'))
    expect(lines[0]).toContain('Сайтқа тіркелген пайдаланушылар саны')
    const dashboard = await national()
    expect(lines.slice(1)).toEqual([...dashboard.regions.map(regionLine), ''])
    expect(dashboard.regions.length).toBeGreaterThanOrEqual(20)
    // The activity recorded above is in it: two teachers trained and 20 parent attendances in Almaty.
    const almaty = dashboard.regions.find((r) => r.code === 'KZ-75')!
    expect(almaty.values.teachers_trained).toBeGreaterThanOrEqual(2)
    expect(almaty.values.parent_attendances).toBeGreaterThanOrEqual(20)
    expect(lines).toContain(regionLine(almaty))

    const ru = await csvLines(await get(`/admin/dashboard/export/regions.csv?year=${year}`, admin, 'ru'))
    // Russian names hold commas: with ";" between the cells they need no quotes.
    expect(ru[0]).toBe(toCsv([['Регион', 'Код региона', ...indicatorNames('ru')]], csvDialect('ru')).trimEnd())
    expect(ru[0]).toMatch(/^Регион;Код региона;Число педагогов, прошедших курсы повышения квалификации;/)
    expect(ru[1]).toBe([dashboard.regions[0]!.names.ru, ...regionLine(dashboard.regions[0]!).split(';').slice(1)].join(';'))
    // English: RFC 4180's commas.
    const en = await csvLines(await get(`/admin/dashboard/export/regions.csv?year=${year}`, admin, 'en'))
    expect(en[0]).toMatch(/^Region,Region code,Secondary-school teachers who completed/)
  })

  test('the indicators, the funnel and the cohorts: the same figures, a formula stays text', async () => {
    const dashboard = await national()
    const indicators = await csvLines(await get(`/admin/dashboard/export/indicators.csv?year=${year}`, admin))
    expect(indicators[0]).toBe('Көрсеткіш;Өлшем бірлігі;Мәні;Мақсат;Орындалуы, %;Жыл соңына болжам;Күйі')
    const trained = dashboard.indicators.find((f) => f.key === 'teachers_trained')!
    expect(indicators[1]).toBe(
      [
        indicatorNames('kk')[0],
        'педагогтер',
        kkNumber(trained.value),
        kkNumber(trained.target),
        kkNumber(Math.round(trained.ratio! * 1000) / 10),
        kkNumber(trained.projected),
        translate('kk', `dashboardExport.status.${trained.status}`),
      ].join(';'),
    )
    expect(indicators).toHaveLength(INDICATORS.length + 2)

    const funnel = await csvLines(await get(`/admin/dashboard/export/funnel-courses.csv?year=${year}`, admin, 'en'))
    expect(funnel[0]).toBe('Course,Enrolled,Started,Completed,Certified,Took part in monitoring,Given post-course support,"Certified, % of enrolled"')
    const total = dashboard.funnelByCourse.at(-1)!.steps
    expect(funnel.at(-2)).toBe(
      `Total,${total.funnel_enrolled},${total.funnel_started},${total.funnel_completed},${total.funnel_certified},${total.funnel_monitored},${total.funnel_supported},${Math.round((total.funnel_certified / total.funnel_enrolled) * 1000) / 10}`,
    )

    const cohorts = await csvLines(await get(`/admin/dashboard/export/cohorts.csv?year=${year}&course=e2e-short`, admin))
    expect(cohorts[0]).toBe(
      'Оқу тобы;Жазылды;Оқуды бастады;Курсты аяқтады;Сертификат алды;Мониторингке қатысты;Сүйемелдеу алды;Сертификат алғандар, жазылғандардың %',
    )
    // Three enrolled in Almaty, two finished and certified; the title typed as a formula is text.
    expect(cohorts).toContain(`"'=HYPERLINK(""http://x"")";3;2;2;2;0;0;66,7`)
  })

  test('the Excel file of a table opens and holds the same cells as the CSV', async () => {
    const res = await get(`/admin/dashboard/export/regions.xlsx?year=${year}`, admin)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="orken-regions-${year}.xlsx"`)
    const sheets = await readXlsx(res)
    expect(sheets.map((s) => s.name)).toEqual(['Өңірлер'])
    const csv = await csvLines(await get(`/admin/dashboard/export/regions.csv?year=${year}`, admin))
    // The CSV writes 12,5 where the sheet holds the number 12.5.
    expect(sheets[0]!.rows.map((r) => r.map((cell) => cell.replace(/^(-?\d+)\.(\d+)$/, '$1,$2')).join(';'))).toEqual(csv.slice(0, -1))
    const almaty = (await national()).regions.find((r) => r.code === 'KZ-75')!
    expect(sheets[0]!.xml).toContain(`<v>${almaty.values.parent_attendances}</v>`)
  })

  test('a table without rows is a valid file with its header only', async () => {
    // Mangystau has no schools with activity; 2020 is before the strategy's first month.
    const schools = await csvLines(await get(`/admin/dashboard/export/schools.csv?year=${year}&region=KZ-47`, admin))
    expect(schools).toEqual([
      ['Мектеп', 'Мектеп коды', 'Аудан', ...indicatorNames('kk').filter((_, i) => INDICATORS[i]!.key !== 'approved_programs')].join(';'),
      '',
    ])
    const months = await csvLines(await get('/admin/dashboard/export/months.csv?year=2020', admin))
    expect(months).toHaveLength(2)
    expect(months[0]).toMatch(/^Ай;/)
    expect(months[1]).toBe('')
    const sheets = await readXlsx(await get('/admin/dashboard/export/schools.xlsx?year=2020&region=KZ-47', admin))
    expect(sheets[0]!.rows).toHaveLength(1)
    expect(sheets[0]!.rows[0]![0]).toBe('Мектеп')
  })
})

describe('the annual data pack', () => {
  test('a Summary sheet, a sheet per indicator and a Funnel sheet, with valid unique names', async () => {
    const res = await get(`/admin/dashboard/pack/${year}.xlsx`, admin)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="orken-pack-${year}.xlsx"`)
    const sheets = await readXlsx(res)
    expect(sheets).toHaveLength(INDICATORS.length + 2)
    expect(sheets[0]!.name).toBe('Жиынтық')
    expect(sheets.at(-1)!.name).toBe('Воронка')
    for (const { name } of sheets) {
      expect(name.length).toBeLessThanOrEqual(31)
      expect(name).not.toMatch(/[[\]:*?/\\]/)
    }
    expect(new Set(sheets.map((s) => s.name.toLowerCase())).size).toBe(sheets.length)

    const dashboard = await national()
    const trained = dashboard.indicators.find((f) => f.key === 'teachers_trained')!
    const sheet = sheets.find((s) => s.name === 'Курстан өткен педагогтер')!
    expect(sheet.rows[0]).toEqual(['Көрсеткіш', indicatorNames('kk')[0]])
    expect(sheet.rows).toContainEqual(['Мақсат', String(trained.target)])
    expect(sheet.rows).toContainEqual(['Мәні', String(trained.value)])
    expect(sheet.rows).toContainEqual(['Жыл ішінде', String(trained.yearValue)])
    expect(sheet.rows).toContainEqual(['Қамтуы', 'Бүкіл Қазақстан'])
    const almaty = dashboard.regions.find((r) => r.code === 'KZ-75')!
    expect(sheet.rows).toContainEqual([almaty.names.kk, 'KZ-75', String(almaty.values.teachers_trained), String(almaty.yearValues.teachers_trained)])
    const lastMonth = dashboard.months.teachers_trained.at(-1)!
    expect(sheet.rows).toContainEqual([lastMonth.month, String(lastMonth.added), String(lastMonth.total)])
    expect(sheets[0]!.rows).toHaveLength(1 + INDICATORS.length + 4)
    expect(sheets.at(-1)!.rows.some((r) => r[0] === 'Барлығы')).toBe(true)
  })

  test('a regional admin’s pack covers their region, and its name says so', async () => {
    const res = await get(`/admin/dashboard/pack/${year}.xlsx`, almatyAdmin)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="orken-pack-${year}-KZ-75.xlsx"`)
    const sheets = await readXlsx(res)
    const almaty = (await national(['KZ-75'])).regions[0]!
    const sheet = sheets.find((s) => s.name === 'Ата-аналардың қатысуы')!
    expect(sheet.rows).toContainEqual(['Қамтуы', almaty.names.kk])
    expect(sheet.rows.filter((r) => /^KZ-\d\d$/.test(r[1] ?? ''))).toEqual([
      [almaty.names.kk, 'KZ-75', String(almaty.values.parent_attendances), String(almaty.yearValues.parent_attendances)],
    ])
    // Targets are national: a region's pack has none.
    expect(sheet.rows).toContainEqual(['Күйі', 'Мақсат қойылмаған'])
  })
})

describe('who may download what', () => {
  test('a regional admin gets their regions only, and 403 for another region', async () => {
    const res = await get(`/admin/dashboard/export/regions.csv?year=${year}`, almatyAdmin)
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="orken-regions-${year}-KZ-75.csv"`)
    const lines = await csvLines(res)
    expect(lines.slice(1)).toEqual([regionLine((await national(['KZ-75'])).regions[0]!), ''])
    expect((await get(`/admin/dashboard/export/regions.csv?year=${year}&region=KZ-11`, almatyAdmin)).status).toBe(403)
    expect((await get(`/admin/dashboard/export/schools.xlsx?year=${year}&region=KZ-11`, almatyAdmin)).status).toBe(403)
    expect((await get(`/admin/dashboard/pack/${year}.xlsx?region=KZ-11`, almatyAdmin)).status).toBe(403)
    // Their own region's schools without asking for it.
    const schools = await csvLines(await get(`/admin/dashboard/export/schools.csv?year=${year}`, almatyAdmin))
    expect(schools.some((l) => l.includes(';sch-kz75-1;'))).toBe(true)
  })

  test('a teacher gets 403', async () => {
    expect((await get(`/admin/dashboard/export/regions.csv?year=${year}`, teacher)).status).toBe(403)
    expect((await get(`/admin/dashboard/pack/${year}.xlsx`, teacher)).status).toBe(403)
  })

  test('a bad year is 400 with the reason in the reader’s language; an unknown table, format or region is 404', async () => {
    const bad = await get('/admin/dashboard/export/regions.csv?year=abc', admin)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toBe('Жыл 2020-дан 2100-ге дейінгі бүтін сан болуы керек.')
    const ru = await get('/admin/dashboard/pack/1999.xlsx', admin, 'ru')
    expect(ru.status).toBe(400)
    expect(await ru.text()).toBe('Год — целое число от 2020 до 2100.')
    expect((await get('/admin/dashboard/export/regions.csv?year=20266', admin)).status).toBe(400)
    expect((await get('/admin/dashboard/pack/abc.xlsx', admin)).status).toBe(400)
    expect((await get(`/admin/dashboard/export/nothing.csv?year=${year}`, admin)).status).toBe(404)
    expect((await get(`/admin/dashboard/export/regions.pdf?year=${year}`, admin)).status).toBe(404)
    expect((await get(`/admin/dashboard/pack/${year}.csv`, admin)).status).toBe(404)
    expect((await get(`/admin/dashboard/export/regions.csv?year=${year}&region=KZ-99`, admin)).status).toBe(404)
    expect((await get(`/admin/dashboard/export/cohorts.csv?year=${year}&course=no-such-course`, admin)).status).toBe(404)
    const noCourse = await get(`/admin/dashboard/export/cohorts.csv?year=${year}`, admin, 'en')
    expect(noCourse.status).toBe(400)
    expect(await noCourse.text()).toBe('Choose a course for the cohorts table (course=...).')
  })
})
