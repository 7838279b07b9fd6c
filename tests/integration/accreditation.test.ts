import fs from 'node:fs'
import path from 'node:path'
import { Migrator, type Migration } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import { migrations } from '#db/migrations/index.ts'
import { approvedFacts } from '#app/modules/accreditation/approved.server.ts'
import { factsOf } from '#app/modules/accreditation/facts.ts'
import type { CourseManifest } from '#app/modules/content/manifest.ts'
import { decideRequest, saveCourseSettings } from '#app/modules/accreditation/requests.server.ts'
import { loadWorkingCopy } from '#app/modules/authoring/draft.server.ts'
import { cachedCompiler } from '#app/modules/content/bundle-cache.server.ts'
import { publishCourseSource } from '#app/modules/content/publish.server.ts'
import { readContent } from '#app/modules/content/source.server.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// content:sync and the approved accreditation facts (ADR 017): files reviewed
// in git establish a new course's facts, and never change an existing
// course's facts silently. A request is decided once, and an approval never
// undoes a version published meanwhile.

const db = createTestDb()
const roots: string[] = []

afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true })
})

/** A copy of tests/fixtures/content with e2e-short's course.yml edited, and the course copied as `slug` if given. */
function contentWith(edit: (yml: string) => string, copyAs?: string): string {
  fs.mkdirSync(TMP_DIR, { recursive: true })
  const root = fs.mkdtempSync(path.join(TMP_DIR, 'accreditation-'))
  roots.push(root)
  fs.cpSync(path.resolve('tests/fixtures/content'), root, { recursive: true })
  const yml = path.join(root, 'courses/e2e-short/course.yml')
  fs.writeFileSync(yml, edit(fs.readFileSync(yml, 'utf8')))
  if (copyAs) fs.cpSync(path.join(root, 'courses/e2e-short'), path.join(root, 'courses', copyAs), { recursive: true })
  return root
}

const currentVersion = async (id: string) =>
  (await db.selectFrom('courses').select('current_version_id').where('id', '=', id).executeTakeFirst())?.current_version_id ?? null

test("migration 0010 takes each existing course's facts from its current version", async () => {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations as Record<string, Migration> } })
  expect((await migrator.migrateTo('0009-admin-overview')).error).toBeUndefined()
  expect((await migrator.migrateToLatest()).error).toBeUndefined()
  const courses = await db
    .selectFrom('courses')
    .innerJoin('course_versions', 'course_versions.id', 'courses.current_version_id')
    .select(['courses.id', 'course_versions.manifest'])
    .execute()
  expect(courses.length).toBeGreaterThanOrEqual(2)
  for (const c of courses) expect(await approvedFacts(db, c.id), c.id).toEqual(factsOf(JSON.parse(c.manifest) as CourseManifest))
})

describe('content:sync', () => {
  test("a course's first version establishes its facts, recorded as coming from the files", async () => {
    const report = await syncContent(
      testWork(db),
      contentWith((yml) => yml, 'e2e-copy'),
    )
    expect(report.published).toContain('e2e-copy')
    expect((await approvedFacts(db, 'e2e-copy'))?.hours).toBe(2)
    const row = await db.selectFrom('course_accreditation').select(['approved_by', 'request_id']).where('course_id', '=', 'e2e-copy').executeTakeFirstOrThrow()
    expect(row).toEqual({ approved_by: null, request_id: null })
  })

  test('files whose facts differ from the approved ones are not published; the last version keeps serving', async () => {
    const before = await currentVersion('e2e-short')
    const report = await syncContent(
      testWork(db),
      contentWith((yml) => yml.replace('"TEST-E2E-1"', '"FORGED-1"').replace('final_exam: true', 'final_exam: false')),
    )
    const failed = report.failed.find((f) => f.slug === 'e2e-short')
    expect(failed?.problems).toEqual([
      expect.objectContaining({ file: 'courses/e2e-short/course.yml', message: expect.stringContaining('completion.final_exam: true → false') }),
    ])
    expect(await currentVersion('e2e-short')).toBe(before)
    expect((await approvedFacts(db, 'e2e-short'))?.hours).toBe(2)
    expect(
      await db.selectFrom('course_versions').select('id').where('course_id', '=', 'e2e-short').where('manifest', 'like', '%FORGED-1%').executeTakeFirst(),
    ).toBeUndefined()
  })

  test('other changes in the files publish as before when the facts are the approved ones', async () => {
    const before = await currentVersion('e2e-short')
    const report = await syncContent(
      testWork(db),
      contentWith((yml) => yml.replace('A three-lesson course for the browser tests.', 'Edited in git.')),
    )
    expect(report.published).toContain('e2e-short')
    expect(await currentVersion('e2e-short')).not.toBe(before)
  })
})

describe('deciding', () => {
  test('two admins approving the same request at once: one approval, one new version, one audit row', async () => {
    const [trainer, adminA, adminB] = await Promise.all([
      createUser(db, { roles: ['trainer'] }),
      createUser(db, { roles: ['admin'] }),
      createUser(db, { roles: ['admin'] }),
    ])
    const yml = (await loadWorkingCopy(testWork(db), 'authoring-demo')).files.get('course.yml')!
    const filed = await saveCourseSettings(testWork(db, { actorId: trainer.id }), {
      courseId: 'authoring-demo',
      text: yml.text.replace('"TEST-AUTHOR-1"', '"TEST-AUTHOR-2"'),
      expectedHash: yml.hash,
      reason: 'Бұйрық',
    })
    if (!filed.ok || !filed.requestId) throw new Error('no request')
    const versionsBefore = await db.selectFrom('course_versions').select('id').where('course_id', '=', 'authoring-demo').execute()
    const results = await Promise.all(
      [adminA, adminB].map((a) => decideRequest(testWork(db, { actorId: a.id }), { requestId: filed.requestId!, decision: 'approve', comment: 'Иә' })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: expect.stringMatching(/^accreditation\.error\.(notPending|changed)$/) })
    expect(await db.selectFrom('course_versions').select('id').where('course_id', '=', 'authoring-demo').execute()).toHaveLength(versionsBefore.length + 1)
    expect(
      await db.selectFrom('audit_log').select('id').where('action', '=', 'accreditation.approve').where('target_id', '=', 'authoring-demo').execute(),
    ).toHaveLength(1)
    expect((await approvedFacts(db, 'authoring-demo'))?.['approval.number']).toBe('TEST-AUTHOR-2')
  })

  test('a publish built on a version that is no longer current is refused and changes nothing', async () => {
    const course = readContent(path.resolve('tests/fixtures/content')).find((c) => c.slug === 'e2e-short')!
    const before = await currentVersion('e2e-short')
    const result = await publishCourseSource(testWork(db), course, {
      origin: 'app',
      publishedBy: null,
      changeNote: 'x',
      contentRoot: path.resolve('tests/fixtures/content'),
      compile: cachedCompiler(testWork(db)),
      basedOn: 'not-the-current-one',
    })
    expect(result).toMatchObject({ ok: false, stale: true })
    expect(await currentVersion('e2e-short')).toBe(before)
  })
})
