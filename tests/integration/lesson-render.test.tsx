import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getMDXComponent } from 'mdx-bundler/client/index.js'
import type { ComponentType } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { dictionaryFor, translate } from '#app/i18n/catalog.server.ts'
import { I18nProvider } from '#app/i18n/i18n.tsx'
import { locales, type Locale } from '#app/i18n/locales.ts'
import { mdxComponents } from '#app/mdx/components.tsx'
import { LessonContext, type LessonState, type QuizState } from '#app/mdx/lesson-context.tsx'
import { keptTemplate, renderLessonHtml } from '#app/modules/content/render.server.tsx'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { learnerState, lessonBody, locateLesson } from '#app/modules/courses/lesson-view.server.ts'
import { submitQuiz } from '#app/modules/courses/progress.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// A lesson's body is rendered once per bundle and language into a template and
// filled per reader. It must read exactly as the lesson rendered for that reader
// directly, keep each reader's state apart, and follow a new version.

const db = createTestDb()
const PRACTICE = '/learn/e2e-short/basics/practice'

/** The lesson rendered for one reader in one go, as before templates: the reference. */
function renderedDirectly(code: string, state: LessonState, locale: Locale) {
  const Lesson = getMDXComponent(code) as ComponentType<{ components: typeof mdxComponents }>
  return renderToStaticMarkup(
    <I18nProvider locale={locale} dictionary={dictionaryFor(locale)}>
      <LessonContext.Provider value={state}>
        <Lesson components={mdxComponents} />
      </LessonContext.Provider>
    </I18nProvider>,
  )
}

const currentVersion = async (course: string) =>
  (await db.selectFrom('courses').select('current_version_id').where('id', '=', course).executeTakeFirstOrThrow()).current_version_id!

describe('a lesson read through its shared render', () => {
  test('reads the same as rendered for the reader directly: every fixture lesson, kk/ru/en, a visitor, a learner with attempts and a saved reflection, a closed enrolment, a passed final', async () => {
    let compared = 0
    for (const course of ['e2e-short', 'authoring-demo']) {
      const versionId = await currentVersion(course)
      const manifest = (await versionManifest(db, versionId))!
      const rows = await db
        .selectFrom('version_lessons')
        .innerJoin('mdx_bundles', 'mdx_bundles.cache_key', 'version_lessons.bundle_key')
        .select(['version_lessons.module_id', 'version_lessons.lesson_id', 'version_lessons.lang', 'mdx_bundles.cache_key', 'mdx_bundles.code'])
        .where('version_lessons.course_version_id', '=', versionId)
        .execute()
      expect(rows.length).toBeGreaterThan(0)
      for (const row of rows) {
        const lesson = flatLessons(manifest).find((l) => l.module.id === row.module_id && l.lesson.id === row.lesson_id)!.lesson
        const quizzes = (over: Partial<QuizState>) =>
          Object.fromEntries(
            lesson.quizzes.map((q) => [q.id, { kind: q.kind, attempts: 1, maxAttempts: 3, passMark: 70, best: 50, last: 50, passed: false, ...over }]),
          )
        // Markup, quotes and a leading newline in a saved answer: escaped as React escapes them.
        const reflections = Object.fromEntries(lesson.reflections.map((id) => [id, '\n<b>"Ережелер"</b> & \'бәрі\'']))
        const base = { action: `/learn/${course}/${row.module_id}/${row.lesson_id}`, lang: row.lang }
        const states: LessonState[] = [
          { ...base, enrolled: false, canSubmit: false, quizzes: {}, reflections: {} },
          { ...base, enrolled: true, canSubmit: true, quizzes: quizzes({}), reflections },
          { ...base, enrolled: true, canSubmit: true, quizzes: quizzes({ attempts: 3 }), reflections: {} },
          { ...base, enrolled: true, canSubmit: false, quizzes: quizzes({ passed: true, last: 90, best: 90 }), reflections },
          { ...base, enrolled: false, canSubmit: false, quizzes: {}, reflections: {}, reader: 'parent' },
        ]
        for (const locale of locales) {
          for (const state of states) {
            const html = renderLessonHtml(row, state, locale)
            expect(html, `${course}/${row.module_id}/${row.lesson_id} ${row.lang} in ${locale}`).toBe(renderedDirectly(row.code, state, locale))
            expect(html).not.toMatch(/[\uE000\uE001]|data-slot/)
            compared++
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50)
  })
})

describe('a draft previewed', () => {
  test('is rendered for the moment and not kept beside the published lessons', async () => {
    const versionId = await currentVersion('e2e-short')
    const bundle = await db
      .selectFrom('version_lessons')
      .innerJoin('mdx_bundles', 'mdx_bundles.cache_key', 'version_lessons.bundle_key')
      .select(['mdx_bundles.cache_key', 'mdx_bundles.code'])
      .where('version_lessons.course_version_id', '=', versionId)
      .where('version_lessons.lesson_id', '=', 'exam')
      .executeTakeFirstOrThrow()
    const draft = { cache_key: `${bundle.cache_key}-draft`, code: bundle.code }
    const state: LessonState = { action: '', lang: 'kk', enrolled: false, canSubmit: false, quizzes: {}, reflections: {} }
    expect(renderLessonHtml(draft, state, 'ru', { keep: false })).toBe(renderedDirectly(draft.code, state, 'ru'))
    expect(keptTemplate(draft.cache_key, state, 'ru')).toBeUndefined()
    renderLessonHtml(draft, state, 'ru')
    expect(keptTemplate(draft.cache_key, state, 'ru')).toBeDefined()
  })
})

describe('two teachers on one lesson', () => {
  let versionId: string
  let cohortId: string
  beforeAll(async () => {
    versionId = await currentVersion('e2e-short')
    cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId }, { endsOn: '2099-12-31' })
  })

  async function enrolled() {
    const user = await createUser(db)
    const result = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: '2026-06-01' })
    if (!result.ok) throw new Error(result.error)
    const row = await db
      .selectFrom('enrolments')
      .select(['id', 'status', 'user_id', 'course_id'])
      .where('id', '=', result.enrolmentId)
      .executeTakeFirstOrThrow()
    return { ...row, course_version_id: versionId }
  }

  test('each sees their own attempts and answers in the same kept render', async () => {
    const first = await enrolled()
    const second = await enrolled()
    const graded = await submitQuiz(testWork(db), first, { moduleId: 'basics', lessonId: 'practice' }, 'basics-quiz', { q1: ['b'], q2: ['a'] })
    expect(graded).toMatchObject({ ok: true })
    const location = (await locateLesson(testWork(db), versionId, 'basics', 'practice'))!

    const body = async (enrolment: typeof first) => {
      const state = await learnerState(testWork(db), enrolment, location, PRACTICE, 'kk')
      return (await lessonBody(testWork(db), versionId, 'basics', 'practice', state, 'kk'))!
    }
    const firstHtml = await body(first)
    const bundleKey = (await db
      .selectFrom('version_lessons')
      .select('bundle_key')
      .where('course_version_id', '=', versionId)
      .where('module_id', '=', 'basics')
      .where('lesson_id', '=', 'practice')
      .executeTakeFirstOrThrow())!.bundle_key
    const kept = keptTemplate(bundleKey, { lang: 'kk' }, 'kk')
    expect(kept).toBeDefined()
    const secondHtml = await body(second)
    expect(keptTemplate(bundleKey, { lang: 'kk' }, 'kk')).toBe(kept)

    for (const html of [firstHtml, secondHtml]) {
      expect(html).toContain('Буллинг — әдейі, қайталанатын және күш теңсіздігі бар әрекет.')
      expect(html).toContain(`action="${PRACTICE}#quiz-basics-quiz"`)
    }
    expect(firstHtml).toContain(translate('kk', 'lesson.quiz.attempts', { used: 1, max: 3 }))
    expect(firstHtml).toContain(translate('kk', 'lesson.quiz.best', { score: 50 }))
    expect(secondHtml).toContain(translate('kk', 'lesson.quiz.attempts', { used: 0, max: 3 }))
    expect(secondHtml).not.toContain(translate('kk', 'lesson.quiz.best', { score: 50 }))
    // Both may still answer: the questions are open and the button is there.
    for (const html of [firstHtml, secondHtml]) {
      expect(html).not.toMatch(/<fieldset disabled/)
      expect(html).toContain(translate('kk', 'lesson.quiz.submit'))
    }
  })
})

describe('a new version of a lesson', () => {
  let root: string
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

  test('is read in its new words by its cohorts, while the old version keeps its own', async () => {
    const oldVersion = await currentVersion('e2e-short')
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-lesson-render-'))
    fs.cpSync(path.resolve('tests/fixtures/content'), root, { recursive: true })
    const file = path.join(root, 'courses/e2e-short/kk/01-basics/01-practice.mdx')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Буллинг — әдейі', 'Жаңа нұсқа: буллинг — әдейі'))
    const report = await syncContent(testWork(db), root)
    expect(report.failed).toEqual([])
    const newVersion = await currentVersion('e2e-short')
    expect(newVersion).not.toBe(oldVersion)

    const visitor = (lang: string): LessonState => ({ action: PRACTICE, lang, enrolled: false, canSubmit: false, quizzes: {}, reflections: {} })
    const before = await lessonBody(testWork(db), oldVersion, 'basics', 'practice', visitor('kk'), 'kk')
    const after = await lessonBody(testWork(db), newVersion, 'basics', 'practice', visitor('kk'), 'kk')
    expect(before).toContain('<p>Буллинг — әдейі')
    expect(before).not.toContain('Жаңа нұсқа')
    expect(after).toContain('<p>Жаңа нұсқа: буллинг — әдейі')
    // A language the version does not have is no lesson.
    expect(await lessonBody(testWork(db), newVersion, 'basics', 'practice', visitor('ru'), 'ru')).toBeNull()
  })
})
