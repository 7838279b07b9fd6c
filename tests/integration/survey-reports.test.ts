import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { buildXlsx, columnName, escapeXml } from '#app/modules/exports/xlsx.server.ts'
import { reportFilter, type ReportFilter } from '#app/modules/surveys/report-filter.server.ts'
import { reportTables } from '#app/modules/surveys/report-tables.server.ts'
import { listSurveyStats } from '#app/modules/surveys/report-counts.server.ts'
import { getSurveyReport, type ChangeResult, type SurveyReport } from '#app/modules/surveys/reports.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, type FixtureUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// Survey reports on responses written straight into the tables, as the synced
// course-pre, course-end (anonymous) and course-followup surveys store them.
// Every expected number is worked out here from the answers themselves.

let server: RunningServer
let db: Database
let courseId: string
let cohortA: string
let cohortB: string
type Who = 'admin' | 'regionalOwn' | 'regionalOther' | 'teacher'
let users: Record<Who, FixtureUser>
const cookies: Partial<Record<Who, string>> = {}

// Cohort A (Almaty, KZ-75): 12 teachers answer before the course and 90 days
// after it. Cohort B (Akmola, KZ-11): 5 invited, 3 answer at both stages.
const A = 12
const preA = Array.from({ length: A }, (_, i) => ({
  notice: 2 + (i % 3),
  talk: 2 + (i % 2),
  respondR: 4 - (i % 2),
  refer: 3,
  role: (['subject-teacher', 'primary-teacher', 'class-teacher'] as const)[i % 3],
}))
// Every item one point better after the course (the reverse item one point
// lower); conf-refer two points better for every second teacher.
const followA = preA.map((p, i) => ({ notice: p.notice + 1, talk: p.talk + 1, respondR: p.respondR - 1, refer: p.refer + (i % 2 ? 2 : 0) }))
const preB = Array.from({ length: 3 }, () => ({ notice: 5, talk: 3, respondR: 3, refer: 3, role: 'psychologist' as const }))
// Anonymous end-of-course answers from 10 of cohort A.
const endA = Array.from({ length: 10 }, (_, j) => (j < 5 ? { notice: 4, talk: 4, respondR: 2, refer: 4 } : { notice: 5, talk: 4, respondR: 1, refer: 4 }))
const recommend = [7, 8, 9, 10, 10, 8, 9, 6, 10, 9]

type Conf = { notice: number; talk: number; respondR: number; refer: number }
const confidence = (c: Conf) => (c.notice + c.talk + (6 - c.respondR) + c.refer) / 4
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1))

function post(path: string, fields: Record<string, string>) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams(fields).toString(),
  })
}

async function get(path: string, who: Who) {
  if (!cookies[who]) {
    const res = await post('/login', { login: users[who].email, password: TEST_PASSWORD })
    expect(res.status).toBe(302)
    cookies[who] = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('orken_session='))!
      .split(';')[0]!
  }
  return fetch(server.url + path, { redirect: 'manual', headers: { Cookie: cookies[who]! } })
}

type Answer = { item: string; num?: number; option?: string; text?: string }
const confAnswers = (c: Conf): Answer[] => [
  { item: 'conf-notice', num: c.notice },
  { item: 'conf-talk', num: c.talk },
  { item: 'conf-respond-r', num: c.respondR },
  { item: 'conf-refer', num: c.refer },
]
const practice = (value: number): Answer[] => ['prac-agreements', 'prac-bystanders', 'prac-observations', 'prac-parents'].map((item) => ({ item, num: value }))

let versions: Map<string, string>

async function respond(o: {
  survey: string
  key: string
  cohort: string
  region: string
  enrolmentId: string | null
  userId: string | null
  period: string
  answers: Answer[]
}) {
  const id = newId()
  await db
    .insertInto('survey_responses')
    .values({
      id,
      survey_id: o.survey,
      survey_version_id: versions.get(o.survey)!,
      purpose: o.key.split(':')[0]!,
      schedule_key: o.key,
      course_id: courseId,
      cohort_id: o.cohort,
      region_code: o.region,
      enrolment_id: o.enrolmentId,
      user_id: o.userId,
      period: o.period,
      submitted_at: o.enrolmentId ? `${o.period}-15T06:00:00.000Z` : null,
    })
    .execute()
  await db
    .insertInto('survey_answers')
    .values(o.answers.map((a) => ({ response_id: id, item_id: a.item, value_num: a.num ?? null, option_id: a.option ?? null, value_text: a.text ?? null })))
    .execute()
}

async function assign(
  survey: string,
  key: string,
  teacher: { userId: string; enrolmentId: string; cohort: string; region: string },
  status: 'assigned' | 'started' | 'submitted',
  assignedAt: string,
) {
  await db
    .insertInto('survey_assignments')
    .values({
      id: newId(),
      survey_id: survey,
      survey_version_id: versions.get(survey)!,
      user_id: teacher.userId,
      enrolment_id: teacher.enrolmentId,
      course_id: courseId,
      cohort_id: teacher.cohort,
      region_code: teacher.region,
      schedule_key: key,
      status,
      assigned_at: assignedAt,
      started_at: status === 'assigned' ? null : assignedAt,
      submitted_at: status === 'submitted' ? assignedAt : null,
      reminders_sent: 0,
      last_reminded_at: null,
    })
    .execute()
}

async function teacher(cohort: string, region: string) {
  const user = await createUser(db, { regionCode: region })
  const enrolmentId = newId()
  await db
    .insertInto('enrolments')
    .values({
      id: enrolmentId,
      cohort_id: cohort,
      course_id: courseId,
      user_id: user.id,
      status: 'completed',
      source: 'admin',
      lessons_done: 3,
      lessons_total: 3,
      last_module_id: null,
      last_lesson_id: null,
      final_score: 90,
      enrolled_at: '2026-02-01T06:00:00.000Z',
      started_at: null,
      last_activity_at: null,
      completed_at: '2026-03-10T06:00:00.000Z',
      ended_at: null,
    })
    .execute()
  return { userId: user.id, enrolmentId, cohort, region }
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  const course = await createTestCourse(db)
  courseId = course.slug
  cohortA = await createTestCohort(db, course, { regionCode: 'KZ-75' })
  cohortB = await createTestCohort(db, course, { regionCode: 'KZ-11' })
  users = {
    admin: await createUser(db, { roles: ['admin'] }),
    regionalOwn: await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' }),
    regionalOther: await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-11' }),
    teacher: await createUser(db, { roles: ['teacher'] }),
  }
  const rows = await db.selectFrom('surveys').select(['id', 'current_version_id']).execute()
  versions = new Map(rows.map((r) => [r.id, r.current_version_id!]))

  for (const [i, p] of preA.entries()) {
    const t = await teacher(cohortA, 'KZ-75')
    await assign('course-pre', 'pre', t, 'submitted', '2026-02-02T06:00:00.000Z')
    await respond({
      survey: 'course-pre',
      key: 'pre',
      cohort: cohortA,
      region: 'KZ-75',
      enrolmentId: t.enrolmentId,
      userId: t.userId,
      period: '2026-02',
      answers: [
        { item: 'role', option: p.role },
        ...confAnswers(p),
        ...practice(3),
        ...(i < 2 ? [{ item: 'expectations', text: 'Буллингті қалай тоқтатуға болады?' }] : []),
      ],
    })
    await assign('course-end', 'end', t, i < 10 ? 'submitted' : i === 10 ? 'started' : 'assigned', '2026-03-10T06:00:00.000Z')
    await assign('course-followup', 'followup:90', t, 'submitted', '2026-06-08T06:00:00.000Z')
    await respond({
      survey: 'course-followup',
      key: 'followup:90',
      cohort: cohortA,
      region: 'KZ-75',
      enrolmentId: t.enrolmentId,
      userId: t.userId,
      period: '2026-06',
      answers: [
        ...confAnswers(followA[i]!),
        ...practice(4),
        { item: 'applied-practices', option: 'class-rules' },
        ...(i % 2 === 0 ? [{ item: 'applied-practices', option: 'bystanders' }] : []),
      ],
    })
  }
  // The end-of-course survey is anonymous: no enrolment, no person, only the month.
  for (const [j, e] of endA.entries()) {
    await respond({
      survey: 'course-end',
      key: 'end',
      cohort: cohortA,
      region: 'KZ-75',
      enrolmentId: null,
      userId: null,
      period: '2026-03',
      answers: [...confAnswers(e), ...practice(4), { item: 'recommend', num: recommend[j]! }, { item: 'workload', option: j < 7 ? 'right' : 'heavy' }],
    })
  }
  for (const [i, p] of preB.entries()) {
    const t = await teacher(cohortB, 'KZ-11')
    await assign('course-pre', 'pre', t, 'submitted', '2026-02-03T06:00:00.000Z')
    await respond({
      survey: 'course-pre',
      key: 'pre',
      cohort: cohortB,
      region: 'KZ-11',
      enrolmentId: t.enrolmentId,
      userId: t.userId,
      period: '2026-02',
      answers: [{ item: 'role', option: p.role }, ...confAnswers(p), ...practice(3)],
    })
    await assign('course-followup', 'followup:90', t, 'submitted', '2026-06-09T06:00:00.000Z')
    await respond({
      survey: 'course-followup',
      key: 'followup:90',
      cohort: cohortB,
      region: 'KZ-11',
      enrolmentId: t.enrolmentId,
      userId: t.userId,
      period: '2026-06',
      answers: [...confAnswers(p), ...practice(3)],
    })
    if (i === 0) {
      await assign('course-pre', 'pre', await teacher(cohortB, 'KZ-11'), 'started', '2026-02-03T06:00:00.000Z')
      await assign('course-pre', 'pre', await teacher(cohortB, 'KZ-11'), 'assigned', '2026-02-03T06:00:00.000Z')
    }
  }
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

const all = (): ReportFilter => ({ courseId, regions: null })
async function report(surveyId: string, filter: ReportFilter = all()): Promise<SurveyReport> {
  const r = await getSurveyReport(testWork(db), surveyId, filter)
  if (!r) throw new Error(`no survey ${surveyId}`)
  return r
}
const shown = <T extends { hidden: boolean }>(r: T) => {
  if (r.hidden) throw new Error('expected a shown result')
  return r as Exclude<T, { hidden: true }>
}
const item = (r: SurveyReport, id: string) => r.items.find((i) => i.id === id)!
const change = (r: SurveyReport, scaleId: string, from: string, to: string) =>
  r.changes.find((c) => c.scaleId === scaleId && c.from === from && c.to === to) as ChangeResult

describe('response rates come from the assignments', () => {
  test('invited, started and completed, by survey and by region', async () => {
    expect((await report('course-pre')).funnel).toEqual({ invited: 17, started: 16, completed: 15 })
    expect((await report('course-pre', { ...all(), regions: ['KZ-11'] })).funnel).toEqual({ invited: 5, started: 4, completed: 3 })
    const end = await report('course-end')
    expect(end.survey.anonymous).toBe(true)
    // Anonymous responses carry no assignment: the rate is the assignments', the count the responses'.
    expect(end.funnel).toEqual({ invited: 12, started: 11, completed: 10 })
    expect(end.responses).toBe(10)
  })

  test('the list counts each survey within the filter', async () => {
    const rows = await listSurveyStats(testWork(db), { courseId, regions: ['KZ-11'] })
    expect(rows.map((r) => r.id)).toEqual(['course-pre', 'course-end', 'course-followup', 'parent-feedback'])
    expect(rows[0]).toMatchObject({ invited: 5, started: 4, completed: 3, responses: 3, purpose: 'pre', anonymous: false })
    expect(rows[1]).toMatchObject({ invited: 0, responses: 0, anonymous: true })
  })

  test('a period counts the months given, both included', async () => {
    const march = await report('course-end', { ...all(), from: '2026-03', to: '2026-03' })
    expect(march.funnel.invited).toBe(12)
    expect(march.responses).toBe(10)
    const later = await report('course-end', { ...all(), from: '2026-04' })
    expect(later.funnel.invited).toBe(0)
    expect(later.responses).toBe(0)
    expect(item(later, 'recommend').result).toEqual({ hidden: true })
  })
})

describe('distributions and means', () => {
  test('a Likert item: counts and shares for each point, mean and SD', async () => {
    const r = shown(item(await report('course-pre'), 'conf-notice').result)
    const values = [...preA.map((p) => p.notice), ...preB.map((p) => p.notice)]
    expect(r.n).toBe(15)
    expect(r.buckets.map((b) => [b.key, b.count])).toEqual([
      ['1', 0],
      ['2', 4],
      ['3', 4],
      ['4', 4],
      ['5', 3],
    ])
    expect(r.buckets[1]!.share).toBeCloseTo(4 / 15, 10)
    expect(r.mean).toBeCloseTo(51 / 15, 10)
    expect(r.sd).toBeCloseTo(sd(values), 10)
  })

  test('single and multiple choice: shares of the item’s respondents, in the survey’s option order', async () => {
    const role = shown(item(await report('course-pre'), 'role').result)
    expect(role.buckets.map((b) => [b.key, b.count])).toEqual([
      ['subject-teacher', 4],
      ['primary-teacher', 4],
      ['class-teacher', 4],
      ['psychologist', 3],
      ['social-pedagogue', 0],
      ['administration', 0],
      ['other', 0],
    ])
    expect(role.mean).toBeNull()
    const applied = shown(item(await report('course-followup', { ...all(), regions: ['KZ-75'] }), 'applied-practices').result)
    expect(applied.n).toBe(12)
    expect(applied.buckets.find((b) => b.key === 'class-rules')!.share).toBe(1)
    expect(applied.buckets.find((b) => b.key === 'bystanders')!.share).toBe(0.5)
  })

  test('a 0–10 item has eleven values, its mean and SD', async () => {
    const r = shown(item(await report('course-end'), 'recommend').result)
    expect(r.buckets.map((b) => b.key)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])
    expect(r.buckets.find((b) => b.key === '10')!.count).toBe(3)
    expect(r.mean).toBeCloseTo(8.6, 10)
    expect(r.sd).toBeCloseTo(sd(recommend), 10)
  })

  test('a scale mean scores reverse items 6 − x', async () => {
    const r = await report('course-pre')
    const scores = [...preA, ...preB].map(confidence)
    const conf = shown(r.scales.find((s) => s.id === 'confidence')!.result)
    expect(conf.n).toBe(15)
    expect(conf.mean).toBeCloseTo(mean(scores), 10)
    expect(conf.sd).toBeCloseTo(sd(scores), 10)
    // Not what the raw answers would give.
    const raw = [...preA, ...preB].map((c) => (c.notice + c.talk + c.respondR + c.refer) / 4)
    expect(Math.abs(conf.mean - mean(raw))).toBeGreaterThan(0.1)
    expect(shown(r.scales.find((s) => s.id === 'practice')!.result)).toMatchObject({ n: 15, mean: 3, sd: 0 })
  })

  test('fewer than 5 responses hide the distribution, the mean and the count', async () => {
    const r = await report('course-pre', { ...all(), regions: ['KZ-11'] })
    expect(r.responses).toBe(3)
    expect(item(r, 'conf-notice').result).toEqual({ hidden: true })
    expect(item(r, 'role').result).toEqual({ hidden: true })
    expect(r.scales.map((s) => s.result)).toEqual([{ hidden: true }, { hidden: true }])
    // Two free-text answers are hidden too; 12 of cohort A answered nothing there.
    expect(item(await report('course-pre'), 'expectations').result).toEqual({ hidden: true })
  })
})

describe('change from before to after the course', () => {
  const scope = (): ReportFilter => ({ ...all(), regions: ['KZ-75'] })

  test('pre → follow-up is paired by enrolment: n, mean difference and d = mean / SD of the differences', async () => {
    const c = change(await report('course-followup', scope()), 'confidence', 'pre', 'followup:90')
    expect(c.method).toBe('paired')
    const diffs = preA.map((p, i) => confidence(followA[i]!) - confidence(p))
    expect(mean(diffs)).toBe(1)
    const r = shown(c.result)
    expect(r.n).toBe(12)
    expect(r.diff).toBeCloseTo(1, 10)
    expect(r.d).toBeCloseTo(1 / sd(diffs), 10)
    expect(r.d).toBeCloseTo(3.8297, 3)
    expect(r.meanFrom).toBeCloseTo(mean(preA.map(confidence)), 10)
    // Every practice answer moved 3 → 4: no spread, so no d.
    expect(shown(change(await report('course-followup', scope()), 'practice', 'pre', 'followup:90').result)).toMatchObject({ n: 12, diff: 1, d: null })
  })

  test('the anonymous end stage is compared by group means with the pooled SD', async () => {
    const r = await report('course-end', scope())
    const pre = preA.map(confidence)
    const end = endA.map(confidence)
    const pooled = Math.sqrt(((pre.length - 1) * sd(pre) ** 2 + (end.length - 1) * sd(end) ** 2) / (pre.length + end.length - 2))
    const c = change(r, 'confidence', 'pre', 'end')
    expect(c.method).toBe('groups')
    const g = shown(c.result)
    expect(g).toMatchObject({ nFrom: 12, nTo: 10, n: 22 })
    expect(g.meanTo).toBeCloseTo(4.25, 10)
    expect(g.diff).toBeCloseTo(mean(end) - mean(pre), 10)
    expect(g.d).toBeCloseTo((mean(end) - mean(pre)) / pooled, 10)
    expect(change(r, 'confidence', 'end', 'followup:90').method).toBe('groups')
    expect(r.changes.map((x) => `${x.scaleId} ${x.from}→${x.to}`)).toEqual([
      'confidence pre→end',
      'confidence pre→followup:90',
      'confidence end→followup:90',
      'practice pre→end',
      'practice pre→followup:90',
      'practice end→followup:90',
    ])
  })

  test('a region with 3 pairs sees the change hidden', async () => {
    const r = await report('course-followup', { ...all(), regions: ['KZ-11'] })
    expect(change(r, 'confidence', 'pre', 'followup:90')).toEqual({
      scaleId: 'confidence',
      from: 'pre',
      to: 'followup:90',
      method: 'paired',
      result: { hidden: true },
    })
  })
})

describe('who may filter by what', () => {
  test('a regional admin is held to their region; asking for another region or its cohort is refused', async () => {
    expect(await reportFilter(testWork(db), {}, ['KZ-11'])).toMatchObject({ regions: ['KZ-11'] })
    expect(await reportFilter(testWork(db), { region: 'KZ-75' }, ['KZ-11'])).toBeNull()
    expect(await reportFilter(testWork(db), { cohort: cohortA }, ['KZ-11'])).toBeNull()
    expect(await reportFilter(testWork(db), { cohort: cohortB }, ['KZ-11'])).toMatchObject({ cohortId: cohortB, regions: ['KZ-11'] })
    expect(await reportFilter(testWork(db), { region: 'KZ-75', from: '2026-09', to: '2026-02' }, null)).toEqual({
      courseId: undefined,
      cohortId: undefined,
      regions: ['KZ-75'],
      from: '2026-02',
      to: '2026-09',
    })
  })

  test('over HTTP: pages for admins, 403 for another region’s data and for teachers', async () => {
    const list = await get(`/admin/surveys?course=${courseId}`, 'admin')
    expect(list.status).toBe(200)
    expect(await list.text()).toContain('Курс алдындағы сауалнама')
    const page = await get(`/admin/surveys/course-pre?course=${courseId}`, 'admin')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toMatch(/<svg role="img" aria-labelledby="chart-conf-notice-title" aria-describedby="table-conf-notice"/)
    expect(html).toContain('<table id="table-conf-notice">')
    expect((await get(`/admin/surveys/course-pre?region=KZ-11`, 'regionalOther')).status).toBe(200)
    for (const path of [
      '/admin/surveys/course-pre?region=KZ-75',
      `/admin/surveys/course-pre?cohort=${cohortA}`,
      '/admin/surveys/course-pre/report.csv?region=KZ-75',
      '/admin/surveys/course-pre/report.xlsx?region=KZ-75',
      '/admin/surveys?region=KZ-75',
    ]) {
      expect((await get(path, 'regionalOther')).status, path).toBe(403)
    }
    expect((await get('/admin/surveys/course-pre', 'teacher')).status).toBe(403)
    expect((await get('/admin/surveys/no-such-survey', 'admin')).status).toBe(404)
  })
})

/** Rows of the first sheet of an .xlsx, strings resolved, numbers as numbers. */
function readSheet(files: Record<string, Uint8Array>, sheet = 1): (string | number | null)[][] {
  const strings = [...strFromU8(files['xl/sharedStrings.xml']!).matchAll(/<si><t xml:space="preserve">([\s\S]*?)<\/t><\/si>/g)].map((m) => unescape(m[1]!))
  const xml = strFromU8(files[`xl/worksheets/sheet${sheet}.xml`]!)
  return [...xml.matchAll(/<row r="\d+">([\s\S]*?)<\/row>/g)].map((row) => {
    const cells: (string | number | null)[] = []
    for (const c of row[1]!.matchAll(/<c r="([A-Z]+)\d+"(?: s="\d+")?( t="s")?><v>([^<]*)<\/v><\/c>/g)) {
      const col = [...c[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1
      while (cells.length < col) cells.push(null)
      cells.push(c[2] ? strings[Number(c[3])]! : Number(c[3]))
    }
    return cells
  })
}
function unescape(text: string) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}

/** Tags open and close in order, and no bare & or < is left in text. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '')
  const stack: string[] = []
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g)) {
    if (m[6]) return false
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[5])) return false
      continue
    }
    if (m[4]) continue
    if (m[1]) {
      if (stack.pop() !== m[2]) return false
    } else stack.push(m[2]!)
  }
  return stack.length === 0
}

function checkPackage(bytes: Uint8Array, sheets: number) {
  const files = unzipSync(bytes)
  const parts = [
    '[Content_Types].xml',
    '_rels/.rels',
    'xl/workbook.xml',
    'xl/_rels/workbook.xml.rels',
    'xl/styles.xml',
    'xl/sharedStrings.xml',
    ...Array.from({ length: sheets }, (_, i) => `xl/worksheets/sheet${i + 1}.xml`),
  ]
  expect(Object.keys(files).sort()).toEqual(parts.sort())
  for (const part of parts) expect(wellFormed(strFromU8(files[part]!)), part).toBe(true)
  const types = strFromU8(files['[Content_Types].xml']!)
  expect(types).toContain('<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>')
  for (let i = 1; i <= sheets; i++) {
    expect(types).toContain(
      `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    expect(strFromU8(files['xl/_rels/workbook.xml.rels']!)).toContain(`Target="worksheets/sheet${i}.xml"`)
  }
  expect(strFromU8(files['_rels/.rels']!)).toContain('Target="xl/workbook.xml"')
  return files
}

describe('the XLSX writer', () => {
  test('escapes XML, drops control characters and names columns past Z', () => {
    expect(escapeXml(`a<b>&"c"'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;')
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA'])
  })

  test('an empty table is a valid workbook with just the header row', () => {
    const files = checkPackage(buildXlsx([{ name: 'Бос', header: ['Сұрақ', 'n'], rows: [] }]), 1)
    expect(readSheet(files)).toEqual([['Сұрақ', 'n']])
    expect(strFromU8(files['xl/workbook.xml']!)).toContain('<sheet name="Бос" sheetId="1" r:id="rId1"/>')
  })

  test('keeps strings and numbers apart, shares repeated strings and makes sheet names safe', () => {
    const files = checkPackage(
      buildXlsx([
        {
          name: 'A/B: [1]?',
          header: ['x', 'y'],
          rows: [
            ['<&> "ok"', 3.25],
            ['=1+1', null],
            ['x', -0.5],
          ],
        },
        { name: 'a/b: [1]?', header: ['only'], rows: [] },
      ]),
      2,
    )
    expect(readSheet(files)).toEqual([['x', 'y'], ['<&> "ok"', 3.25], ['=1+1'], ['x', -0.5]])
    const workbook = strFromU8(files['xl/workbook.xml']!)
    expect(workbook).toContain('<sheet name="A B   1" sheetId="1" r:id="rId1"/>')
    expect(workbook).toContain('<sheet name="a b   1 (2)" sheetId="2" r:id="rId2"/>')
    expect(strFromU8(files['xl/sharedStrings.xml']!)).toMatch(/count="6" uniqueCount="5"/)
    expect(() => buildXlsx([])).toThrow()
  })
})

describe('exports', () => {
  const url = (ext: string) => `/admin/surveys/course-pre/report.${ext}?course=${courseId}&region=KZ-75`

  test('CSV: UTF-8 with a BOM, the distributions and the means in Kazakh, in the dialect of Kazakh Excel (; and decimal commas)', async () => {
    const res = await get(url('csv'), 'admin')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="survey-course-pre.csv"')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).split('\r\n')
    expect(lines[0]).toBe('Бөлім;Тармақ коды;Сұрақ;Жауап;Жауап бергендер (n);Саны;Үлесі, %;Орташа мәні;Стандартты ауытқу')
    const notice = preA.map((p) => p.notice)
    const question = 'Оқушылардағы күйзеліс пен буллингтің ерте белгілерін байқай аламын.'
    const comma = (n: number) => String(Math.round(n * 100) / 100).replace('.', ',')
    expect(lines).toContain(`Жауаптардың бөлінуі;conf-notice;${question};2 — келіспеймін;12;4;33,3;;`)
    expect(lines).toContain(`Тармақтың орташа мәні;conf-notice;${question};;12;;;${comma(mean(notice))};${comma(sd(notice))}`)
    const scores = preA.map(confidence)
    expect(lines).toContain(`Шкаланың орташа мәні;confidence;Өз әрекетіне сенімділік;;12;;;${comma(mean(scores))};${comma(sd(scores))}`)
    expect(lines).toContain('Жауаптардың бөлінуі;role;Мектептегі негізгі қызметіңіз қандай?;Пән мұғалімі;12;4;33,3;;')
    expect(lines).toContain('Жауаптардың бөлінуі;expectations;Курстан не күтесіз? Қандай сұрақтарға жауап тапқыңыз келеді?;жасырылған (5-тен аз);;;;;')
    // English readers get RFC 4180's commas and decimal points.
    const en = new TextDecoder().decode(await (await get(`${url('csv')}&locale=en`, 'admin')).arrayBuffer()).split('\r\n')
    expect(en).toContain('Distribution,role,What is your main role at school?,Subject teacher,12,4,33.3,,')
  })

  test('XLSX: a valid package whose results sheet holds the CSV’s numbers, and the change sheet', async () => {
    const res = await get(url('xlsx'), 'admin')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const files = checkPackage(new Uint8Array(await res.arrayBuffer()), 3)
    const csv = new TextDecoder().decode(await (await get(url('csv'), 'admin')).arrayBuffer())
    const csvRow = csv.split('\r\n').find((l) => l.startsWith('Тармақтың орташа мәні;conf-notice'))!
    const results = readSheet(files, 1)
    const xlsxRow = results.find((r) => r[0] === 'Тармақтың орташа мәні' && r[1] === 'conf-notice')!
    expect(xlsxRow.slice(4)).toEqual(
      csvRow
        .split(';')
        .slice(4)
        .map((v) => (v === '' ? null : Number(v.replace(',', '.'))))
        .slice(0, xlsxRow.length - 4),
    )
    expect(readSheet(files, 2)).toEqual([
      ['Кезең', 'Саны', 'Шақырылғандардан үлесі'],
      ['Шақырылды', 12, 100],
      ['Толтыра бастады', 12, 100],
      ['Толтырып бітірді', 12, 100],
      ['Жауаптар', 12],
    ])
    const changeSheet = readSheet(files, 3)
    const diffs = preA.map((p, i) => confidence(followA[i]!) - confidence(p))
    expect(changeSheet).toContainEqual([
      'Өз әрекетіне сенімділік',
      'Курс алдында',
      'Курстан 90 күн өткен соң',
      'Жұптық салыстыру',
      12,
      12,
      Math.round(mean(preA.map(confidence)) * 100) / 100,
      Math.round(mean(followA.map(confidence)) * 100) / 100,
      1,
      Math.round((1 / sd(diffs)) * 100) / 100,
    ])
  })

  test('the tables come in the reader’s language', async () => {
    const r = await report('course-pre', { ...all(), regions: ['KZ-75'] })
    expect(reportTables(r, 'ru').results.header[0]).toBe('Раздел')
    expect(reportTables(r, 'en').change.rows[0]!.slice(0, 4)).toEqual(['Confidence', 'Before the course', 'End of course', 'Group means'])
  })
})
