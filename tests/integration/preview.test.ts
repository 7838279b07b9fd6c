import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { buildSnippet, type SnippetKind } from '#app/components/authoring/snippets.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { loadAuthUser } from '#app/modules/auth/session.server.ts'
import { previewLesson, type PreviewResult } from '#app/modules/authoring/preview.server.ts'
import { compileLesson, compileStats } from '#app/modules/content/compile-mdx.server.ts'
import { action } from '#app/routes/author.$course.preview.ts'
import { createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testLoadContext } from '#tests/setup/work.ts'

// The editor's live preview: drafts go through the real MDX pipeline, what an
// author may not write is refused with its line, nothing an author writes
// runs on the server, the palette's snippets compile, and only a course's
// editors may ask for a preview over HTTP.

const lesson = (body: string, frontmatter = 'title: Буллинг деген не?\nminutes: 40') => `---\n${frontmatter}\n---\n\nКіріспе мәтіні.\n\n${body}\n`

/** The 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle))
  if (index < 0) throw new Error(`"${needle}" is not in the text`)
  return index + 1
}

function refused(result: PreviewResult) {
  if (result.ok) throw new Error('the draft was previewed, but it should have been refused')
  return result.problems
}

const QUIZ = `<Quiz id="basics-quiz" kind="module">
  <Question id="q1" type="single">
    Буллингтің басты белгісі қандай?
    <Option id="a">Бір реттік жанжал</Option>
    <Option id="b" correct>Әдейі, қайталанатын әрекет</Option>
    <Option id="c">Достар арасындағы әзіл</Option>
  </Question>
</Quiz>`

const VALID = lesson(`<Callout type="tip" title="Есте сақтаңыз">Қысқа ескерту.</Callout>\n\n${QUIZ}`)

describe('previewLesson', () => {
  test('a valid draft renders as the lesson page shows it, without the answer key', async () => {
    const result = await previewLesson(VALID, 'kk', 'kk')
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.title).toBe('Буллинг деген не?')
    expect(result.minutes).toBe(40)
    expect(result.html).toContain('<aside class="callout callout--tip" aria-label="Есте сақтаңыз">')
    expect(result.html).toContain('Қысқа ескерту.')
    expect(result.html).toContain('name="answer.q1"')
    expect(result.html).toContain('Әдейі, қайталанатын әрекет')
    expect(result.html).not.toMatch(/correct/i)
    // A reader who is not enrolled: the questions show, locked, and nothing can be sent.
    expect(result.html).toContain('<fieldset disabled="" class="quiz__questions">')
    expect(result.html).not.toContain('type="submit"')
  })

  test('the interface language is the reader’s, the lang of the text the lesson’s', async () => {
    const result = await previewLesson(lesson('<Video src="/media/c/talk.mp4" title="Дәріс" captions="/media/c/talk.vtt" />\n\n' + QUIZ), 'ru', 'en')
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.html).toContain('Module test')
    expect(result.html).toContain('srcLang="ru"')
  })

  test('the same draft asked for again is not compiled again', async () => {
    const source = lesson(`Бірегей мәтін ${newId()}.`)
    const before = compileStats.count
    const first = await previewLesson(source, 'kk', 'kk')
    const again = await previewLesson(source, 'kk', 'kk')
    expect(again).toEqual(first)
    expect(compileStats.count).toBe(before + 1)
  })

  test.each([
    ['an import', "import x from 'y'", 'import and export'],
    ['an export', 'export const a = 1', 'import and export'],
    ['a { } expression', 'Жауап: {1+1}', 'JavaScript expressions'],
    ['a script element', '<script>alert(1)</script>', '<script>'],
    ['an unclosed iframe', '<iframe src="https://x">', 'closing tag'],
    ['an iframe element', '<iframe src="https://x"></iframe>', '<iframe>'],
    ['a javascript: link', '[link](javascript:alert(1))', 'javascript:alert(1)'],
    ['an unknown component', '<Evil />', '<Evil>'],
    ['an event handler on an allowed component', '<Callout type="info" onClick="alert(1)">Мәтін</Callout>', 'onClick'],
    ['an unclosed component', '<Callout type="info">\n\nЖабылмаған блок', 'closing tag'],
  ])('%s is refused with its line', async (_name, body, words) => {
    const source = lesson(body)
    const problems = refused(await previewLesson(source, 'kk', 'kk'))
    const line = lineOf(source, body.split('\n')[0]!)
    // The compiler's own words are kept, for experts, beside the translated message.
    const problem = problems.find((p) => p.message.includes(words) || p.detail?.includes(words))
    expect(problem, JSON.stringify(problems)).toBeDefined()
    expect(problem!.line).toBe(line)
    expect(problem!.message.startsWith(`${line}-жол, ${problem!.column}-баған: `)).toBe(true)
  })

  test('the line and column lead is in the reader’s language', async () => {
    const source = lesson('<Evil />')
    const [ru] = refused(await previewLesson(source, 'kk', 'ru'))
    const [en] = refused(await previewLesson(source, 'kk', 'en'))
    expect(ru!.message).toMatch(/^Строка 8, столбец 1: Компонента <Evil> нет\./)
    expect(en!.message).toMatch(/^Line 8, column 1: .*<Evil>/)
    expect(ru!.detail).toMatch(/^unknown component <Evil>/)
  })

  test('nothing an author writes runs on the server', async () => {
    fs.mkdirSync(TMP_DIR, { recursive: true })
    const target = path.join(TMP_DIR, `written-by-a-lesson-${newId()}.txt`)
    const write = `require('fs').writeFileSync(${JSON.stringify(target)}, 'x')`
    const attempts = [
      '{process.exit(1)}',
      `export const x = ${write}`,
      `{${write}}`,
      `<Callout type="info" title={${write}}>Мәтін</Callout>`,
      `import fs from 'fs'\n\n{fs.writeFileSync(${JSON.stringify(target)}, 'x')}`,
      `<Figure src="/a.png" alt="a" {...${write}} />`,
    ]
    for (const body of attempts) refused(await previewLesson(lesson(body), 'kk', 'kk'))
    expect(fs.existsSync(target)).toBe(false)
    expect(process.exitCode).toBeUndefined()
  })
})

describe('palette snippets', () => {
  const cases: [SnippetKind, Record<string, string>, string][] = [
    [
      'callout',
      { type: 'warning', title: 'Say "hi" to {name}', text: 'Бірінші <script>alert(1)</script> {1+1}.\n\nexport the plan & import it' },
      'Say &quot;hi&quot; to {name}',
    ],
    ['figure', { src: '/media/c/map.png', alt: 'Карта "сынып"', caption: 'Сурет {1}' }, 'alt="Карта &quot;сынып&quot;"'],
    ['video', { src: '/media/c/talk.mp4', title: 'Дәріс', captions: '/media/c/talk.vtt' }, '<track kind="captions" src="/media/c/talk.vtt"'],
    ['download', { href: '/media/c/plan.pdf', title: 'Жоспар & кесте' }, '>Жоспар &amp; кесте</a>'],
    ['reflection', { id: 'my-rules', prompt: 'Сыныбыңызда {қандай} ереже бар?' }, 'Сыныбыңызда {қандай} ереже бар?'],
    [
      'quiz',
      { id: 'check-1', kind: 'final', prompt: '1. Қайсысы {дұрыс}?', a: '- бірінші', b: '<b>екінші</b>', c: '# үшінші', correct: 'b' },
      '1. Қайсысы {дұрыс}?',
    ],
  ]

  test.each(cases)('a %s snippet compiles, and shows the author’s text as written', async (kind, fields, shown) => {
    const built = buildSnippet(kind, fields)
    if (!built.ok) throw new Error(JSON.stringify(built.errors))
    expect(built.snippet).not.toMatch(/[{}]/)
    const result = await previewLesson(lesson(built.snippet), 'kk', 'kk')
    if (!result.ok) throw new Error(`${built.snippet}\n${JSON.stringify(result.problems)}`)
    expect(result.html).toContain(shown)
  })

  test('the quiz snippet’s answer key is the option the author marked', async () => {
    const built = buildSnippet('quiz', { id: 'check-1', kind: 'final', prompt: '1. Қайсысы?', a: '- бірінші', b: 'екінші', c: '# үшінші', correct: 'c' })
    if (!built.ok) throw new Error(JSON.stringify(built.errors))
    const compiled = await compileLesson(lesson(built.snippet))
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems))
    expect(compiled.quizzes).toEqual([{ id: 'check-1', kind: 'final', questions: [{ id: 'q1', type: 'single', options: ['a', 'b', 'c'], correct: ['c'] }] }])
  })
})

describe('the preview over HTTP', () => {
  let server: RunningServer
  let db: Database
  let course: string
  let editor: FixtureUser
  const login = sessionLogin(() => server)

  /** As the editor's hook sends it: multipart form data. */
  function post(fields: Record<string, string>, cookie?: string, to = course) {
    const form = new FormData()
    for (const [name, value] of Object.entries(fields)) form.set(name, value)
    return fetch(`${server.url}/author/${to}/preview`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) },
      body: form,
    })
  }

  beforeAll(async () => {
    server = await startServer()
    db = openDatabase(server.dbFile)
    course = (await createTestCourse(db)).slug
    editor = await createUser(db, { roles: ['trainer'], locale: 'ru' })
    await addCourseEditor(db, course, editor.id, null)
  }, 30_000)

  afterAll(async () => {
    await db?.destroy()
    await server?.stop()
  })

  test('an editor of the course gets the lesson as HTML', async () => {
    const res = await post({ source: VALID, lang: 'kk' }, await login(editor))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as PreviewResult
    if (!body.ok) throw new Error(JSON.stringify(body.problems))
    expect(body.title).toBe('Буллинг деген не?')
    expect(body.html).toContain('callout callout--tip')
    expect(body.html).not.toMatch(/correct/i)
  })

  test('an urlencoded form post works as well, and a refused draft comes back with its lines in the reader’s language', async () => {
    const source = lesson('<Evil />')
    const res = await fetch(`${server.url}/author/${course}/preview`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: await login(editor) },
      body: new URLSearchParams({ source, lang: 'kk' }).toString(),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      ok: false,
      problems: [
        {
          line: 8,
          column: 1,
          message: expect.stringMatching(/^Строка 8, столбец 1: Компонента <Evil> нет\./),
          detail: expect.stringMatching(/^unknown component <Evil>/),
        },
      ],
    })
  })

  test('a teacher, and a trainer who is not the course’s editor, are refused with 403', async () => {
    for (const user of [await createUser(db), await createUser(db, { roles: ['trainer'] })]) {
      const res = await post({ source: VALID, lang: 'kk' }, await login(user))
      expect(res.status).toBe(403)
      expect(await res.text()).not.toContain('callout')
    }
  })

  test('an anonymous visitor is sent to the login page', async () => {
    const res = await post({ source: VALID, lang: 'kk' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })

  test('a post from another site is refused before anything runs', async () => {
    const res = await fetch(`${server.url}/author/${course}/preview`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example', Cookie: await login(editor) },
      body: JSON.stringify({ source: VALID, lang: 'kk' }),
    })
    expect(res.status).toBe(403)
  })

  test('an over-size draft is refused with 413 in the reader’s language, and a malformed request with 400', async () => {
    const cookie = await login(editor)
    const huge = lesson('Ә'.repeat(110 * 1024))
    const tooLarge = await post({ source: huge, lang: 'kk' }, cookie)
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.json()).toEqual({ ok: false, error: expect.stringContaining('200 КБ') })
    const noLang = await post({ source: VALID }, cookie)
    expect(noLang.status).toBe(400)
    expect(await noLang.json()).toEqual({ ok: false, error: expect.stringContaining('Некорректный запрос предпросмотра') })
  })

  test('a course that does not exist is 404', async () => {
    const res = await post({ source: VALID, lang: 'kk' }, await login(editor), 'no-such-course')
    expect(res.status).toBe(404)
  })
})

describe('the preview action called directly', () => {
  const db = createTestDb()

  async function call(body: string, headers: Record<string, string>) {
    const { slug } = await createTestCourse(db)
    const trainer = await createUser(db, { roles: ['trainer'], locale: 'en' })
    await addCourseEditor(db, slug, trainer.id, null)
    const user = (await loadAuthUser(db, trainer.id))!
    const response = await action({
      request: new Request(`http://localhost/author/${slug}/preview`, { method: 'POST', headers, body }),
      params: { course: slug },
      context: testLoadContext(db, user, { production: true, uploadsDir: 'tests/.tmp/uploads' }),
    })
    return { status: response.status, body: (await response.json()) as unknown }
  }

  test('JSON fields are accepted too', async () => {
    const { status, body } = await call(JSON.stringify({ source: VALID, lang: 'ru' }), { 'Content-Type': 'application/json' })
    expect(status).toBe(200)
    expect(body).toMatchObject({ ok: true, title: 'Буллинг деген не?', minutes: 40 })
  })

  test('malformed JSON is a 400 in the reader’s language', async () => {
    const { status, body } = await call('{"source": ', { 'Content-Type': 'application/json' })
    expect(status).toBe(400)
    expect(body).toEqual({ ok: false, error: expect.stringContaining('The preview request was not valid') })
  })

  test('a body declared too large is refused unread', async () => {
    const { status, body } = await call(JSON.stringify({ source: 'x', lang: 'kk' }), {
      'Content-Type': 'application/json',
      'Content-Length': String(10 * 1024 * 1024),
    })
    expect(status).toBe(413)
    expect(body).toEqual({ ok: false, error: expect.stringContaining('at most 200 KB') })
  })
})
