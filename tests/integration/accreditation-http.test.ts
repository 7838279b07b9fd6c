import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { loadWorkingCopy } from '#app/modules/authoring/draft.server.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { addMs, DAY, now } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import type { CourseManifest } from '#app/modules/content/manifest.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// Security review finding 4: a trainer changed what a certificate certifies
// (hours 72 → 360, the approval number, quiz mark 0, exam off) in the course
// settings and published it with no admin. Over real HTTP with plain form
// posts: the trainer's change becomes a pending request and the publish keeps
// the approved facts; only another person with the admin role applies it.

const COURSE = 'e2e-short'
const SETTINGS = `/author/${COURSE}/settings`
const QUEUE = '/admin/accreditation'

let server: RunningServer
let db: Database
let admin: FixtureUser
let trainer: FixtureUser
let dual: FixtureUser
const login = sessionLogin(() => server)

async function get(path: string, user: FixtureUser) {
  return fetch(server.url + path, { redirect: 'manual', headers: { Cookie: await login(user) } })
}

async function post(path: string, user: FixtureUser, fields: Record<string, string>) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: await login(user) },
    body: new URLSearchParams(fields).toString(),
  })
}

async function currentManifest(courseId = COURSE): Promise<CourseManifest> {
  const row = await db
    .selectFrom('courses')
    .innerJoin('course_versions', 'course_versions.id', 'courses.current_version_id')
    .select('course_versions.manifest')
    .where('courses.id', '=', courseId)
    .executeTakeFirstOrThrow()
  return JSON.parse(row.manifest) as CourseManifest
}

/** The settings form as the page rendered it, with course.yml edited by `edit`. */
async function settingsPost(user: FixtureUser, courseId: string, edit: (yml: string) => string, reason = ''): Promise<Response> {
  const html = await (await get(`/author/${courseId}/settings`, user)).text()
  const hash = /name="hash" value="([0-9a-f]*)"/.exec(html)?.[1] ?? ''
  const yml = (await loadWorkingCopy(testWork(db), courseId)).files.get('course.yml')!.text
  return post(`/author/${courseId}/settings`, user, { hash, yml: edit(yml), reason })
}

/** Opens a cohort over HTTP as an admin does, then completes a teacher in it and issues the certificate. */
async function certificateFromNewCohort(title: string) {
  const startsOn = localIsoDate(now())
  const res = await post(`/admin/cohorts/new?course=${COURSE}`, admin, {
    courseId: COURSE,
    title,
    lang: 'kk',
    startsOn,
    endsOn: localIsoDate(addMs(now(), 60 * DAY)),
    trainerId: trainer.id,
    capacity: '30',
    regionCode: 'KZ-75',
  })
  expect(res.status).toBe(302)
  const cohortId = /created=([a-z2-7]+)/.exec(res.headers.get('location') ?? '')![1]!
  const teacher = await createUser(db, { roles: ['teacher'] })
  const enrolled = await enrol(testWork(db, { actorId: admin.id }), { userId: teacher.id, cohortId, source: 'admin', today: startsOn })
  if (!enrolled.ok) throw new Error('enrolment refused')
  // The teacher scored nothing anywhere; only a completion rule of "quizzes 0, no exam" would complete them.
  await db
    .updateTable('enrolments')
    .set({ status: 'completed', completed_at: now().toISOString(), lessons_done: 3 })
    .where('id', '=', enrolled.enrolmentId)
    .execute()
  const issued = await issueCertificate(testWork(db), enrolled.enrolmentId)
  if (!issued.ok) throw new Error(issued.error)
  const cert = await db.selectFrom('certificates').select('facts').where('id', '=', issued.certificateId).executeTakeFirstOrThrow()
  const cohort = await db
    .selectFrom('cohorts')
    .innerJoin('course_versions', 'course_versions.id', 'cohorts.course_version_id')
    .select('course_versions.manifest')
    .where('cohorts.id', '=', cohortId)
    .executeTakeFirstOrThrow()
  return { facts: JSON.parse(cert.facts) as { hours: number; approval: { number: string } | null }, manifest: JSON.parse(cohort.manifest) as CourseManifest }
}

const inflate = (yml: string) =>
  yml
    .replace('hours: 2', 'hours: 360')
    .replace('"TEST-E2E-1"', '"FAKE-2026/999"')
    .replace('module_quizzes: 70', 'module_quizzes: 0')
    .replace('final_exam: true', 'final_exam: false')
    .replace('A three-lesson course for the browser tests.', 'A three-lesson course, summary edited.')

/** What a reader sees of a page: its text without tags. */
function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, '')
}

async function auditOf(action: string) {
  const rows = await db.selectFrom('audit_log').select(['actor_user_id', 'target_id', 'details']).where('action', '=', action).orderBy('created_at').execute()
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }))
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'], fullName: 'Әсем Әкімшіқызы' })
  trainer = await createUser(db, { roles: ['trainer'], fullName: 'Тимур Тренеров' })
  dual = await createUser(db, { roles: ['admin', 'trainer'], fullName: 'Дана Екірөлді' })
  await addCourseEditor(db, COURSE, trainer.id, admin.id)
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('a trainer cannot change what a certificate certifies', () => {
  test("settings with hours 360, another approval number, quizzes 0 and no exam, then publish: a new cohort's certificate still certifies the approved facts", async () => {
    const saved = await settingsPost(trainer, COURSE, inflate, 'Бағдарлама кеңейтілді')
    expect(saved.status).toBe(302)
    const published = await post(`/author/${COURSE}`, trainer, { intent: 'publish', note: 'Сипаттама өзгерді', confirmParity: 'yes' })
    expect(published.status).toBe(302)
    const manifest = await currentManifest()
    expect(manifest.summary.en).toBe('A three-lesson course, summary edited.') // the other change was published
    const { facts, manifest: pinned } = await certificateFromNewCohort('Сынақ тобы 1')
    expect(facts.hours).toBe(2)
    expect(facts.approval?.number).toBe('TEST-E2E-1')
    expect(pinned.completion).toEqual({ lessons: 'all', module_quizzes: 70, final_exam: true })
    expect(pinned.assessment).toEqual({ module_quiz: { pass_mark: 70, attempts: 3 }, final_exam: { pass_mark: 70, attempts: 2 } })
  })

  test('the trainer sees the change pending with its diff; an admin sees it with the requester and reason', async () => {
    const mine = textOf(await (await get(SETTINGS, trainer)).text())
    expect(mine).toContain('Бекітуді күтуде')
    expect(mine).toMatch(/2\s*→\s*360/)
    expect(mine).toMatch(/TEST-E2E-1\s*→\s*FAKE-2026\/999/)
    const queue = await get(QUEUE, admin)
    expect(queue.status).toBe(200)
    const html = await queue.text()
    const text = textOf(html)
    expect(text).toContain('Тимур Тренеров')
    expect(text).toContain('Бағдарлама кеңейтілді')
    expect(text).toMatch(/2\s*→\s*360/)
    expect(html).toContain(`href="${QUEUE}"`) // linked from the admin navigation
    expect((await get(QUEUE, trainer)).status).toBe(403)
  })

  test('a change to the facts without a reason is refused with a message and saves nothing', async () => {
    const draftBefore = await db.selectFrom('draft_files').selectAll().where('course_id', '=', COURSE).execute()
    const refused = await settingsPost(trainer, COURSE, (yml) => yml.replace('hours: 2', 'hours: 999').replace('Short test course', 'Renamed'), '  ')
    expect(refused.status).toBe(400)
    expect(textOf(await refused.text())).toContain('себебін жазыңыз')
    expect(await db.selectFrom('draft_files').selectAll().where('course_id', '=', COURSE).execute()).toEqual(draftBefore)
    const pending = await db.selectFrom('accreditation_requests').select('changes').where('course_id', '=', COURSE).where('status', '=', 'pending').execute()
    expect(pending).toHaveLength(1)
    expect(pending[0]!.changes).toContain('"to":360')
  })

  test('a publish whose course.yml differs from the approved facts is refused with a translated message', async () => {
    const before = (await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()).current_version_id
    const published = (await loadWorkingCopy(testWork(db), COURSE)).files.get('course.yml')!
    // A draft that did not come through the settings page (written before this rule, say).
    await db
      .insertInto('draft_files')
      .values({
        course_id: COURSE,
        path: 'course.yml',
        text: published.text.replace('hours: 2', 'hours: 360'),
        base_hash: published.hash,
        changed_at: now().toISOString(),
        changed_by: trainer.id,
      })
      .execute()
    const refused = await post(`/author/${COURSE}`, trainer, { intent: 'publish', note: 'Сағаттар', confirmParity: 'yes' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('бекітілген деректерден өзгеше')
    expect((await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()).current_version_id).toBe(before)
    await db.deleteFrom('draft_files').where('course_id', '=', COURSE).execute()
  })
})

describe('an admin decides, never the requester', () => {
  test('a user with both roles cannot approve their own request; a rejection with a comment changes nothing', async () => {
    const saved = await settingsPost(dual, 'authoring-demo', (yml) => yml.replace('hours: 3', 'hours: 4'), 'Сағат қосу')
    expect(saved.status).toBe(302)
    const request = await db
      .selectFrom('accreditation_requests')
      .selectAll()
      .where('course_id', '=', 'authoring-demo')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
    expect(request.requested_by).toBe(dual.id)
    const self = await post(QUEUE, dual, { intent: 'approve', requestId: request.id, comment: 'Өзім бекітемін' })
    expect(self.status).toBe(403)
    expect(await self.text()).toContain('Өз сұрауыңызды')
    expect((await db.selectFrom('accreditation_requests').select('status').where('id', '=', request.id).executeTakeFirstOrThrow()).status).toBe('pending')
    const noComment = await post(QUEUE, admin, { intent: 'reject', requestId: request.id, comment: '' })
    expect(noComment.status).toBe(400)
    const rejected = await post(QUEUE, admin, { intent: 'reject', requestId: request.id, comment: 'Министрлік бұйрығы жоқ' })
    expect(rejected.status).toBe(302)
    expect(
      await db.selectFrom('accreditation_requests').select(['status', 'decided_by', 'decision_comment']).where('id', '=', request.id).executeTakeFirstOrThrow(),
    ).toEqual({
      status: 'rejected',
      decided_by: admin.id,
      decision_comment: 'Министрлік бұйрығы жоқ',
    })
    expect((await currentManifest('authoring-demo')).hours).toBe(3)
    const again = await post(QUEUE, admin, { intent: 'approve', requestId: request.id, comment: 'Кеш' })
    expect(again.status).toBe(400)
    expect((await currentManifest('authoring-demo')).hours).toBe(3)
    const [audit] = (await auditOf('accreditation.reject')).filter((a) => a.target_id === 'authoring-demo')
    expect(audit).toMatchObject({
      actor_user_id: admin.id,
      details: { requestId: request.id, comment: 'Министрлік бұйрығы жоқ', changes: [{ fact: 'hours', from: 3, to: 4 }] },
    })
  })

  test("another admin approves the trainer's request: a new version carries the new facts, the old cohort keeps its own", async () => {
    const request = await db
      .selectFrom('accreditation_requests')
      .selectAll()
      .where('course_id', '=', COURSE)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
    const versionBefore = (await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()).current_version_id
    // 360 hours need a plan that accounts for them: without it the approval is refused and nothing changes.
    const unplanned = await post(QUEUE, admin, { intent: 'approve', requestId: request.id, comment: 'Бұйрық №999 негізінде' })
    expect(unplanned.status).toBe(400)
    expect((await currentManifest()).hours).toBe(2)
    // The trainer declares the practice that makes up the 358 hours beside the lessons' 2, in the draft.
    const planned = await settingsPost(
      trainer,
      COURSE,
      (yml) =>
        `${yml.trimEnd()}\nactivities:\n  - id: practicum\n    kind: practice\n    title: { kk: Мектептегі тәжірибе, ru: Практика в школе }\n    hours: 358\n    required: false\n`,
      '',
    )
    expect(planned.status).toBe(302)
    const approved = await post(QUEUE, admin, { intent: 'approve', requestId: request.id, comment: 'Бұйрық №999 негізінде' })
    expect(approved.status).toBe(302)
    const manifest = await currentManifest()
    expect(manifest.hours).toBe(360)
    expect(manifest.approval?.number).toBe('FAKE-2026/999')
    expect(manifest.completion).toMatchObject({ module_quizzes: 0, final_exam: false })
    expect(manifest.summary.en).toBe('A three-lesson course, summary edited.')
    const version = await db
      .selectFrom('courses')
      .innerJoin('course_versions', 'course_versions.id', 'courses.current_version_id')
      .select(['course_versions.id', 'course_versions.published_by'])
      .where('courses.id', '=', COURSE)
      .executeTakeFirstOrThrow()
    expect(version.id).not.toBe(versionBefore)
    expect(version.published_by).toBe(admin.id)
    const { facts } = await certificateFromNewCohort('Сынақ тобы 2')
    expect(facts.hours).toBe(360)
    expect(facts.approval?.number).toBe('FAKE-2026/999')
    // The cohort opened before the approval keeps its version and the facts it was opened with.
    const older = await db
      .selectFrom('cohorts')
      .innerJoin('course_versions', 'course_versions.id', 'cohorts.course_version_id')
      .select('course_versions.manifest')
      .where('cohorts.title', '=', 'Сынақ тобы 1')
      .executeTakeFirstOrThrow()
    expect((JSON.parse(older.manifest) as CourseManifest).hours).toBe(2)
    const requested = (await auditOf('accreditation.request')).find((a) => a.target_id === COURSE)
    expect(requested).toMatchObject({ actor_user_id: trainer.id, details: { requestId: request.id, reason: 'Бағдарлама кеңейтілді' } })
    const [audit] = (await auditOf('accreditation.approve')).filter((a) => a.target_id === COURSE)
    expect(audit).toMatchObject({ actor_user_id: admin.id, details: { requestId: request.id, versionId: version.id } })
    expect(audit!.details.changes).toEqual(
      expect.arrayContaining([
        { fact: 'hours', from: 2, to: 360 },
        { fact: 'approval.number', from: 'TEST-E2E-1', to: 'FAKE-2026/999' },
        { fact: 'completion.module_quizzes', from: 70, to: 0 },
        { fact: 'completion.final_exam', from: true, to: false },
      ]),
    )
  })
})
