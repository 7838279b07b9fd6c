import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test, vi } from 'vitest'
import { loadAuthUser } from '#app/modules/auth/session.server.ts'
import { checkCourse, type CourseCheck } from '#app/modules/content/check.server.ts'
import {
  bundleCacheKey,
  COMPILER_KEY,
  compileLesson,
  compileStats,
  sha256,
  type CompiledLesson,
  type FailedLesson,
} from '#app/modules/content/compile-mdx.server.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { readContent } from '#app/modules/content/source.server.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { loader } from '#app/routes/learn.$course.$module.$lesson/route.tsx'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testLoadContext, testWork } from '#tests/setup/work.ts'

// The MDX pipeline end to end: what a lesson may contain, what a course folder
// must look like, how content reaches the database, and that learners'
// requests never compile.

const lesson = (body: string, frontmatter = 'title: Сабақ\nminutes: 10') => `---\n${frontmatter}\n---\n\n${body}\n`

/** The 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle))
  if (index < 0) throw new Error(`"${needle}" is not in the text`)
  return index + 1
}

// esbuild writes non-ASCII characters as \uXXXX escapes.
const unescape = (code: string) => code.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))

function failed(result: CompiledLesson | FailedLesson): FailedLesson {
  if (result.ok) throw new Error('the lesson compiled, but it should have been refused')
  return result
}

const roots: string[] = []
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true })
})

/** A content root of its own under tests/.tmp with these files (paths relative to it). */
function tempContent(files: Record<string, string>): string {
  fs.mkdirSync(TMP_DIR, { recursive: true })
  const root = fs.mkdtempSync(path.join(TMP_DIR, 'content-'))
  roots.push(root)
  writeFiles(root, files)
  return root
}

function writeFiles(root: string, files: Record<string, string>) {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
    fs.writeFileSync(path.join(root, rel), text)
  }
}

const COURSE_YML = `title:
  kk: Уақытша курс
  ru: Временный курс
summary:
  kk: Тексеруге арналған курс.
  ru: Курс для проверки.
audience: teachers
hours: 2
languages: [kk, ru]
approval:
  number: "TMP-1"
  date: 2025-03-01
completion:
  lessons: all
  module_quizzes: 70
  final_exam: true
assessment:
  module_quiz: { pass_mark: 70, attempts: 3 }
  final_exam: { pass_mark: 70, attempts: 2 }
modules:
  - id: basics
    title: { kk: Негіздер, ru: Основы }
  - id: final
    title: { kk: Қорытынды, ru: Итог }
activities:
  - { id: webinar, kind: webinar, hours: 1, title: { kk: Вебинар, ru: Вебинар } }
`

const quizBody = (intro: string, id: string, kind: string, prompt: string, options: [string, string], correct: 'a' | 'b') => `${intro}

<Quiz id="${id}" kind="${kind}">
  <Question id="q1" type="single">
    ${prompt}
    <Option id="a"${correct === 'a' ? ' correct' : ''}>${options[0]}</Option>
    <Option id="b"${correct === 'b' ? ' correct' : ''}>${options[1]}</Option>
  </Question>
</Quiz>`

/** A small valid two-language teacher course: two modules, three lessons, a module quiz and a final exam. */
function tinyCourse(slug: string, marker = ''): Record<string, string> {
  const dir = `courses/${slug}`
  return {
    [`${dir}/course.yml`]: COURSE_YML,
    [`${dir}/kk/01-basics/01-intro.mdx`]: lesson(`Кіріспе мәтіні. ${marker}\n\n[Жадынама](/media/${slug}/handout.pdf)`, 'title: Кіріспе\nminutes: 10'),
    [`${dir}/kk/01-basics/02-check.mdx`]: lesson(
      quizBody(`Өзіңізді тексеріңіз. ${marker}`, 'basics-quiz', 'module', 'Қайсысы дұрыс?', ['Бірінші', 'Екінші'], 'b'),
      'title: Тексеру\nminutes: 10',
    ),
    [`${dir}/kk/02-final/01-exam.mdx`]: lesson(
      quizBody(`Емтихан. ${marker}`, 'final-exam', 'final', 'Қорытынды сұрақ?', ['Иә', 'Жоқ'], 'a'),
      'title: Емтихан\nminutes: 25',
    ),
    [`${dir}/ru/01-basics/01-intro.mdx`]: lesson(`Вводный текст. ${marker}\n\n[Памятка](/media/${slug}/handout.pdf)`, 'title: Введение\nminutes: 10'),
    [`${dir}/ru/01-basics/02-check.mdx`]: lesson(
      quizBody(`Проверьте себя. ${marker}`, 'basics-quiz', 'module', 'Что верно?', ['Первое', 'Второе'], 'b'),
      'title: Проверка\nminutes: 10',
    ),
    [`${dir}/ru/02-final/01-exam.mdx`]: lesson(
      quizBody(`Экзамен. ${marker}`, 'final-exam', 'final', 'Итоговый вопрос?', ['Да', 'Нет'], 'a'),
      'title: Экзамен\nminutes: 25',
    ),
    [`media/${slug}/handout.pdf`]: '%PDF-1.4\n',
  }
}

async function checkOnly(root: string): Promise<CourseCheck> {
  const courses = readContent(root)
  expect(courses).toHaveLength(1)
  return checkCourse(courses[0]!, { contentRoot: root, compile: compileLesson })
}

describe('compileLesson', () => {
  const QUIZ_LESSON = lesson(`Оқу мәтіні.

<Quiz id="check-quiz" kind="module">
  <Question id="q1" type="single">
    Буллингтің басты белгісі қандай?
    <Option id="a">Бір реттік жанжал</Option>
    <Option id="b" correct>Әдейі қайталанатын әрекет</Option>
    <Option id="c">Достар арасындағы әзіл</Option>
  </Question>
  <Question id="q2" type="multiple">
    Which forms does bullying take?
    <Option id="a" correct>Verbal teasing</Option>
    <Option id="b">A football match</Option>
    <Option id="c" correct>Cyberbullying</Option>
  </Question>
</Quiz>`)

  test('a lesson with a quiz compiles, and its answer key comes back beside the code', async () => {
    const result = await compileLesson(QUIZ_LESSON)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.frontmatter).toEqual({ title: 'Сабақ', minutes: 10 })
    expect(result.quizzes).toEqual([
      {
        id: 'check-quiz',
        kind: 'module',
        questions: [
          { id: 'q1', type: 'single', options: ['a', 'b', 'c'], correct: ['b'] },
          { id: 'q2', type: 'multiple', options: ['a', 'b', 'c'], correct: ['a', 'c'] },
        ],
      },
    ])
  })

  test('the compiled code holds the option labels but neither `correct` nor the answer key', async () => {
    const result = await compileLesson(QUIZ_LESSON)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    const code = unescape(result.code)
    for (const label of ['Бір реттік жанжал', 'Әдейі қайталанатын әрекет', 'Достар арасындағы әзіл', 'Verbal teasing', 'A football match', 'Cyberbullying']) {
      expect(code).toContain(label)
    }
    expect(code).toContain('Буллингтің басты белгісі қандай?')
    expect(code).not.toMatch(/correct/i)
    expect(code).not.toContain(JSON.stringify(result.quizzes))
    expect(code).not.toContain(JSON.stringify(result.quizzes[0]!.questions))
    expect(code).not.toContain('["a","c"]')
  })

  test('a missing minutes is reported on the frontmatter line; a bad one on its own line', async () => {
    const missing = failed(await compileLesson(lesson('Мәтін.', 'title: Сабақ')))
    expect(missing.problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/^frontmatter minutes: /) })])
    const bad = lesson('Мәтін.', 'title: Сабақ\nminutes: он')
    const wrong = failed(await compileLesson(bad))
    expect(wrong.problems).toEqual([expect.objectContaining({ line: lineOf(bad, 'minutes:'), message: expect.stringMatching(/^frontmatter minutes: /) })])
    expect(lineOf(bad, 'minutes:')).toBe(3)
  })

  const QUIZ_TWO_CORRECT = `<Quiz id="bad-quiz" kind="module">
  <Question id="q1" type="single">
    Қайсысы дұрыс?
    <Option id="a" correct>Бірі</Option>
    <Option id="b" correct>Екіншісі</Option>
  </Question>
</Quiz>`

  test.each([
    ['an import', "Мәтін.\n\nimport x from 'y'", 'import x', /import and export statements are not allowed/],
    ['an export', 'Мәтін.\n\nexport const a = 1', 'export const', /import and export statements are not allowed/],
    ['a { } expression', 'Екі қосу екі: {1+1}', '{1+1}', /JavaScript expressions in \{ \} are not allowed/],
    ['a <script>', 'Мәтін.\n\n<script>alert(1)</script>', '<script>', /the HTML element <script> is not allowed/],
    ['an <iframe>', 'Мәтін.\n\n<iframe src="https://example.com" />', '<iframe', /the HTML element <iframe> is not allowed/],
    ['a <div>', 'Мәтін.\n\n<div>қорап</div>', '<div>', /the HTML element <div> is not allowed/],
    ['an unknown component', 'Мәтін.\n\n<Foo/>', '<Foo/>', /unknown component <Foo>/],
    ['an attribute expression', 'Мәтін.\n\n<Callout type={x}>Ескерту</Callout>', '<Callout', /<Callout type=\{…\}>: JavaScript expressions are not allowed/],
    [
      'an onClick attribute',
      'Мәтін.\n\n<Callout type="info" onClick="alert(1)">Ескерту</Callout>',
      'onClick',
      /event handlers such as onClick are not allowed/,
    ],
    ['a javascript: link', 'Мәтін.\n\n[басыңыз](javascript:alert(1))', 'javascript:', /the link "javascript:alert\(1\)" is not allowed/],
    [
      'a JaVaScRiPt: link with a tab (a character reference)',
      'Мәтін.\n\n[басыңыз](JaVa&#9;ScRiPt:alert(1))',
      'JaVa',
      /the link "JaVa\tScRiPt:alert\(1\)" is not allowed/,
    ],
    [
      'a JaVaScRiPt: link with a tab (a literal one)',
      'Мәтін.\n\n[басыңыз](<JaVa\tScRiPt:alert(1)>)',
      'JaVa',
      /the link "JaVa\tScRiPt:alert\(1\)" is not allowed/,
    ],
    [
      'a single-choice question with two correct options',
      `Мәтін.\n\n${QUIZ_TWO_CORRECT}`,
      '<Question',
      /single-choice question "q1" needs exactly one correct option \(it has 2\)/,
    ],
    ['a quiz without questions', 'Мәтін.\n\n<Quiz id="empty" kind="module">\n</Quiz>', '<Quiz', /quiz "empty" has no questions/],
    [
      'an unclosed <Callout> (an MDX syntax error)',
      'Мәтін.\n\n<Callout type="info">\n\nЖабылмаған ескерту.\n\nТағы мәтін.',
      '<Callout',
      /closing tag for `<Callout>`/,
    ],
  ])('refuses %s on its line and compiles nothing', async (_name, body, needle, message) => {
    const source = lesson(body)
    const result = await compileLesson(source)
    expect(result).not.toHaveProperty('code')
    expect(failed(result).problems).toContainEqual(expect.objectContaining({ line: lineOf(source, needle), message: expect.stringMatching(message) }))
  })

  test('an import of a server file or a Node module never reaches the bundle', async () => {
    // A module on the server's disk whose content would show in the code if it were bundled.
    const secretToken = `secret-${crypto.randomUUID()}`
    const root = tempContent({ 'secret.mjs': `export default '${secretToken}'\n` })
    const sources = [
      lesson(`import secrets from '${path.join(root, 'secret.mjs')}'\n\nКілт: {secrets}`),
      lesson(`import secrets from '/etc/hostname'\n\nХост: {secrets}`),
      lesson(`import fs from 'node:fs'\n\nМәтін: {fs.readFileSync('/etc/hostname', 'utf8')}`),
    ]
    for (const source of sources) {
      const result = await compileLesson(source)
      expect(result).not.toHaveProperty('code')
      const { problems } = failed(result)
      expect(problems).toContainEqual(
        expect.objectContaining({ line: lineOf(source, 'import '), message: expect.stringMatching(/import and export statements are not allowed/) }),
      )
      expect(JSON.stringify(problems)).not.toContain(secretToken)
    }
  })

  test('an <Option> outside a <Question> is refused, so no `correct` survives in a bundle', async () => {
    const source = lesson(`Мәтін.

<Quiz id="stray-quiz" kind="module">
  <Question id="q1" type="single">
    Қайсысы дұрыс?
    <Option id="a">Бірі</Option>
    <Option id="b" correct>Екіншісі</Option>
  </Question>
  <Option id="z" correct />
</Quiz>`)
    const result = await compileLesson(source)
    expect(result.ok ? unescape(result.code) : '').not.toMatch(/correct/)
    expect(result.ok).toBe(false)
  })
})

describe('checkCourse on a course folder', () => {
  const SLUG = 'tiny'
  const KK_INTRO = `courses/${SLUG}/kk/01-basics/01-intro.mdx`

  test('a valid two-language course yields a manifest with both languages’ titles', async () => {
    const check = await checkOnly(tempContent(tinyCourse(SLUG)))
    expect(check.problems).toEqual([])
    expect(check.manifest).toMatchObject({
      slug: SLUG,
      audience: 'teachers',
      title: { kk: 'Уақытша курс', ru: 'Временный курс' },
      languages: ['kk', 'ru'],
      approval: { number: 'TMP-1', date: '2025-03-01' },
      activities: [{ id: 'webinar', kind: 'webinar', hours: 1, title: { kk: 'Вебинар', ru: 'Вебинар' }, required: true }],
    })
    expect(check.manifest!.modules.map((m) => ({ id: m.id, lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, quizzes: l.quizzes })) }))).toEqual([
      {
        id: 'basics',
        lessons: [
          { id: 'intro', title: { kk: 'Кіріспе', ru: 'Введение' }, quizzes: [] },
          { id: 'check', title: { kk: 'Тексеру', ru: 'Проверка' }, quizzes: [{ id: 'basics-quiz', kind: 'module', questions: 1 }] },
        ],
      },
      { id: 'final', lessons: [{ id: 'exam', title: { kk: 'Емтихан', ru: 'Экзамен' }, quizzes: [{ id: 'final-exam', kind: 'final', questions: 1 }] }] },
    ])
    expect(check.quizzes.map((q) => [q.key.id, q.moduleId, q.lessonId])).toEqual([
      ['basics-quiz', 'basics', 'check'],
      ['final-exam', 'final', 'exam'],
    ])
  })

  test('order rules travel in the manifest; a diagnostic_first with no diagnostic test is reported on its line', async () => {
    const ordered = `${COURSE_YML.trimEnd()}\norder:\n  final_exam_after: [lessons, module_quizzes]\n`
    const good = await checkOnly(tempContent({ ...tinyCourse(SLUG), [`courses/${SLUG}/course.yml`]: ordered }))
    expect(good.problems).toEqual([])
    expect(good.manifest?.order).toEqual({ diagnostic_first: false, final_exam_after: ['lessons', 'module_quizzes'] })
    const yml = `${ordered}  diagnostic_first: true\n`
    const bad = await checkOnly(tempContent({ ...tinyCourse(SLUG), [`courses/${SLUG}/course.yml`]: yml }))
    expect(bad.manifest).toBeNull()
    expect(bad.problems).toEqual([
      expect.objectContaining({
        file: `courses/${SLUG}/course.yml`,
        line: lineOf(yml, 'diagnostic_first:'),
        message: expect.stringMatching(/diagnostic_first needs a lesson with <Quiz kind="diagnostic">/),
      }),
    ])
  })

  test('bad YAML is reported on its line', async () => {
    const yml = COURSE_YML.replace('hours: 2', 'hours: 2: 3')
    const check = await checkOnly(tempContent({ ...tinyCourse(SLUG), [`courses/${SLUG}/course.yml`]: yml }))
    expect(check.manifest).toBeNull()
    expect(check.problems).toEqual([
      expect.objectContaining({ file: `courses/${SLUG}/course.yml`, line: lineOf(yml, 'hours:'), message: expect.stringMatching(/^YAML: /) }),
    ])
    expect(lineOf(yml, 'hours:')).toBe(8)
  })

  test('a schema problem (hours: -1) is reported on the line of hours', async () => {
    const yml = COURSE_YML.replace('hours: 2', 'hours: -1')
    const check = await checkOnly(tempContent({ ...tinyCourse(SLUG), [`courses/${SLUG}/course.yml`]: yml }))
    expect(check.manifest).toBeNull()
    expect(check.problems).toEqual([expect.objectContaining({ file: `courses/${SLUG}/course.yml`, line: 8, message: expect.stringMatching(/^hours: /) })])
  })

  test('a lesson present in kk but missing in ru is a missing translation', async () => {
    const files = tinyCourse(SLUG)
    delete files[`courses/${SLUG}/ru/01-basics/02-check.mdx`]
    const check = await checkOnly(tempContent(files))
    expect(check.manifest).toBeNull()
    expect(check.problems).toContainEqual(
      expect.objectContaining({ file: `courses/${SLUG}/kk/01-basics/02-check.mdx`, message: 'missing translation: no ru/01-basics/02-check.mdx' }),
    )
  })

  test('a module folder that course.yml does not list is reported', async () => {
    const extra = lesson('Қосымша сабақ.')
    const check = await checkOnly(
      tempContent({ ...tinyCourse(SLUG), [`courses/${SLUG}/kk/03-extra/01-more.mdx`]: extra, [`courses/${SLUG}/ru/03-extra/01-more.mdx`]: extra }),
    )
    expect(check.manifest).toBeNull()
    expect(check.problems).toContainEqual(
      expect.objectContaining({ file: `courses/${SLUG}/kk/03-extra`, message: 'module "extra" is not listed in course.yml modules' }),
    )
    expect(check.problems).toContainEqual(
      expect.objectContaining({ file: `courses/${SLUG}/ru/03-extra`, message: 'module "extra" is not listed in course.yml modules' }),
    )
  })

  test('kk and ru quizzes with different correct answers are reported', async () => {
    const ru = lesson(quizBody('Проверьте себя.', 'basics-quiz', 'module', 'Что верно?', ['Первое', 'Второе'], 'a'), 'title: Проверка\nminutes: 10')
    const check = await checkOnly(tempContent({ ...tinyCourse(SLUG), [`courses/${SLUG}/ru/01-basics/02-check.mdx`]: ru }))
    expect(check.manifest).toBeNull()
    expect(check.problems).toEqual([
      expect.objectContaining({
        file: `courses/${SLUG}/ru/01-basics/02-check.mdx`,
        message: expect.stringMatching(/^quizzes differ from kk\/01-basics\/02-check\.mdx/),
      }),
    ])
  })

  test('a /media/ link to a missing file is a broken link on its line', async () => {
    const intro = lesson(`Кіріспе мәтіні.\n\nТағы бір жол.\n\n[Жоқ файл](/media/${SLUG}/missing.pdf)`, 'title: Кіріспе\nminutes: 10')
    const check = await checkOnly(tempContent({ ...tinyCourse(SLUG), [KK_INTRO]: intro }))
    expect(check.manifest).toBeNull()
    expect(check.problems).toEqual([
      expect.objectContaining({
        file: KK_INTRO,
        line: lineOf(intro, 'missing.pdf'),
        message: `broken link: /media/${SLUG}/missing.pdf is not in content/media`,
      }),
    ])
    expect(lineOf(intro, 'missing.pdf')).toBe(10)
  })
})

describe('the real content', () => {
  const courses = readContent('content')

  test('holds teacher courses and a parent series', () => {
    expect(courses.filter((c) => c.kind === 'courses').length).toBeGreaterThanOrEqual(1)
    expect(courses.filter((c) => c.kind === 'parent-lessons').length).toBeGreaterThanOrEqual(1)
  })

  test.each(courses.map((c) => [c.dir, c] as const))(
    '%s is valid and complete',
    async (_dir, course) => {
      const check = await checkCourse(course, { contentRoot: path.resolve('content'), compile: compileLesson })
      expect(check.problems).toEqual([])
      const manifest = check.manifest!
      expect(manifest.languages).toEqual(expect.arrayContaining(['kk', 'ru']))
      if (course.kind === 'parent-lessons') {
        expect(manifest.audience).toBe('parents')
        expect(flatLessons(manifest).length).toBeGreaterThanOrEqual(3)
        expect(flatLessons(manifest).every(({ lesson: l }) => l.quizzes.length === 0)).toBe(true)
        return
      }
      expect(manifest.audience).toBe('teachers')
      const kinds = (m: (typeof manifest.modules)[number]) => m.lessons.flatMap((l) => l.quizzes.map((q) => q.kind))
      const first = manifest.modules[0]!
      const last = manifest.modules.at(-1)!
      const teaching = manifest.modules.slice(1, -1)
      expect(kinds(first)).toEqual(['diagnostic'])
      expect(kinds(last)).toEqual(['final'])
      expect(teaching.length).toBeGreaterThanOrEqual(3)
      for (const m of teaching) {
        expect(m.lessons.length, m.id).toBeGreaterThanOrEqual(2)
        expect(kinds(m), m.id).toEqual(['module'])
      }
    },
    120_000,
  )
})

describe('syncContent', () => {
  const db = createTestDb()
  const SLUG = 'tiny-sync'
  const marker = `(${crypto.randomUUID()})`
  const root = tempContent(tinyCourse(SLUG, marker))
  const introPath = path.join(root, `courses/${SLUG}/kk/01-basics/01-intro.mdx`)
  let firstVersion: string
  let secondVersion: string

  const currentVersion = async () =>
    (await db.selectFrom('courses').select('current_version_id').where('id', '=', SLUG).executeTakeFirstOrThrow()).current_version_id
  const versions = async () =>
    (await db.selectFrom('course_versions').select('id').where('course_id', '=', SLUG).orderBy('published_at').execute()).map((v) => v.id)

  // The steps build on each other, in order: publish, re-run, change, break.
  test('the first run compiles and publishes the course with its answer keys', async () => {
    const report = await syncContent(testWork(db), root)
    expect(report).toMatchObject({ published: [SLUG], unchanged: [], failed: [], compiled: 6, cached: 0 })
    firstVersion = (await currentVersion())!
    expect(firstVersion).toBeTruthy()
    expect(await versions()).toEqual([firstVersion])
    const lessons = await db.selectFrom('version_lessons').select(['module_id', 'lesson_id', 'lang']).where('course_version_id', '=', firstVersion).execute()
    expect(lessons).toHaveLength(6)
    const keys = await db.selectFrom('quiz_keys').select(['quiz_id', 'questions']).where('course_version_id', '=', firstVersion).orderBy('quiz_id').execute()
    expect(keys.map((k) => [k.quiz_id, JSON.parse(k.questions)])).toEqual([
      ['basics-quiz', [{ id: 'q1', type: 'single', options: ['a', 'b'], correct: ['b'] }]],
      ['final-exam', [{ id: 'q1', type: 'single', options: ['a', 'b'], correct: ['a'] }]],
    ])
  })

  test('a second run publishes nothing and compiles nothing', async () => {
    const report = await syncContent(testWork(db), root)
    expect(report).toMatchObject({ published: [], unchanged: [SLUG], failed: [], compiled: 0, cached: 6 })
    expect(await currentVersion()).toBe(firstVersion)
    expect(await versions()).toEqual([firstVersion])
  })

  test('changing one lesson publishes a new version, keeps the old one, and recompiles only that lesson', async () => {
    const before = fs.readFileSync(introPath, 'utf8')
    fs.writeFileSync(introPath, before.replace('Кіріспе мәтіні.', 'Кіріспе мәтіні, жаңартылған.'))
    const report = await syncContent(testWork(db), root)
    expect(report).toMatchObject({ published: [SLUG], unchanged: [], failed: [], compiled: 1, cached: 5 })
    secondVersion = (await currentVersion())!
    expect(secondVersion).not.toBe(firstVersion)
    expect(await versions()).toEqual([firstVersion, secondVersion])
    // The old version still serves its old bundle.
    const bundleOf = async (versionId: string) =>
      (
        await db
          .selectFrom('version_lessons')
          .select('bundle_key')
          .where('course_version_id', '=', versionId)
          .where('module_id', '=', 'basics')
          .where('lesson_id', '=', 'intro')
          .where('lang', '=', 'kk')
          .executeTakeFirstOrThrow()
      ).bundle_key
    expect(await bundleOf(firstVersion)).toBe(bundleCacheKey(before))
    expect(await bundleOf(secondVersion)).toBe(bundleCacheKey(fs.readFileSync(introPath, 'utf8')))
  })

  test('a broken lesson is reported under failed and the last good version keeps serving', async () => {
    fs.writeFileSync(introPath, lesson('Мәтін.\n\n<Callout type="info">\n\nЖабылмаған.'))
    const report = await syncContent(testWork(db), root)
    expect(report.published).toEqual([])
    expect(report.failed).toEqual([{ slug: SLUG, problems: [expect.objectContaining({ file: `courses/${SLUG}/kk/01-basics/01-intro.mdx`, line: 8 })] }])
    expect(await currentVersion()).toBe(secondVersion)
    expect(await versions()).toEqual([firstVersion, secondVersion])
  })

  test('the bundle cache key names the compiler: another compiler version gives other keys', async () => {
    const source = lesson('Мәтін.')
    expect(bundleCacheKey(source)).toBe(`${sha256(source)}:${COMPILER_KEY}`)
    // Load the pipeline afresh as if mdx-bundler had been upgraded.
    vi.resetModules()
    vi.doMock('node:fs', async (importOriginal) => {
      const actual = await importOriginal<typeof fs>()
      const readFileSync = ((file: fs.PathOrFileDescriptor, options?: unknown) =>
        /mdx-bundler[\\/]package\.json$/.test(String(file))
          ? JSON.stringify({ version: '99.0.0' })
          : actual.readFileSync(file, options as BufferEncoding)) as typeof fs.readFileSync
      return { ...actual, readFileSync, default: { ...actual, readFileSync } }
    })
    try {
      const upgraded = await import('#app/modules/content/compile-mdx.server.ts')
      expect(upgraded.COMPILER_KEY).toMatch(/^[0-9a-f]{16}$/)
      expect(upgraded.COMPILER_KEY).not.toBe(COMPILER_KEY)
      expect(upgraded.bundleCacheKey(source)).toBe(`${sha256(source)}:${upgraded.COMPILER_KEY}`)
      expect(upgraded.bundleCacheKey(source)).not.toBe(bundleCacheKey(source))
    } finally {
      vi.doUnmock('node:fs')
      vi.resetModules()
    }
  })
})

describe('viewing lessons', () => {
  const db = createTestDb()

  test('every lesson of e2e-short renders from its stored bundle without a compile', async () => {
    const report = await syncContent(testWork(db), path.resolve('tests/fixtures/content'))
    expect(report).toMatchObject({ failed: [], compiled: 0 })
    const versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
    const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId }, { endsOn: '2099-12-31' })
    const teacher = await createUser(db)
    expect(await enrol(testWork(db, { actorId: teacher.id }), { userId: teacher.id, cohortId, source: 'self', today: '2026-06-01' })).toMatchObject({
      ok: true,
    })
    const user = await loadAuthUser(db, teacher.id)
    if (!user) throw new Error('the teacher did not load')

    // The first paragraph of each kk source is the text to find on the page.
    const sources = readContent(path.resolve('tests/fixtures/content')).find((c) => c.slug === 'e2e-short')!.lessons
    const firstParagraph = (source: string) => source.split('---')[2]!.trim().split('\n')[0]!
    const manifest = (await versionManifest(db, versionId))!
    const lessons = flatLessons(manifest)
    expect(lessons).toHaveLength(3)

    const before = compileStats.count
    for (const { module, lesson: l } of lessons) {
      const source = sources.find((s) => s.lang === 'kk' && s.moduleId === module.id && s.lessonId === l.id)!.source
      const result = await loader({
        request: new Request(`http://localhost/learn/e2e-short/${module.id}/${l.id}`),
        params: { course: 'e2e-short', module: module.id, lesson: l.id },
        context: testLoadContext(db, user, { production: true, uploadsDir: 'tests/.tmp/uploads' }),
      })
      expect(result.init?.status).toBe(200)
      expect(result.data.lesson.title).toBe(l.title.kk)
      expect(result.data.body.html).toContain(firstParagraph(source))
    }
    expect(compileStats.count).toBe(before)
  })
})
