import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { approvedFacts } from '#app/modules/accreditation/approved.server.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { createTestDb } from '#tests/setup/test-db.ts'

// content:sync and the approved accreditation facts (ADR 017): files reviewed
// in git establish a new course's facts, and never change an existing
// course's facts silently.

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

const currentVersion = async (id: string) => (await db.selectFrom('courses').select('current_version_id').where('id', '=', id).executeTakeFirst())?.current_version_id ?? null

describe('content:sync', () => {
  test('a course\'s first version establishes its facts, recorded as coming from the files', async () => {
    const report = await syncContent(db, contentWith((yml) => yml, 'e2e-copy'))
    expect(report.published).toContain('e2e-copy')
    expect((await approvedFacts(db, 'e2e-copy'))?.hours).toBe(2)
    const row = await db.selectFrom('course_accreditation').select(['approved_by', 'request_id']).where('course_id', '=', 'e2e-copy').executeTakeFirstOrThrow()
    expect(row).toEqual({ approved_by: null, request_id: null })
  })

  test('files whose facts differ from the approved ones are not published; the last version keeps serving', async () => {
    const before = await currentVersion('e2e-short')
    const report = await syncContent(db, contentWith((yml) => yml.replace('hours: 2', 'hours: 360').replace('final_exam: true', 'final_exam: false')))
    const failed = report.failed.find((f) => f.slug === 'e2e-short')
    expect(failed?.problems).toEqual([expect.objectContaining({ file: 'courses/e2e-short/course.yml', message: expect.stringContaining('hours: 2 → 360; completion.final_exam: true → false') })])
    expect(await currentVersion('e2e-short')).toBe(before)
    expect((await approvedFacts(db, 'e2e-short'))?.hours).toBe(2)
    expect(await db.selectFrom('course_versions').select('id').where('course_id', '=', 'e2e-short').where('manifest', 'like', '%"hours":360%').executeTakeFirst()).toBeUndefined()
  })

  test('other changes in the files publish as before when the facts are the approved ones', async () => {
    const before = await currentVersion('e2e-short')
    const report = await syncContent(db, contentWith((yml) => yml.replace('A three-lesson course for the browser tests.', 'Edited in git.')))
    expect(report.published).toContain('e2e-short')
    expect(await currentVersion('e2e-short')).not.toBe(before)
  })
})
