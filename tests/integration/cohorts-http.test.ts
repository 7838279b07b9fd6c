import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, type FixtureUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// Cohorts and rosters over real HTTP, as a browser without JavaScript uses
// them: who may see a roster, the CSV export, and the create-cohort form.

let server: RunningServer
let db: Database
let course: Awaited<ReturnType<typeof createTestCourse>>
let cohortA: string
let cohortB: string
type Who = 'admin' | 'trainerA' | 'trainerB' | 'teacher' | 'regionalOwn' | 'regionalOther'
let users: Record<Who, FixtureUser>
const cookies: Partial<Record<Who, string>> = {}

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...headers },
    body: new URLSearchParams(fields).toString(),
  })
}

async function cookieOf(who: Who): Promise<string> {
  if (!cookies[who]) {
    const res = await post('/login', { login: users[who].email, password: TEST_PASSWORD })
    expect(res.status).toBe(302)
    const session = res.headers.getSetCookie().find((c) => c.startsWith('orken_session='))
    cookies[who] = session!.split(';')[0]!
  }
  return cookies[who]!
}

async function get(path: string, who: Who | null, extraCookie = '') {
  const cookie = [who ? await cookieOf(who) : '', extraCookie].filter(Boolean).join('; ')
  return fetch(server.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })
}

async function cohortCount() {
  const row = await db
    .selectFrom('cohorts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  course = await createTestCourse(db)
  users = {
    admin: await createUser(db, { roles: ['admin'] }),
    trainerA: await createUser(db, { roles: ['trainer'], fullName: 'Тренер Арман' }),
    trainerB: await createUser(db, { roles: ['trainer'], fullName: 'Тренер Бекзат' }),
    teacher: await createUser(db, { roles: ['teacher'] }),
    regionalOwn: await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' }),
    regionalOther: await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-11' }),
  }
  cohortA = await createTestCohort(db, course, { trainerId: users.trainerA.id, regionCode: 'KZ-75', endsOn: '2099-12-31' })
  cohortB = await createTestCohort(db, course, { trainerId: users.trainerB.id, regionCode: 'KZ-75', endsOn: '2099-12-31' })
  const today = localIsoDate(now())
  for (const fullName of ['Серікқызы, Әлия "Ақбота"', 'Дәулет Нұрланов']) {
    const learner = await createUser(db, { fullName })
    const result = await enrol(testWork(db), { userId: learner.id, cohortId: cohortA, source: 'admin', today })
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
  await enrol(testWork(db), { userId: users.teacher.id, cohortId: cohortB, source: 'self', today })
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('who sees a roster', () => {
  test('the cohort’s trainer sees its roster, and only their own cohorts on their page', async () => {
    const roster = await get(`/cohorts/${cohortA}/roster`, 'trainerA')
    expect(roster.status).toBe(200)
    const html = await roster.text()
    expect(html).toContain('Дәулет Нұрланов')
    expect(html).toContain('Тыңдаушылар: 2')
    expect(html).toContain('«Негіздер» модулінің тесті')
    const mine = await (await get('/trainer', 'trainerA')).text()
    expect(mine).toContain(`/cohorts/${cohortA}/roster`)
    expect(mine).not.toContain(`/cohorts/${cohortB}/roster`)
  })

  test.each([
    ['another trainer', 'trainerB'],
    ['a teacher', 'teacher'],
    ['a regional admin of another region', 'regionalOther'],
  ] as const)('%s gets 403 on the page and the CSV', async (_name, who) => {
    const page = await get(`/cohorts/${cohortA}/roster`, who)
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('Бұл бетті көруге құқығыңыз жоқ')
    expect((await get(`/cohorts/${cohortA}/roster.csv`, who)).status).toBe(403)
  })

  test('an admin and a regional admin of the cohort’s region see it; a guest is sent to log in', async () => {
    expect((await get(`/cohorts/${cohortA}/roster`, 'admin')).status).toBe(200)
    expect((await get(`/cohorts/${cohortA}/roster`, 'regionalOwn')).status).toBe(200)
    const guest = await get(`/cohorts/${cohortA}/roster.csv`, null)
    expect(guest.status).toBe(302)
    expect(guest.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent(`/cohorts/${cohortA}/roster.csv`)}`)
    expect((await get('/cohorts/no-such-cohort/roster', 'admin')).status).toBe(404)
  })

  test('the admin list shows a regional admin their region’s cohorts only', async () => {
    const own = await (await get('/admin/cohorts', 'regionalOwn')).text()
    expect(own).toContain(`/cohorts/${cohortA}/roster`)
    const other = await get('/admin/cohorts?region=KZ-75', 'regionalOther')
    expect(other.status).toBe(200)
    expect(await other.text()).not.toContain(`/cohorts/${cohortA}/roster`)
    expect((await get('/admin/cohorts', 'trainerA')).status).toBe(403)
  })
})

describe('the roster as CSV', () => {
  test('is UTF-8 with a BOM, a Kazakh header, Kazakh Excel’s separator and one row per enrolment', async () => {
    const res = await get(`/cohorts/${cohortA}/roster.csv`, 'trainerA')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="roster-${cohortA}.csv"`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toBe(
      'Аты-жөні;ЖСН;Электрондық пошта;Күйі;Оқу барысы, %;Өтілген сабақтар;Барлық сабақ;' +
        '«Негіздер» модулінің тесті: ең жоғары нәтиже, %;Қорытынды емтихан: ең жоғары нәтиже, %;Соңғы белсенділік',
    )
    const names = await db
      .selectFrom('users')
      .innerJoin('enrolments', 'enrolments.user_id', 'users.id')
      .select(['users.iin', 'users.email', 'users.full_name'])
      .where('enrolments.cohort_id', '=', cohortA)
      .execute()
    const aliya = names.find((n) => n.full_name.startsWith('Серікқызы'))!
    const daulet = names.find((n) => n.full_name.startsWith('Дәулет'))!
    expect(lines.slice(1, 3)).toEqual([
      // The best score, and the last activity in Almaty time as ISO date and time.
      `Дәулет Нұрланов;${daulet.iin};${daulet.email};Оқып жатыр;0;0;3;85;;2026-03-10 13:00`,
      `"Серікқызы, Әлия ""Ақбота""";${aliya.iin};${aliya.email};Оқып жатыр;0;0;3;;;`,
    ])
  })

  test('has its header in the reader’s language', async () => {
    const res = await get(`/cohorts/${cohortA}/roster.csv`, 'regionalOwn', 'orken_lang=ru')
    const text = new TextDecoder().decode(await res.arrayBuffer())
    expect(text.split('\r\n')[0]).toMatch(/^ФИО;ИИН;Электронная почта;Статус;Прогресс, %/)
  })
})

describe('creating a cohort without JavaScript', () => {
  const form = (overrides: Record<string, string> = {}) => ({
    courseId: course.slug,
    title: 'Шымкент, күз 2026',
    lang: 'kk',
    startsOn: '2026-09-01',
    endsOn: '2026-11-30',
    trainerId: users.trainerA.id,
    capacity: '40',
    regionCode: 'KZ-75',
    ...overrides,
  })
  const path = () => `/admin/cohorts/new?course=${course.slug}`

  test.each([
    ['an end before the start', { endsOn: '2026-08-01' }, 'Аяқталу күні басталу күнінен ерте болмауы керек.'],
    ['no places', { capacity: '0' }, 'Орын саны 1-ден 10 000-ға дейін болуы керек.'],
    ['a language the course lacks', { lang: 'en' }, 'Бұл курс таңдалған тілде жоқ.'],
    ['someone who is not a trainer', { trainerId: 'not-a-trainer' }, 'Таңдалған пайдаланушы тренер емес.'],
  ])('%s is refused with a Kazakh message and nothing is written', async (_name, override, message) => {
    const before = await cohortCount()
    const res = await post(path(), form(override), { Cookie: await cookieOf('admin') })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain(message)
    expect(await cohortCount()).toBe(before)
  })

  test('a regional admin cannot create one in another region', async () => {
    const before = await cohortCount()
    const res = await post(path(), form({ regionCode: 'KZ-75' }), { Cookie: await cookieOf('regionalOther') })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Оқу тобын тек өз өңіріңізде құра аласыз.')
    expect(await cohortCount()).toBe(before)
  })

  test('a valid form creates it and goes back to the list; a trainer may not post it', async () => {
    expect((await post(path(), form(), { Cookie: await cookieOf('trainerA') })).status).toBe(403)
    const res = await post(path(), form(), { Cookie: await cookieOf('regionalOwn') })
    expect(res.status).toBe(302)
    const id = /created=([a-z2-7]+)/.exec(res.headers.get('location') ?? '')?.[1]
    const row = await db
      .selectFrom('cohorts')
      .selectAll()
      .where('id', '=', id ?? '')
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      title: 'Шымкент, күз 2026',
      course_version_id: course.versionId,
      capacity: 40,
      region_code: 'KZ-75',
      created_by: users.regionalOwn.id,
    })
  })
})

describe('opening and closing enrolment', () => {
  const status = async () => (await db.selectFrom('cohorts').select('status').where('id', '=', cohortA).executeTakeFirstOrThrow()).status

  test('the cohort’s trainer and another region’s admin may not', async () => {
    expect((await post(`/cohorts/${cohortA}/roster`, { intent: 'close' }, { Cookie: await cookieOf('trainerA') })).status).toBe(403)
    expect((await post(`/cohorts/${cohortA}/roster`, { intent: 'close' }, { Cookie: await cookieOf('regionalOther') })).status).toBe(403)
    expect(await status()).toBe('open')
  })

  test('a regional admin of its region closes and reopens it', async () => {
    const closed = await post(`/cohorts/${cohortA}/roster`, { intent: 'close' }, { Cookie: await cookieOf('regionalOwn') })
    expect(closed.status).toBe(200)
    expect(await status()).toBe('closed')
    expect(await closed.text()).toContain('Бұл топқа қабылдау жабылды.')
    await post(`/cohorts/${cohortA}/roster`, { intent: 'open' }, { Cookie: await cookieOf('regionalOwn') })
    expect(await status()).toBe('open')
    expect((await post(`/cohorts/${cohortA}/roster`, { intent: 'delete' }, { Cookie: await cookieOf('admin') })).status).toBe(400)
  })
})
