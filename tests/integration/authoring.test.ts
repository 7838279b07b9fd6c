import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { diffVersions } from '#app/modules/authoring/diff.server.ts'
import { addLesson, discardDraft, lessonFiles, loadWorkingCopy, parityOf, removeLesson, saveDraft } from '#app/modules/authoring/draft.server.ts'
import { moveCohort, planCohortMove } from '#app/modules/authoring/cohort-move.server.ts'
import { publishDraft } from '#app/modules/authoring/publish-draft.server.ts'
import { sha256 } from '#app/modules/content/compile-mdx.server.ts'
import { exportContent } from '#app/modules/content/export.server.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { versionFiles } from '#app/modules/content/version-files.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { lessonBundle } from '#app/modules/courses/lesson-view.server.ts'
import { studyLesson } from '#tests/fixtures/study.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// Drafts, publishing, versions, parity and cohort moves on the bilingual
// fixture course 'authoring-demo' (tests/fixtures/content), on a real SQLite copy.

const db = createTestDb()
const COURSE = 'authoring-demo'
const WELCOME_KK = 'kk/01-basics/01-welcome.mdx'
const WELCOME_RU = 'ru/01-basics/01-welcome.mdx'
let author: string
let firstVersion: string

const currentVersion = async () =>
  (await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()).current_version_id!
const fileText = async (p: string) => (await loadWorkingCopy(testWork(db), COURSE)).files.get(p)!

async function edit(p: string, change: (text: string) => string, inStep?: string[]) {
  const file = await fileText(p)
  const saved = await saveDraft(testWork(db, { actorId: author }), {
    courseId: COURSE,
    changes: [{ path: p, text: change(file.text), expectedHash: file.hash }],
    inStep,
  })
  expect(saved.ok).toBe(true)
}

beforeAll(async () => {
  author = (await createUser(db, { roles: ['trainer'] })).id
  firstVersion = await currentVersion()
})

describe('versions keep their files', () => {
  test('a version synced from content/ records every file, and a second sync changes nothing', async () => {
    const files = await versionFiles(db, firstVersion)
    expect([...files.keys()]).toEqual([
      'course.yml',
      WELCOME_KK,
      'kk/01-basics/02-signals.mdx',
      'kk/02-practice/01-plan.mdx',
      WELCOME_RU,
      'ru/01-basics/02-signals.mdx',
      'ru/02-practice/01-plan.mdx',
    ])
    expect(files.get(WELCOME_KK)!.text).toBe(fs.readFileSync('tests/fixtures/content/courses/authoring-demo/kk/01-basics/01-welcome.mdx', 'utf8'))
    const report = await syncContent(testWork(db), path.resolve('tests/fixtures/content'))
    expect(report.unchanged).toContain(COURSE)
    expect(await currentVersion()).toBe(firstVersion)
  })
})

describe('drafts', () => {
  test('saving writes a draft, not the published version; going back to the published text drops it', async () => {
    await edit(WELCOME_KK, (t) => t.replace('қауіпсіздік сезімі', 'қауіпсіздік пен сенім сезімі'))
    let copy = await loadWorkingCopy(testWork(db), COURSE)
    expect(copy.draftCount).toBe(1)
    expect(copy.files.get(WELCOME_KK)!.inDraft).toBe(true)
    expect((await versionFiles(db, firstVersion)).get(WELCOME_KK)!.text).not.toContain('сенім сезімі')
    await edit(WELCOME_KK, (t) => t.replace('қауіпсіздік пен сенім сезімі', 'қауіпсіздік сезімі'))
    copy = await loadWorkingCopy(testWork(db), COURSE)
    expect(copy.draftCount).toBe(0)
  })

  test('a browser textarea posts CRLF: the draft keeps LF', async () => {
    await edit(WELCOME_RU, (t) => t.replace(/\n/g, '\r\n').replace('спокойный', 'спокойный, тёплый'))
    expect((await fileText(WELCOME_RU)).text).not.toContain('\r')
    await discardDraft(testWork(db), COURSE)
  })

  test('a file someone saved after the author opened it is not overwritten', async () => {
    const opened = await fileText(WELCOME_KK)
    await edit(WELCOME_KK, (t) => t + '\nБірінші автордың жолы.\n')
    const second = await saveDraft(testWork(db, { actorId: author }), {
      courseId: COURSE,
      changes: [{ path: WELCOME_KK, text: opened.text + '\nЕкінші автор.\n', expectedHash: opened.hash }],
    })
    expect(second).toMatchObject({ ok: false, error: { conflicts: [{ path: WELCOME_KK, changedBy: author }] } })
    expect((await fileText(WELCOME_KK)).text).toContain('Бірінші автордың жолы.')
    await discardDraft(testWork(db), COURSE)
  })

  test('a lesson added to a module gets the next number in every language; removing it drops it from the draft', async () => {
    expect(
      await addLesson(testWork(db, { actorId: author }), {
        courseId: COURSE,
        moduleId: 'practice',
        lessonId: 'review',
        titles: { kk: 'Қорытынды шолу', ru: 'Итоговый обзор' },
        minutes: 15,
      }),
    ).toEqual({ ok: true, value: { path: 'kk/02-practice/02-review.mdx' } })
    const copy = await loadWorkingCopy(testWork(db), COURSE)
    expect(lessonFiles(copy, 'practice', 'review').map((f) => [f.path, f.file?.text.includes('minutes: 15')])).toEqual([
      ['kk/02-practice/02-review.mdx', true],
      ['ru/02-practice/02-review.mdx', true],
    ])
    expect(
      await addLesson(testWork(db, { actorId: author }), {
        courseId: COURSE,
        moduleId: 'practice',
        lessonId: 'review',
        titles: { kk: 'а', ru: 'б' },
        minutes: 15,
      }),
    ).toEqual({ ok: false, error: 'authoring.lesson.error.exists' })
    expect(
      await addLesson(testWork(db, { actorId: author }), { courseId: COURSE, moduleId: 'nowhere', lessonId: 'x', titles: { kk: 'а', ru: 'б' }, minutes: 15 }),
    ).toEqual({ ok: false, error: 'authoring.lesson.error.module' })
    expect(
      await addLesson(testWork(db, { actorId: author }), {
        courseId: COURSE,
        moduleId: 'practice',
        lessonId: '../evil',
        titles: { kk: 'а', ru: 'б' },
        minutes: 15,
      }),
    ).toEqual({ ok: false, error: 'authoring.lesson.error.id' })
    expect(await removeLesson(testWork(db, { actorId: author }), { courseId: COURSE, moduleId: 'practice', lessonId: 'review' })).toBe(true)
    expect((await loadWorkingCopy(testWork(db), COURSE)).draftCount).toBe(0)
  })
})

describe('bilingual parity', () => {
  test('a lesson changed in kk after ru is reported until ru changes with it or an author says they are in step', async () => {
    await edit(WELCOME_KK, (t) => t + '\nЖаңа абзац.\n')
    let parity = await parityOf(testWork(db), await loadWorkingCopy(testWork(db), COURSE))
    expect(parity).toMatchObject([{ kind: 'stale', lessonKey: 'basics/welcome', newer: ['kk'], older: ['ru'] }])
    await edit(WELCOME_RU, (t) => t, ['basics/welcome'])
    parity = await parityOf(testWork(db), await loadWorkingCopy(testWork(db), COURSE))
    expect(parity).toEqual([])
    await discardDraft(testWork(db), COURSE)
  })

  test('a lesson missing in ru is reported', async () => {
    const file = await fileText(WELCOME_RU)
    await saveDraft(testWork(db, { actorId: author }), { courseId: COURSE, changes: [{ path: WELCOME_RU, text: null, expectedHash: file.hash }] })
    expect(await parityOf(testWork(db), await loadWorkingCopy(testWork(db), COURSE))).toMatchObject([
      { kind: 'missing', lessonKey: 'basics/welcome', missing: ['ru'], present: ['kk'] },
    ])
    await discardDraft(testWork(db), COURSE)
  })
})

describe('publishing', () => {
  let oldCohort: string
  let learner: { id: string }
  let enrolmentId: string

  beforeAll(async () => {
    oldCohort = await createTestCohort(db, { slug: COURSE, versionId: firstVersion }, { lang: 'kk', startsOn: '2026-01-10', endsOn: '2027-12-20' })
    learner = await createUser(db, { roles: ['teacher'] })
    const enrolled = await enrol(testWork(db), { userId: learner.id, cohortId: oldCohort, source: 'admin', today: '2026-06-01' })
    if (!enrolled.ok) throw new Error(JSON.stringify(enrolled))
    enrolmentId = enrolled.enrolmentId
    await studyLesson(db, { id: enrolmentId, course_version_id: firstVersion }, 'basics', 'welcome')
    await studyLesson(db, { id: enrolmentId, course_version_id: firstVersion }, 'basics', 'signals')
  })

  test('a change note is required, and an empty draft has nothing to publish', async () => {
    expect(await publishDraft(testWork(db, { actorId: author }), { courseId: COURSE, note: 'x', confirmParity: false })).toEqual({
      ok: false,
      error: 'authoring.publish.error.empty',
    })
    await edit(WELCOME_KK, (t) => t + '\nЖаңа.\n')
    expect(await publishDraft(testWork(db, { actorId: author }), { courseId: COURSE, note: '   ', confirmParity: false })).toEqual({
      ok: false,
      error: 'authoring.publish.error.note',
    })
    await discardDraft(testWork(db), COURSE)
  })

  test('a draft with an MDX error is refused with its file and line, and the published version keeps serving', async () => {
    await edit(WELCOME_KK, (t) => t + '\n<Callout type="tip">\nжабылмаған\n', ['basics/welcome'])
    const result = await publishDraft(testWork(db, { actorId: author }), { courseId: COURSE, note: 'Қате', confirmParity: true })
    expect(result.ok).toBe(false)
    if (result.ok || result.error !== 'authoring.publish.error.problems') throw new Error('expected problems')
    expect(result.problems[0]).toMatchObject({ file: `courses/${COURSE}/${WELCOME_KK}` })
    expect(result.problems[0]!.line).toBeGreaterThan(5)
    expect(await currentVersion()).toBe(firstVersion)
    await discardDraft(testWork(db), COURSE)
  })

  test('languages out of step need a confirmation; publishing makes a version, old cohorts keep theirs, new ones get it', async () => {
    await edit(WELCOME_KK, (t) => t.replace('Бұл сабақ', 'Жаңартылған сабақ'))
    const asked = await publishDraft(testWork(db, { actorId: author }), { courseId: COURSE, note: 'Кіріспе жаңартылды', confirmParity: false })
    expect(asked).toMatchObject({ ok: false, error: 'authoring.publish.error.parity', parity: [{ lessonKey: 'basics/welcome', newer: ['kk'] }] })
    const published = await publishDraft(testWork(db, { actorId: author }), { courseId: COURSE, note: 'Кіріспе жаңартылды', confirmParity: true })
    if (!published.ok) throw new Error(JSON.stringify(published))
    const version = await db.selectFrom('course_versions').selectAll().where('id', '=', published.versionId).executeTakeFirstOrThrow()
    expect(version).toMatchObject({ course_id: COURSE, source: 'app', published_by: author, change_note: 'Кіріспе жаңартылды' })
    expect(await currentVersion()).toBe(published.versionId)
    expect((await loadWorkingCopy(testWork(db), COURSE)).draftCount).toBe(0)
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'course.publish')
      .where('target_id', '=', COURSE)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details)).toMatchObject({ versionId: published.versionId, parityConfirmed: true })

    // The old cohort still reads the old text; a cohort opened now reads the new.
    const cohort = await db.selectFrom('cohorts').select('course_version_id').where('id', '=', oldCohort).executeTakeFirstOrThrow()
    expect(cohort.course_version_id).toBe(firstVersion)
    const oldBundle = await lessonBundle(testWork(db), firstVersion, 'basics', 'welcome', 'kk')
    const newBundle = await lessonBundle(testWork(db), published.versionId, 'basics', 'welcome', 'kk')
    expect(oldBundle!.cache_key).not.toBe(newBundle!.cache_key)

    // The version diff shows exactly the changed line.
    const diff = await diffVersions(testWork(db), firstVersion, published.versionId)
    expect(diff.map((d) => [d.path, d.status, d.added, d.removed])).toEqual([[WELCOME_KK, 'changed', 1, 1]])
    const changed = diff[0]!.hunks.flatMap((h) => h.lines).filter((l) => l.kind !== 'same')
    expect(changed).toEqual([
      { kind: 'removed', text: 'Бұл сабақ баланың қауіпсіздік сезімі туралы.', oldNo: 6, newNo: null },
      { kind: 'added', text: 'Жаңартылған сабақ баланың қауіпсіздік сезімі туралы.', oldNo: null, newNo: 6 },
    ])
    // Change times travel with the files: ru kept its old time, kk has the draft's.
    const files = await versionFiles(db, published.versionId)
    expect(files.get(WELCOME_KK)!.changedAt > files.get(WELCOME_RU)!.changedAt).toBe(true)
  })

  test('content:sync of the old files does not move the course back; content:export writes the new version and a sync of it changes nothing', async () => {
    const current = await currentVersion()
    await syncContent(testWork(db), path.resolve('tests/fixtures/content'))
    expect(await currentVersion()).toBe(current)

    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-export-'))
    afterAll(() => fs.rmSync(out, { recursive: true, force: true }))
    fs.cpSync('tests/fixtures/content', out, { recursive: true })
    fs.writeFileSync(path.join(out, 'courses', COURSE, 'kk', '01-basics', '99-stray.mdx'), '---\ntitle: x\nminutes: 1\n---\n')
    const report = await exportContent(db, out, [COURSE])
    expect(report.written).toEqual([{ slug: COURSE, files: 1, removed: 1 }])
    expect(fs.readFileSync(path.join(out, 'courses', COURSE, WELCOME_KK), 'utf8')).toContain('Жаңартылған сабақ')
    expect(fs.existsSync(path.join(out, 'courses', COURSE, 'kk', '01-basics', '99-stray.mdx'))).toBe(false)
    const again = await syncContent(testWork(db), out)
    expect(again.unchanged).toContain(COURSE)
    expect(again.failed).toEqual([])
    expect(await currentVersion()).toBe(current)
    expect(await exportContent(db, out, [COURSE])).toMatchObject({ written: [], unchanged: [COURSE] })
  })

  test('an admin moves the old cohort: progress on unchanged lessons carries over, the changed lesson is to be read again', async () => {
    const target = await currentVersion()
    const plan = await planCohortMove(testWork(db), oldCohort, target)
    expect(plan).toMatchObject({ changed: ['basics/welcome'], removed: [], added: [], activeLearners: 1, progressCleared: 1 })
    expect(plan!.unchanged.sort()).toEqual(['basics/signals', 'practice/plan'])
    const admin = await createUser(db, { roles: ['admin'] })
    await moveCohort(testWork(db, { actorId: admin.id }), { cohortId: oldCohort, toVersionId: target })
    const marks = await db.selectFrom('lesson_progress').select(['module_id', 'lesson_id']).where('enrolment_id', '=', enrolmentId).execute()
    expect(marks).toEqual([{ module_id: 'basics', lesson_id: 'signals' }])
    const enrolment = await db.selectFrom('enrolments').select(['lessons_done', 'lessons_total']).where('id', '=', enrolmentId).executeTakeFirstOrThrow()
    expect(enrolment).toEqual({ lessons_done: 1, lessons_total: 3 })
    expect((await db.selectFrom('cohorts').select('course_version_id').where('id', '=', oldCohort).executeTakeFirstOrThrow()).course_version_id).toBe(target)
    expect(await planCohortMove(testWork(db), oldCohort, target)).toBeNull() // already there
  })
})

test('sha256 names blobs', () => {
  expect(sha256('')).toHaveLength(64)
})
