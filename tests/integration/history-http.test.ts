import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { discardDraft, loadWorkingCopy, saveDraft } from '#app/modules/authoring/draft.server.ts'
import { publishDraft } from '#app/modules/authoring/publish-draft.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { studyLesson } from '#tests/fixtures/study.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// A course's version history over real HTTP against the built server, as a
// browser without JavaScript uses it: the versions, the line diff, and an
// admin moving a cohort to another version with two plain form posts.

const COURSE = 'authoring-demo'
const PAGE = `/author/${COURSE}/history`
const WELCOME_KK = 'kk/01-basics/01-welcome.mdx'
const WELCOME_RU = 'ru/01-basics/01-welcome.mdx'
const NO_VERSION = 'Бұл курстың мұндай нұсқасы жоқ'
const CANNOT_MOVE = 'Оқу тобын бұл нұсқаға көшіру мүмкін емес'

let server: RunningServer
let db: Database
let admin: FixtureUser
let editor: FixtureUser
let outsider: FixtureUser
let firstVersion: string
let secondVersion: string
let otherCourseVersion: string
let cohortId: string

const login = sessionLogin(() => server)

async function get(path: string, user: FixtureUser | null) {
  return fetch(server.url + path, { redirect: 'manual', headers: user ? { Cookie: await login(user) } : {} })
}

async function post(user: FixtureUser, fields: Record<string, string>) {
  return fetch(server.url + PAGE, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: await login(user) },
    body: new URLSearchParams(fields).toString(),
  })
}

async function pinnedVersion(): Promise<string> {
  return (await db.selectFrom('cohorts').select('course_version_id').where('id', '=', cohortId).executeTakeFirstOrThrow()).course_version_id
}

async function editDraft(path: string, change: (text: string) => string, userId: string) {
  const file = (await loadWorkingCopy(testWork(db), COURSE)).files.get(path)!
  const saved = await saveDraft(testWork(db, { actorId: userId }), { courseId: COURSE, changes: [{ path, text: change(file.text), expectedHash: file.hash }] })
  expect(saved.ok).toBe(true)
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'] })
  editor = await createUser(db, { roles: ['trainer'], fullName: 'Автор Әсел' })
  outsider = await createUser(db, { roles: ['trainer'] })
  await addCourseEditor(db, COURSE, editor.id, admin.id)
  const versionOf = async (course: string) =>
    (await db.selectFrom('courses').select('current_version_id').where('id', '=', course).executeTakeFirstOrThrow()).current_version_id!
  firstVersion = await versionOf(COURSE)
  otherCourseVersion = await versionOf('e2e-short')

  await editDraft(WELCOME_KK, (t) => t.replace('Бұл сабақ', 'Жаңартылған сабақ'), editor.id)
  const published = await publishDraft(testWork(db, { actorId: editor.id }), { courseId: COURSE, note: 'Кіріспе жаңартылды', confirmParity: true })
  if (!published.ok) throw new Error(JSON.stringify(published))
  secondVersion = published.versionId

  // A cohort still on the first version, with a learner who read the lesson that changed.
  cohortId = await createTestCohort(db, { slug: COURSE, versionId: firstVersion }, { lang: 'kk', endsOn: '2099-12-31' })
  const learner = await createUser(db)
  const enrolled = await enrol(testWork(db), { userId: learner.id, cohortId, source: 'admin', today: '2026-06-01' })
  if (!enrolled.ok) throw new Error(enrolled.error)
  await studyLesson(db, { id: enrolled.enrolmentId, course_version_id: firstVersion }, 'basics', 'welcome')
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('versions and diffs', () => {
  test('the editor sees both versions, newest first, and the changed line with its line numbers', async () => {
    const res = await get(PAGE, editor)
    expect(res.status).toBe(200)
    const html = await res.text()
    const hashes = await db.selectFrom('course_versions').select(['id', 'content_hash']).where('course_id', '=', COURSE).execute()
    const hashOf = (id: string) => hashes.find((h) => h.id === id)!.content_hash.slice(0, 12)
    expect(html.indexOf(hashOf(secondVersion))).toBeGreaterThan(0)
    expect(html.indexOf(hashOf(secondVersion))).toBeLessThan(html.indexOf(hashOf(firstVersion)))
    expect(html).toContain('Кіріспе жаңартылды')
    expect(html).toContain('Автор Әсел')
    expect(html).toContain('файлдардан (content/)')

    // Default comparison: the previous version against the current one.
    expect(html).toMatch(new RegExp(`<option value="${firstVersion}" selected="">`))
    expect(html).toContain(WELCOME_KK)
    expect(html).not.toContain(WELCOME_RU)
    expect(html).toMatch(
      /<td class="history-no">6<\/td><td class="history-no"><\/td><td class="history-mark">.*?өшірілген жол.*?<\/td><td class="history-text"><del>Бұл сабақ баланың қауіпсіздік сезімі туралы\.<\/del>/,
    )
    expect(html).toMatch(
      /<td class="history-no"><\/td><td class="history-no">6<\/td><td class="history-mark">.*?қосылған жол.*?<\/td><td class="history-text"><ins>Жаңартылған сабақ баланың қауіпсіздік сезімі туралы\.<\/ins>/,
    )
    // The editor is not an admin: no move controls.
    expect(html).not.toContain('name="toVersionId"')
  })

  test('the same version on both sides has no differences; the draft is compared with the current version', async () => {
    const same = await get(`${PAGE}?from=${secondVersion}&to=${secondVersion}`, editor)
    expect(same.status).toBe(200)
    expect(await same.text()).toContain('Айырмашылық жоқ')

    await editDraft(WELCOME_RU, (t) => t.replace('Учитель', 'Педагог'), editor.id)
    const draft = await get(`${PAGE}?to=draft`, editor)
    expect(draft.status).toBe(200)
    const html = await draft.text()
    expect(html).toContain(WELCOME_RU)
    expect(html).not.toContain(WELCOME_KK)
    expect(html).toMatch(/<ins>Педагог[^<]*<\/ins>/)
    await discardDraft(testWork(db), COURSE)
  })

  test('a version id that is not this course’s is a 404 in Kazakh', async () => {
    for (const query of ['?from=bogus', `?to=${otherCourseVersion}`]) {
      const res = await get(PAGE + query, editor)
      expect(res.status).toBe(404)
      expect(await res.text()).toContain(NO_VERSION)
    }
  })

  test('a trainer who is not an editor gets 403; an anonymous visitor is sent to log in', async () => {
    expect((await get(PAGE, outsider)).status).toBe(403)
    const anonymous = await get(PAGE, null)
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent(PAGE)}`)
  })
})

describe('moving a cohort', () => {
  test('the editor who is not an admin may not move it: 403, nothing changes', async () => {
    for (const intent of ['plan', 'move']) {
      const res = await post(editor, { intent, cohortId, toVersionId: secondVersion })
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('тек әкімші көшіре алады')
    }
    expect(await pinnedVersion()).toBe(firstVersion)
  })

  test.each([
    ['a bogus version id', () => 'bogus'],
    ['a version of another course', () => otherCourseVersion],
    ['the version the cohort already has', () => firstVersion],
  ])('%s is refused with 400 in Kazakh and nothing changes', async (_name, target) => {
    for (const intent of ['plan', 'move']) {
      const res = await post(admin, { intent, cohortId, toVersionId: target() })
      expect(res.status).toBe(400)
      expect(await res.text()).toContain(CANNOT_MOVE)
    }
    expect(await pinnedVersion()).toBe(firstVersion)
  })

  test('no version chosen, or a cohort of another course, is refused with 400 and nothing changes', async () => {
    const unchosen = await post(admin, { intent: 'plan', cohortId, toVersionId: '' })
    expect(unchosen.status).toBe(400)
    expect(await unchosen.text()).toContain('көшіретін нұсқаны таңдаңыз')
    const otherCohort = await createTestCohort(db, { slug: 'e2e-short', versionId: otherCourseVersion })
    const foreign = await post(admin, { intent: 'move', cohortId: otherCohort, toVersionId: secondVersion })
    expect(foreign.status).toBe(400)
    expect(await foreign.text()).toContain('Бұл курста мұндай оқу тобы жоқ')
    const other = await db.selectFrom('cohorts').select('course_version_id').where('id', '=', otherCohort).executeTakeFirstOrThrow()
    expect(other.course_version_id).toBe(otherCourseVersion)
    expect(await pinnedVersion()).toBe(firstVersion)
  })

  test('an admin plans the move, sees what it does, confirms it, and the cohort is on the new version', async () => {
    const page = await (await get(PAGE, admin)).text()
    expect(page).toContain(`<input type="hidden" name="cohortId" value="${cohortId}"/>`)

    const planned = await post(admin, { intent: 'plan', cohortId, toVersionId: secondVersion })
    expect(planned.status).toBe(200)
    const plan = await planned.text()
    expect(plan).toContain('Өзгерген сабақтар (тыңдаушылар қайта оқиды): 1')
    expect(plan).toContain('Өзгермеген сабақтар: 2')
    expect(plan).toContain('Оқып жатқан тыңдаушылар: 1')
    expect(plan).toContain('Өшірілетін «өтілді» белгілері: 1')
    expect(plan).toContain('name="intent" value="move"')
    expect(await pinnedVersion()).toBe(firstVersion)

    const moved = await post(admin, { intent: 'move', cohortId, toVersionId: secondVersion })
    expect(moved.status).toBe(302)
    const location = moved.headers.get('location')!
    expect(location).toBe(`${PAGE}?moved=${cohortId}`)
    expect(await pinnedVersion()).toBe(secondVersion)
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'cohort.move_version')
      .where('target_id', '=', cohortId)
      .executeTakeFirstOrThrow()
    expect(audit.actor_user_id).toBe(admin.id)
    expect(JSON.parse(audit.details)).toMatchObject({ from: firstVersion, to: secondVersion, progressCleared: 1 })

    const after = await get(location, admin)
    expect(after.status).toBe(200)
    const { title } = await db.selectFrom('cohorts').select('title').where('id', '=', cohortId).executeTakeFirstOrThrow()
    expect(await after.text()).toMatch(new RegExp(`role="status"[^>]*>«${title}» тобы [^<]+ нұсқасына көшірілді\\.`))
  })
})
