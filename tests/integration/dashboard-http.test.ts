import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { formatNumber, formatPercent, localIsoDate } from '#app/i18n/format.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { studyLesson } from '#tests/fixtures/study.ts'
import { recordAttendance } from '#app/modules/courses/activities.server.ts'
import { recordEvent } from '#app/modules/events/events.server.ts'
import { parentLessonChoices, recordSession } from '#app/modules/parents/sessions.server.ts'
import { recordActivity } from '#app/modules/support/recording.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// The targets dashboard over real HTTP against the built server. The figures
// come from activity recorded through the app's own module functions (an
// enrolment, its lessons, the certificate its completion issues, post-course
// support, a wellbeing event, a parent session), so the rollups fill
// themselves as they do in production. Every choice is a plain GET form.

let server: RunningServer
let db: Database
let admin: FixtureUser
let almatyAdmin: FixtureUser
let teacher: FixtureUser
const login = sessionLogin(() => server)
const today = () => localIsoDate(now())
const year = () => Number(today().slice(0, 4))
const kk = (n: number) => formatNumber(n, 'kk', 0)

async function get(path: string, user: FixtureUser | null) {
  return fetch(server.url + path, { redirect: 'manual', headers: user ? { Cookie: await login(user) } : {} })
}

/** The words of a page's main content, tags removed and entities decoded. */
function text(html: string): string {
  const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? html
  return (
    main
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      // Not \s: numbers keep their no-break spaces ("34 900").
      .replace(/[ \t\r\n]+/g, ' ')
  )
}

/** One indicator card's figure, as written. */
function value(html: string, key: string): string {
  const match = new RegExp(`<h3 id="indicator-${key}"[\\s\\S]*?<p class="indicator-card__value">([^<]*)</p>`).exec(html)
  expect(match, `the value of ${key}`).not.toBeNull()
  return match![1]!
}

/** One indicator card's words. */
function card(html: string, key: string): string {
  const match = new RegExp(`<h3 id="indicator-${key}"[\\s\\S]*?</li>`).exec(html)
  expect(match, `the card of ${key}`).not.toBeNull()
  return text(match![0])
}

/** How many enrolments (not withdrawn) a course has, of teachers in one region or all. */
async function enrolments(courseId: string, region?: string): Promise<number> {
  let query = db
    .selectFrom('enrolments')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('enrolments.course_id', '=', courseId)
    .where('enrolments.status', '!=', 'withdrawn')
  if (region) query = query.where('users.region_code', '=', region)
  return Number((await query.executeTakeFirstOrThrow()).n)
}

/** A share as the dashboard writes it: one decimal, two below 10%. */
const share = (part: number, whole: number) => formatPercent(part / whole, 'kk', part / whole < 0.1 ? 2 : 1)

async function target(metric: string): Promise<number> {
  const row = await db.selectFrom('metric_targets').select('value').where('metric', '=', metric).where('year', '=', year()).executeTakeFirstOrThrow()
  return row.value
}

/** A teacher who enrols, does every lesson and attends the plan's webinar (which completes the course and issues the certificate). */
async function trainedTeacher(cohortId: string, course: { versionId: string }, regionCode: string, trainerId: string): Promise<FixtureUser> {
  const user = await createUser(db, { regionCode, schoolId: `sch-${regionCode.toLowerCase().replace('-', '')}-1` })
  const enrolled = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: today() })
  if (!enrolled.ok) throw new Error(enrolled.error)
  const manifest = (await versionManifest(db, course.versionId))!
  for (const { module, lesson } of flatLessons(manifest)) {
    await studyLesson(db, { id: enrolled.enrolmentId, course_version_id: course.versionId }, module.id, lesson.id)
  }
  const cohort = await db.selectFrom('cohorts').selectAll().where('id', '=', cohortId).executeTakeFirstOrThrow()
  for (const activity of manifest.activities ?? []) {
    const recorded = await recordAttendance(testWork(db, { actorId: trainerId }), {
      cohort,
      activity,
      heldOn: today(),
      done: [enrolled.enrolmentId],
      today: today(),
    })
    if (!recorded.ok) throw new Error(recorded.error.message)
  }
  return user
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'] })
  almatyAdmin = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
  teacher = await createUser(db, { roles: ['teacher'] })
  const trainer = await createUser(db, { roles: ['trainer'] })

  // A published course that completes with its lessons and its webinar (no quizzes).
  const course = await db.selectFrom('courses').select(['id', 'current_version_id']).where('id', '=', 'authoring-demo').executeTakeFirstOrThrow()
  const ref = { slug: course.id, versionId: course.current_version_id! }
  const almatyCohort = await createTestCohort(db, ref, { regionCode: 'KZ-75', trainerId: trainer.id, startsOn: '2025-01-10', endsOn: '2099-12-31' })
  const akmolaCohort = await createTestCohort(db, ref, { regionCode: 'KZ-11', trainerId: trainer.id, startsOn: '2025-01-10', endsOn: '2099-12-31' })
  const almaty = [
    await trainedTeacher(almatyCohort, ref, 'KZ-75', trainer.id),
    await trainedTeacher(almatyCohort, ref, 'KZ-75', trainer.id),
    await trainedTeacher(almatyCohort, ref, 'KZ-75', trainer.id),
  ]
  const akmola = [await trainedTeacher(akmolaCohort, ref, 'KZ-11', trainer.id), await trainedTeacher(akmolaCohort, ref, 'KZ-11', trainer.id)]
  // One Akmola teacher enrols and stops there.
  const dropout = await createUser(db, { regionCode: 'KZ-11', schoolId: 'sch-kz11-1' })
  const enrolled = await enrol(testWork(db), { userId: dropout.id, cohortId: akmolaCohort, source: 'admin', today: today() })
  if (!enrolled.ok) throw new Error(enrolled.error)

  const support = await recordActivity(testWork(db, { actorId: trainer.id }), [], {
    kind: 'mentoring',
    title: 'Тәлімгерлік',
    heldOn: today(),
    cohortId: almatyCohort,
    participantIds: [almaty[0]!.id, almaty[1]!.id],
  })
  if (!support.ok) throw new Error(JSON.stringify(support))
  const event = await recordEvent(testWork(db, { actorId: admin.id }), null, {
    title: 'Балалар құқықтары семинары',
    kind: 'seminar',
    heldOn: today(),
    regionCode: 'KZ-11',
    iins: akmola.map((t) => t.iin).join('\n'),
  })
  if (!event.ok) throw new Error(JSON.stringify(event))
  const series = (await parentLessonChoices(testWork(db))).find((s) => s.lessons.length)!
  const session = await recordSession(testWork(db, { actorId: null }), {
    schoolId: 'sch-kz11-1',
    source: 'form',
    session: {
      courseId: series.courseId,
      lessonKey: series.lessons[0]!.key,
      heldOn: today(),
      facilitator: 'Әсем Нұрланқызы',
      headCount: 25,
      notes: null,
      clientKey: undefined,
    },
  })
  if (!session.ok) throw new Error(JSON.stringify(session))
}, 120_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('an admin’s dashboard', () => {
  test('shows each indicator’s value for the whole country against this year’s target, with the pace', async () => {
    const res = await get('/admin', admin)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(text(html)).toContain(`Стратегия көрсеткіштері Бүкіл Қазақстан, ${year()} жыл`)

    const trained = card(html, 'teachers_trained')
    expect(value(html, 'teachers_trained')).toBe('5')
    expect(trained).toContain(`${year()} жылғы мақсат: ${kk(await target('teachers_trained'))}`)
    expect(trained).toMatch(/Мақсаттың [\d,]+% орындалды/)
    expect(trained).toContain('Жыл соңына болжам:')
    expect(trained).toMatch(/Күйі: (Жоспар бойынша|Артта қалу қаупі)/)
    expect(value(html, 'teachers_post_course_support')).toBe('2')
    expect(value(html, 'teachers_in_events')).toBe('2')
    // The demo seed's parent lessons (at sch-kz75-1) and ours.
    const demoHeads = await db
      .selectFrom('parent_sessions')
      .select((eb) => eb.fn.sum<number>('head_count').as('n'))
      .where('counted', '=', 1)
      .executeTakeFirstOrThrow()
    expect(Number(demoHeads.n)).toBeGreaterThanOrEqual(25)
    expect(value(html, 'parent_attendances')).toBe(kk(Number(demoHeads.n)))
    const users = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(value(html, 'registered_site_users')).toBe(kk(Number(users.n)))

    // The accounts and mail figures stay, at the end.
    expect(text(html)).toContain('Пайдаланушылар мен хаттар')
    expect(text(html)).toContain('Соңғы 7 күнде тіркелгендер')
  })

  test('has the region table and the tile map, each region a link to its page', async () => {
    const html = await (await get('/admin', admin)).text()
    const row = /<tr><th scope="row"><a[^>]* href="\/admin\/dashboard\/regions\/KZ-11\?year=\d+">Ақмола облысы<\/a><\/th>([\s\S]*?)<\/tr>/.exec(html)
    expect(row).not.toBeNull()
    // trained, monitoring, support, parent attendances, events, registered users
    const cells = [...row![1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1])
    expect(cells.slice(0, 5)).toEqual(['2', '0', '0', '25', '2'])
    expect(html).toMatch(/<svg role="group" aria-labelledby="region-map-title" aria-describedby="region-map-desc"/)
    expect(html).toMatch(/<a href="\/admin\/dashboard\/regions\/KZ-11\?year=\d+" aria-label="Ақмола облысы: 2\. Өңір бетін ашу"/)
    expect(html).toContain('<title id="region-map-title">Өңірлер картасы: Біліктілікті арттыру курстарынан өткен орта білім беру педагогтерінің саны</title>')
  })

  test('shows the funnel by course and by region with each step’s share of those enrolled', async () => {
    const html = await (await get('/admin', admin)).text()
    const row = /<tr><th scope="row"><a[^>]* href="\/admin\/dashboard\/courses\/authoring-demo\?year=\d+">Авторлық сынақ курсы<\/a><\/th>([\s\S]*?)<\/tr>/.exec(
      html,
    )
    expect(row).not.toBeNull()
    // Enrolled: ours and the demo teacher (who has not started); then started, completed, certified, monitored, supported.
    const enrolled = await enrolments('authoring-demo')
    expect(text(row![1]!)).toBe(` ${enrolled} 100% 5 ${share(5, enrolled)} 5 ${share(5, enrolled)} 5 ${share(5, enrolled)} 0 0% 2 ${share(2, enrolled)} `)
    expect(text(html)).toContain('Өңірлер бойынша')
  })

  test('links every table to its CSV and XLSX export, and offers the year’s data pack', async () => {
    const html = (await (await get('/admin', admin)).text()).replace(/&amp;/g, '&')
    for (const table of ['indicators', 'regions', 'months', 'funnel-courses', 'funnel-regions']) {
      for (const format of ['csv', 'xlsx']) expect(html).toContain(`href="/admin/dashboard/export/${table}.${format}?year=${year()}"`)
    }
    expect(html).toContain(`href="/admin/dashboard/pack/${year()}.xlsx"`)
    const region = (await (await get(`/admin?region=KZ-11`, admin)).text()).replace(/&amp;/g, '&')
    expect(region).toContain(`href="/admin/dashboard/export/indicators.csv?year=${year()}&region=KZ-11"`)
    const page = (await (await get('/admin/dashboard/regions/KZ-11', admin)).text()).replace(/&amp;/g, '&')
    expect(page).toContain(`href="/admin/dashboard/export/schools.xlsx?year=${year()}&region=KZ-11"`)
    const course = (await (await get('/admin/dashboard/courses/authoring-demo', admin)).text()).replace(/&amp;/g, '&')
    expect(course).toContain(`href="/admin/dashboard/export/cohorts.csv?year=${year()}&course=authoring-demo"`)
  })

  test('works with plain GET forms: year, region, map and chart are query parameters', async () => {
    const html = await (await get('/admin', admin)).text()
    expect(html).toMatch(/<form method="get" action="\/admin(\?index)?"[^>]*aria-label="Кезең мен өңірді таңдау"/)
    expect(html).toContain('<select id="dashboard-year" name="year">')
    expect(html).toContain('<select id="dashboard-region" name="region">')
    expect(html).toMatch(/<form method="get" action="\/admin#by-region"/)
    expect(html).toMatch(/<form method="get" action="\/admin#over-time"/)

    const chosen = await get(`/admin?year=${year()}&region=KZ-11&map=parent_attendances&chart=parent_attendances`, admin)
    expect(chosen.status).toBe(200)
    const page = await chosen.text()
    expect(text(page)).toContain(`Ақмола облысы, ${year()} жыл`)
    expect(value(page, 'parent_attendances')).toBe('25')
    // A region has no targets of its own, and approved programmes are national.
    expect(text(page)).toContain('Мақсаттар бүкіл ел үшін белгіленеді, өңірлерге бөлінбейді.')
    expect(card(page, 'approved_programs')).toContain('Ұлттық көрсеткіш')
    expect(page).toContain(
      '<p class="dashboard-chart-title">Ата-аналарды педагогикалық қолдау орталықтарындағы сабақтарға ата-аналардың қатысу саны: 2025 жылдан бергі айлық жиынтық</p>',
    )

    const map = await (await get('/admin?map=parent_attendances', admin)).text()
    expect(map).toContain(
      '<title id="region-map-title">Өңірлер картасы: Ата-аналарды педагогикалық қолдау орталықтарындағы сабақтарға ата-аналардың қатысу саны</title>',
    )
    expect(map).toMatch(/aria-label="Ақмола облысы: 25\. Өңір бетін ашу"/)
  })

  test('a year without data shows zeros, not an error', async () => {
    for (const empty of [2020, 2031]) {
      const res = await get(`/admin?year=${empty}`, admin)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(text(html)).toContain(`Бүкіл Қазақстан, ${empty} жыл`)
      expect(value(html, 'teachers_trained')).toBe(empty === 2020 ? '0' : '5')
      expect(card(html, 'teachers_trained')).toContain(`${empty} жылға мақсат белгіленбеген.`)
    }
    const past = await (await get('/admin?year=2020', admin)).text()
    expect(text(past)).toContain('Бұл кезеңге деректер жоқ.')
    expect(text(past)).toContain('Бұл кезеңде курсқа жазылғандар жоқ.')
    // Nonsense in the address is ignored rather than refused.
    expect((await get('/admin?year=abc&map=nothing&chart=%3Cscript%3E', admin)).status).toBe(200)
  })

  test('a region page lists the region’s schools; an unknown region or course is a 404', async () => {
    const res = await get('/admin/dashboard/regions/KZ-11', admin)
    expect(res.status).toBe(200)
    const html = await res.text()
    const school = await db.selectFrom('schools').select(['name_kk', 'district']).where('id', '=', 'sch-kz11-1').executeTakeFirstOrThrow()
    const row = new RegExp(`<tr><th scope="row">${school.name_kk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</th>([\\s\\S]*?)</tr>`).exec(html)
    expect(row).not.toBeNull()
    // district, trained, monitoring, support, parent attendances, events, registered users (3 teachers)
    expect(text(row![1]!)).toBe(` ${school.district} 2 0 0 25 2 3 `)
    expect((await get('/admin/dashboard/regions/KZ-99', admin)).status).toBe(404)
    expect((await get('/admin/dashboard/regions/nowhere', admin)).status).toBe(404)
    expect((await get('/admin?region=KZ-99', admin)).status).toBe(404)
    expect((await get('/admin/dashboard/courses/no-such-course', admin)).status).toBe(404)
  })
})

describe('a region with many schools', () => {
  test('pages its schools 50 at a time, sorted on the server; the other pages are plain links', async () => {
    // 55 schools in Mangystau, each with one registered teacher; the 7th, 8th, ... have 2, so sorting by registered users moves them first.
    const ids = Array.from({ length: 55 }, (_, i) => `sch-test-mng-${String(i + 1).padStart(2, '0')}`)
    await db
      .insertInto('schools')
      .values(
        ids.map((id, i) => ({
          id,
          region_code: 'KZ-47',
          district: null,
          name_kk: `Сынақ мектебі ${String(i + 1).padStart(2, '0')}`,
          name_ru: `Тестовая школа ${i + 1}`,
          name_en: `Test school ${i + 1}`,
          is_demo: 0,
          created_at: nowIso(),
        })),
      )
      .execute()
    for (const [i, id] of ids.entries()) {
      await createUser(db, { regionCode: 'KZ-47', schoolId: id })
      if (i === 54) await createUser(db, { regionCode: 'KZ-47', schoolId: id })
    }
    const first = await (await get('/admin/dashboard/regions/KZ-47', admin)).text()
    expect(text(first)).toContain('55 мектептің 1–50 аралығы көрсетілген')
    expect(first).toContain('Сынақ мектебі 01')
    expect(first).not.toContain('Сынақ мектебі 51')
    expect(first).toContain('page=2#schools')
    const second = await (await get('/admin/dashboard/regions/KZ-47?page=2', admin)).text()
    expect(text(second)).toContain('55 мектептің 51–55 аралығы көрсетілген')
    expect(second).toContain('Сынақ мектебі 55')
    expect(second).not.toContain('Сынақ мектебі 01<')
    const byUsers = await (await get('/admin/dashboard/regions/KZ-47?sort=registered_site_users', admin)).text()
    const schoolsTable = byUsers.slice(byUsers.indexOf('id="schools"'))
    expect(/<tbody>\s*<tr><th scope="row">([^<]*)</.exec(schoolsTable)?.[1]).toBe('Сынақ мектебі 55')
    // A page past the end shows the last one.
    expect(text(await (await get('/admin/dashboard/regions/KZ-47?page=9', admin)).text())).toContain('51–55')
  })
})

describe('a course with many cohorts', () => {
  test('pages its cohorts 50 at a time, newest first; the total row counts them all', async () => {
    const version = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'authoring-demo').executeTakeFirstOrThrow())
      .current_version_id!
    for (let i = 1; i <= 51; i++) {
      const cohort = await createTestCohort(
        db,
        { slug: 'authoring-demo', versionId: version },
        { startsOn: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`, endsOn: '2099-12-31' },
      )
      const learner = await createUser(db, { regionCode: 'KZ-47' })
      const enrolled = await enrol(testWork(db), { userId: learner.id, cohortId: cohort, source: 'admin', today: today() })
      expect(enrolled.ok).toBe(true)
    }
    const first = text(await (await get('/admin/dashboard/courses/authoring-demo', admin)).text())
    expect(first).toMatch(/5[1-9] оқу тобының 1–50 аралығы көрсетілген/)
    const second = await (await get('/admin/dashboard/courses/authoring-demo?page=2', admin)).text()
    expect(text(second)).toMatch(/оқу тобының 51–5\d аралығы/)
    // The total row sums every cohort's enrolments, on every page.
    const enrolledAll = await enrolments('authoring-demo')
    expect(text(second)).toContain(`Барлығы ${kk(enrolledAll)}`)
  })
})

describe('a regional admin', () => {
  test('sees their own region at once, with no other region anywhere', async () => {
    const res = await get('/admin', almatyAdmin)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(text(html)).toContain(`Алматы, ${year()} жыл`)
    expect(value(html, 'teachers_trained')).toBe('3')
    expect(html).not.toContain('Ақмола облысы')
    expect(html).not.toContain('id="dashboard-region"') // no region picker for one region
    expect(html).toContain(`href="/admin/dashboard/regions/KZ-75?year=${year()}"`)
    expect((await get('/admin/dashboard/regions/KZ-75', almatyAdmin)).status).toBe(200)
  })

  test('gets 403 for another region, by the picker’s parameter or the region page', async () => {
    for (const path of ['/admin?region=KZ-11', '/admin/dashboard/regions/KZ-11']) {
      const res = await get(path, almatyAdmin)
      expect(res.status, path).toBe(403)
      expect(await res.text()).toContain('Бұл өңірдің көрсеткіштері сізге ашық емес')
    }
  })

  test('sees a course’s cohorts with their own region’s teachers only', async () => {
    const html = await (await get('/admin/dashboard/courses/authoring-demo', almatyAdmin)).text()
    expect(text(html)).toContain('Тек сіздің өңірлеріңіздің педагогтері есептеледі.')
    expect(html).toContain('Алматы')
    expect(html).not.toContain('Ақмола облысы')
    // Our three Almaty teachers and the demo teacher, who has not started.
    const enrolled = await enrolments('authoring-demo', 'KZ-75')
    const total = /<tr class="dashboard-table__total">([\s\S]*?)<\/tr>/.exec(html)
    expect(text(total![1]!)).toBe(
      ` Барлығы ${enrolled} 100% 3 ${share(3, enrolled)} 3 ${share(3, enrolled)} 3 ${share(3, enrolled)} 0 0% 2 ${share(2, enrolled)} `,
    )
  })
})

describe('a regional admin of two regions', () => {
  test('sees both, and only both, and may narrow to one', async () => {
    const twoRegions = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
    await db
      .insertInto('user_roles')
      .values({
        id: newId(),
        user_id: twoRegions.id,
        role: 'regional_admin',
        scope: 'region:KZ-11',
        region_code: 'KZ-11',
        school_id: null,
        granted_by: null,
        granted_at: nowIso(),
      })
      .execute()
    const html = await (await get('/admin', twoRegions)).text()
    expect(text(html)).toContain(`Менің барлық өңірлерім, ${year()} жыл`)
    const rows = [...html.matchAll(/<tr><th scope="row"><a[^>]* href="\/admin\/dashboard\/regions\/(KZ-\d+)\?year=\d+">/g)].map((m) => m[1])
    expect(new Set(rows)).toEqual(new Set(['KZ-11', 'KZ-75']))
    // The picker offers their two regions; the map draws the others as empty outlines without links.
    expect([...html.matchAll(/<option value="(KZ-\d+)"/g)].map((m) => m[1]).sort()).toEqual(['KZ-11', 'KZ-75'])
    expect([...html.matchAll(/class="tile-map__tile"/g)]).toHaveLength(2)
    // Targets are national, so their cards have none.
    expect(card(html, 'teachers_trained')).not.toContain('жылғы мақсат')
    expect(value(html, 'teachers_trained')).toBe('5')
    expect((await get('/admin?region=KZ-11', twoRegions)).status).toBe(200)
    expect((await get('/admin?region=KZ-71', twoRegions)).status).toBe(403)
  })
})

describe('everyone else', () => {
  test('a teacher gets 403 on every dashboard page; a visitor is sent to log in', async () => {
    for (const path of ['/admin', '/admin/dashboard/regions/KZ-75', '/admin/dashboard/courses/authoring-demo']) {
      expect((await get(path, teacher)).status, path).toBe(403)
      const guest = await get(path, null)
      expect(guest.status, path).toBe(302)
      expect(guest.headers.get('location')).toContain('/login?redirectTo=')
    }
  })
})
