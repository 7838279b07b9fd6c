import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { DAY, addMs, now, nowIso } from '#app/modules/clock/clock.server.ts'
import { recordSession, type SessionInput } from '#app/modules/parents/sessions.server.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// The attendance report, its CSV export, centre settings and the sessions
// import over real HTTP against the built server: who may see and change
// what, the CSV's bytes, and a sample file that goes round trip.

let server: RunningServer
let db: Database
let admin: FixtureUser
let almatyAdmin: FixtureUser
let coordinator: FixtureUser
let otherCoordinator: FixtureUser
let teacher: FixtureUser
const login = sessionLogin(() => server)

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

async function upload(user: FixtureUser, bytes: string | Uint8Array<ArrayBuffer>, name = 'sessions.csv') {
  const form = new FormData()
  form.set('file', new File([bytes], name, { type: 'text/csv' }))
  return fetch(`${server.url}/admin/parents/import`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: await login(user), Origin: server.url },
    body: form,
  })
}

async function finishedJobPage(location: string, user: FixtureUser): Promise<string> {
  const jobId = location.split('/').pop()!
  for (let i = 0; i < 100; i++) {
    const job = await db.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirstOrThrow()
    if (job.status !== 'running') return (await get(location, user)).text()
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the job did not finish')
}

async function record(schoolId: string, heldOn: string, headCount: number, lessonKey = 'lessons/listening') {
  const session: SessionInput = { courseId: 'family-support', lessonKey, heldOn, facilitator: 'Әсем Нұрланқызы', headCount, notes: null, clientKey: undefined }
  const result = await recordSession(testWork(db, { actorId: null }), { schoolId, session, source: 'form' })
  if (!result.ok) throw new Error(JSON.stringify(result))
}

/** The text of a CSV response, which must start with the UTF-8 byte-order mark (res.text() would drop it). */
async function csvText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1)
}

const csvLines = async (res: Response) => (await csvText(res)).split('\r\n')

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'] })
  almatyAdmin = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
  coordinator = await createUser(db, { roles: ['coordinator'], schoolId: 'sch-kz75-1' })
  otherCoordinator = await createUser(db, { roles: ['coordinator'], schoolId: 'sch-kz75-2' })
  teacher = await createUser(db, { roles: ['teacher'] })
  // In 2025: the server seeds demo sessions over the last weeks, which the 2025 figures never see.
  await record('sch-kz75-1', '2025-01-15', 20)
  await record('sch-kz75-1', '2025-01-15', 9) // the same lesson that day: flagged
  await record('sch-kz75-3', '2025-02-03', 25)
  await record('sch-kz11-1', '2025-02-04', 30)
  // A school whose name a spreadsheet would run as a formula.
  await db
    .insertInto('schools')
    .values({
      id: 'sch-formula',
      region_code: 'KZ-75',
      district: 'Formula',
      name_kk: '=HYPERLINK("http://x")',
      name_ru: '=HYPERLINK("http://x")',
      name_en: '=HYPERLINK("http://x")',
      is_demo: 0,
      created_at: nowIso(),
    })
    .execute()
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('who may see the report', () => {
  test('admins and regional admins open it; a coordinator, a teacher get 403; a visitor the login page', async () => {
    expect((await get('/admin/parents', admin)).status).toBe(200)
    expect((await get('/admin/parents', almatyAdmin)).status).toBe(200)
    expect((await get('/admin/parents', coordinator)).status).toBe(403)
    expect((await get('/admin/parents.csv', teacher)).status).toBe(403)
    const anonymous = await get('/admin/parents', null)
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toContain('/login?redirectTo=')
  })

  test('a regional admin sees their region and gets 403 for another, on the page and in the CSV', async () => {
    const page = await (await get('/admin/parents?year=2026', almatyAdmin)).text()
    expect(page).toContain('region=KZ-75')
    expect(page).not.toContain('region=KZ-11')
    expect(page).toContain('7\u00a0920\u00a0000') // the 2026 target, in Kazakh number format
    expect((await get('/admin/parents?year=2026&region=KZ-11', almatyAdmin)).status).toBe(403)
    expect((await get('/admin/parents.csv?year=2025&region=KZ-11', almatyAdmin)).status).toBe(403)
    const districts = await (await get('/admin/parents?year=2026&region=KZ-75', almatyAdmin)).text()
    expect(districts).toContain('Медеу ауданы')
    expect(districts).toContain('district=%D0%9C%D0%B5%D0%B4%D0%B5%D1%83')
  })
})

describe('the CSV export', () => {
  test("has a BOM, the reader's headers, their Excel's separator and the right rows", async () => {
    const res = await get('/admin/parents.csv?year=2025', almatyAdmin)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="parent-attendance-2025.csv"')
    expect(await csvLines(res)).toEqual(['Өңір;Өңір коды;Сабақтар;Қатысу;Тіркелулер;Тіркелу үлесі, %;Қайталау', 'Алматы;KZ-75;2;45;0;0;1', ''])
    const all = await csvLines(await get('/admin/parents.csv?year=2025', admin))
    expect(all).toHaveLength(22)
    expect(all).toContain('Ақмола облысы;KZ-11;1;30;0;0;0')
    const months = await csvLines(await get('/admin/parents.csv?year=2025&table=months', admin))
    expect(months.slice(0, 4)).toEqual([
      'Ай;Сабақтар;Қатысу;Тіркелулер;Тіркелу үлесі, %;Қайталау',
      '2025-01;1;20;0;0;1',
      '2025-02;2;55;0;0;0',
      '2025-03;0;0;0;;0',
    ])
  })

  test("a district's schools, with a formula-looking name kept as text", async () => {
    const lines = await csvLines(await get('/admin/parents.csv?year=2025&region=KZ-75&district=Formula', almatyAdmin))
    expect(lines).toEqual(['Мектеп;Мектеп коды;Сабақтар;Қатысу;Тіркелулер;Тіркелу үлесі, %;Қайталау', `"'=HYPERLINK(""http://x"")";sch-formula;0;0;0;;0`, ''])
  })

  test('an empty table is a valid CSV with just the header', async () => {
    const res = await get('/admin/parents.csv?year=2025&region=KZ-75&district=Nowhere', almatyAdmin)
    expect(res.status).toBe(200)
    expect(await csvText(res)).toBe(`Мектеп;Мектеп коды;Сабақтар;Қатысу;Тіркелулер;Тіркелу үлесі, %;Қайталау\r\n`)
  })
})

describe('centre settings', () => {
  test('a regional admin changes a centre of their region; a bad value is refused with its reason; another region is 403', async () => {
    const page = await (await get('/admin/parents/centres', almatyAdmin)).text()
    expect(page).toContain('sch-kz75-3')
    expect(page).not.toContain('sch-kz11-1')
    expect((await get('/admin/parents/centres?region=KZ-11', almatyAdmin)).status).toBe(403)
    expect((await get('/admin/parents/centres', coordinator)).status).toBe(403)

    const refused = await post('/admin/parents/centres', almatyAdmin, { schoolId: 'sch-kz75-3', region: 'KZ-75', capacity: '0', openedOn: '2025-01-10' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Сыйымдылық — 1-ден 5000-ға дейінгі бүтін сан.')
    const saved = await post('/admin/parents/centres', almatyAdmin, { schoolId: 'sch-kz75-3', region: 'KZ-75', capacity: '40', openedOn: '2025-01-10' })
    expect(saved.status).toBe(302)
    expect(saved.headers.get('location')).toBe('/admin/parents/centres?region=KZ-75&saved=sch-kz75-3#centre-sch-kz75-3')
    expect(await db.selectFrom('parent_centres').select(['capacity', 'opened_on']).where('school_id', '=', 'sch-kz75-3').executeTakeFirst()).toEqual({
      capacity: 40,
      opened_on: '2025-01-10',
    })
    expect((await post('/admin/parents/centres', almatyAdmin, { schoolId: 'sch-kz11-1', capacity: '40', openedOn: '2025-01-10' })).status).toBe(403)
  })
})

describe('the sessions import', () => {
  test('a coordinator downloads the sample, uploads it, and uploading it again records nothing new', async () => {
    const page = await (await get('/admin/parents/import', coordinator)).text()
    expect(page).toContain('href="/admin/parents/import/sample.csv"')
    expect(page).toContain('lessons/listening')
    const sample = await get('/admin/parents/import/sample.csv', coordinator)
    expect(sample.status).toBe(200)
    const bytes = new Uint8Array(await sample.arrayBuffer())
    // In the dialect of a Kazakh Excel: semicolons.
    expect(new TextDecoder().decode(bytes)).toContain('sch-kz75-1;family-support;lessons/listening')

    const first = await upload(coordinator, bytes)
    expect(first.status).toBe(302)
    const location = first.headers.get('location')!
    expect(location).toMatch(/^\/admin\/parents\/import\/[a-z2-7]{16}$/)
    const done = await finishedJobPage(location, coordinator)
    expect(done).toContain('Импорт аяқталды.')
    expect((await get(location, otherCoordinator)).status).toBe(403)
    expect((await get(location, admin)).status).toBe(200)
    const csvSessions = () => db.selectFrom('parent_sessions').select('id').where('source', '=', 'csv').execute()
    expect(await csvSessions()).toHaveLength(2)

    const again = await finishedJobPage((await upload(coordinator, bytes)).headers.get('location')!, coordinator)
    expect(again).toContain('Импорт аяқталды.')
    expect(await csvSessions()).toHaveLength(2)
    const last = await db.selectFrom('jobs').select('result').where('kind', '=', 'parent_sessions').orderBy('created_at', 'desc').executeTakeFirstOrThrow()
    expect(JSON.parse(last.result!)).toMatchObject({ kind: 'counts', recorded: 0, already: 2 })
  })

  test("bad rows come back with their line numbers and reasons in the reader's language; a row for another school is one of them", async () => {
    const tomorrow = localIsoDate(addMs(now(), DAY))
    const good = localIsoDate(addMs(now(), -5 * DAY))
    const file = [
      'Мектеп,Сабақтар топтамасы,Сабақ,Күні,Жүргізуші,Қатысқандар саны',
      `,family-support,lessons/emotions,${tomorrow},Әсем Нұрланқызы,10`,
      `sch-kz75-2,family-support,lessons/emotions,${good},Әсем Нұрланқызы,10`,
      `,family-support,lessons/emotions,${good},Әсем Нұрланқызы,0`,
    ].join('\n')
    const page = await finishedJobPage((await upload(coordinator, file)).headers.get('location')!, coordinator)
    expect(page).toContain('Файлда қателер бар, сондықтан ештеңе сақталмады.')
    expect(page).toMatch(/<td>2<\/td><td>Сабақ күні болашақта болмауы керек\.<\/td>/)
    expect(page).toMatch(/<td>3<\/td><td>«sch-kz75-2» мектебінің сабақтарын жазуға құқығыңыз жоқ\.<\/td>/)
    expect(page).toMatch(/<td>4<\/td><td>Қатысушылар саны кемінде 1 болуы керек\.<\/td>/)
  })

  test('a file that is not a sessions CSV is refused on the form; a teacher may not upload', async () => {
    const res = await upload(coordinator, 'ЖСН,Аты-жөні\n1,2\n')
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Бірінші жолда баған атаулары жоқ.')
    expect((await upload(teacher, 'x')).status).toBe(403)
    expect((await get('/admin/parents/import', teacher)).status).toBe(403)
  })
})
