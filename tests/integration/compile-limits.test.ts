import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { loadWorkingCopy } from '#app/modules/authoring/draft.server.ts'
import { describeProblems, previewLesson, type PreviewResult } from '#app/modules/authoring/preview.server.ts'
import { compileLesson } from '#app/modules/content/compile-mdx.server.ts'
import { MAX_LESSON_COMPONENTS } from '#app/modules/content/remark-orken.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// What an author's lesson may cost and hold (ADR 016). A preview of 6,000
// <Option/> lines once held the server for 26 s: the checks walked the whole
// tree for each element. Now they are linear, a lesson has at most
// MAX_LESSON_COMPONENTS components, and every compile runs in a worker thread
// that is stopped after its time limit, so /healthz keeps answering. The
// editor's "Preview without saving" counts against the same limit as the live
// preview. Links are https:// addresses or pages of the site, media come from
// the course's library or content/media, and data:, javascript: and vbscript:
// are refused however they are spelled, at preview and at publishing alike,
// with the line and in the author's language.

const lesson = (body: string) => `---\ntitle: Сабақ\nminutes: 20\n---\n\nКіріспе мәтіні.\n\n${body}\n`
const optionLines = (count: number) => Array.from({ length: count }, (_, i) => `<Option id="o${i}" />`).join('\n')

function problemsOf(result: PreviewResult) {
  if (result.ok) throw new Error('the draft was previewed, but it should have been refused')
  return result.problems
}

/** The 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle))
  if (index < 0) throw new Error(`"${needle}" is not in the text`)
  return index + 1
}

const LIBRARY_ID = 'libimage0001'
const REFUSED: [string, string, RegExp][] = [
  ['a data: link', '[файл](data:text/plain;base64,SGk=)', /Адрес «data:text\/plain;base64,SGk=» не разрешён/],
  ['a data: image', '![сурет](data:image/png;base64,iVBORw0KGgo=)', /медиатеки курса/],
  ['a javascript: link in mixed case', '[сілтеме](JaVaScRiPt:alert(1))', /не разрешён/],
  ['a javascript: link with an entity tab', '[сілтеме](java&#x09;script:alert(1))', /не разрешён/],
  ['a vbscript: link after spaces', '[сілтеме](<  VBScript:msgbox(1)>)', /не разрешён/],
  ['a javascript: image source as entities', '<Figure src="&#106;avascript:alert(1)" alt="сурет" />', /медиатеки курса/],
  ['an image from another site', '![сурет](https://evil.example/x.png)', /медиатеки курса/],
  ['a Figure from another site', '<Figure src="https://evil.example/x.png" alt="сурет" />', /медиатеки курса/],
  ['a download as data:', '<Download href="data:application/pdf;base64,AAAA" title="файл" />', /медиатеки курса/],
  ['a link to another site without https', '[сайт](http://example.org/page)', /не разрешён/],
  ['a protocol-relative link', '[сайт](//evil.example/page)', /не разрешён/],
]
const ALLOWED = [
  '[Министрлік](https://www.gov.kz/memleket/entities/edu)',
  `![Сызба](/files/${LIBRARY_ID}/roles.png)`,
  `<Figure src="/files/${LIBRARY_ID}/roles.png" alt="Сызба" />`,
  '[Келесі бөлім](#next)',
]

describe('the compile pipeline in the test process', () => {
  test.each(REFUSED)('%s is refused at preview with its line, in the author’s language', async (_name, line, message) => {
    const source = lesson(line)
    const problems = problemsOf(await previewLesson(source, 'kk', 'ru'))
    const at = lineOf(source, line)
    const problem = problems.find((p) => message.test(p.message))
    expect(problem, JSON.stringify(problems)).toBeDefined()
    expect(problem!.line).toBe(at)
    expect(problem!.message.startsWith(`Строка ${at}, столбец `)).toBe(true)
  })

  test('an https link, a library image and a link within the page are previewed', async () => {
    const result = await previewLesson(lesson(ALLOWED.join('\n\n')), 'kk', 'ru')
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.html).toContain('href="https://www.gov.kz/memleket/entities/edu"')
    expect(result.html).toContain(`src="/files/${LIBRARY_ID}/roles.png"`)
  })

  test('a lesson of more components than the limit is refused at once, in the author’s language', async () => {
    const started = performance.now()
    const problems = problemsOf(await previewLesson(lesson(optionLines(6000)), 'kk', 'en'))
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining(`more than ${MAX_LESSON_COMPONENTS} components`) })])
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  test('a quiz at the limit is checked in full: each option outside a question is named', async () => {
    const source = lesson(optionLines(MAX_LESSON_COMPONENTS))
    const problems = problemsOf(await previewLesson(source, 'kk', 'en'))
    expect(problems).toHaveLength(MAX_LESSON_COMPONENTS)
    expect(problems[0]!.message).toContain('<Option> belongs inside a <Quiz>')
  })

  test('a compile past its time limit is stopped with a translated problem, and the next compile works', async () => {
    const slow = await compileLesson(lesson('Ұзақ мәтін.\n\n'.repeat(2000)), { timeLimitMs: 1 })
    expect(slow).toEqual({ ok: false, problems: [expect.objectContaining({ line: 1, key: 'content.compile.tooComplex' })] })
    if (slow.ok) throw new Error('compiled past its time limit')
    expect(describeProblems(slow.problems, 'ru')[0]!.message).toMatch(/^Строка 1, столбец 1: Урок слишком велик или сложен/)
    const next = await compileLesson(lesson('Қысқа мәтін.'))
    expect(next.ok).toBe(true)
  })
})

describe('over HTTP, against the built server', () => {
  const COURSE = 'authoring-demo'
  const EDITOR_PAGE = `/author/${COURSE}/lessons/basics/welcome`
  let server: RunningServer
  let db: Database
  let editor: FixtureUser
  const login = sessionLogin(() => server)

  beforeAll(async () => {
    server = await startServer()
    db = openDatabase(server.dbFile)
    editor = await createUser(db, { roles: ['trainer'], locale: 'ru' })
    await addCourseEditor(db, COURSE, editor.id, null)
    await db
      .insertInto('media_files')
      .values({
        id: LIBRARY_ID,
        course_id: COURSE,
        sha256: 'a'.repeat(64),
        kind: 'image',
        mime: 'image/png',
        size: 10,
        name: 'roles.png',
        uploaded_by: editor.id,
        created_at: nowIso(),
        published_at: null,
        deleted_at: null,
      })
      .execute()
  }, 30_000)

  afterAll(async () => {
    await db?.destroy()
    await server?.stop()
  })

  async function post(path: string, fields: Record<string, string>) {
    return fetch(server.url + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: await login(editor) },
      body: new URLSearchParams(fields).toString(),
    })
  }

  async function editorFields(): Promise<Record<string, string>> {
    const html = await (await fetch(server.url + EDITOR_PAGE, { headers: { Cookie: await login(editor) } })).text()
    const fields: Record<string, string> = {}
    for (const m of html.matchAll(/name="hash_(kk|ru)"[^>]*? value="([0-9a-f]*)"/g)) fields[`hash_${m[1]}`] = m[2]!
    const copy = await loadWorkingCopy(testWork(db), COURSE)
    fields.source_kk = copy.files.get('kk/01-basics/01-welcome.mdx')!.text
    fields.source_ru = copy.files.get('ru/01-basics/01-welcome.mdx')!.text
    return fields
  }

  const currentVersion = async () =>
    (await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()).current_version_id

  test('a preview of 6,000 options is answered at once and /healthz keeps answering meanwhile', async () => {
    const healthz: number[] = []
    let done = false
    const poll = (async () => {
      while (!done) {
        const started = performance.now()
        await (await fetch(server.url + '/healthz')).text()
        healthz.push(performance.now() - started)
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    const started = performance.now()
    const res = await post(`/author/${COURSE}/preview`, { source: lesson(optionLines(6000)), lang: 'kk' })
    const took = performance.now() - started
    done = true
    await poll
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: false, problems: [expect.objectContaining({ message: expect.stringContaining(`более ${MAX_LESSON_COMPONENTS}`) })] })
    expect(took).toBeLessThan(5_000)
    expect(Math.max(...healthz)).toBeLessThan(1_000)
  }, 60_000)

  test('“Preview without saving” counts against the live preview’s limit, and keeps the author’s text', async () => {
    const fields = await editorFields()
    const counted = async () =>
      Number(
        (
          await db
            .selectFrom('rate_limit_events')
            .select(({ fn }) => fn.countAll<number>().as('n'))
            .where('bucket', '=', 'editor:preview')
            .where('key', '=', editor.id)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await counted()
    const ok = await post(EDITOR_PAGE, { ...fields, intent: 'preview' })
    expect(ok.status).toBe(200)
    expect(await counted()).toBe(before + 1)
    await db
      .insertInto('rate_limit_events')
      .values(Array.from({ length: 200 }, () => ({ id: newId(), bucket: 'editor:preview', key: editor.id, at: nowIso() })))
      .execute()
    const limited = await post(EDITOR_PAGE, { ...fields, intent: 'preview', source_kk: `${fields.source_kk}\nЖаңа жол ${newId()}.\n` })
    expect(limited.status).toBe(429)
    const page = await limited.text()
    expect(page).toContain('Слишком много запросов предпросмотра за минуту')
    expect(page).toContain('Жаңа жол')
    const live = await post(`/author/${COURSE}/preview`, { source: lesson('Мәтін.'), lang: 'kk' })
    expect(live.status).toBe(429)
    await db.deleteFrom('rate_limit_events').where('bucket', '=', 'editor:preview').where('key', '=', editor.id).execute()
  })

  test('publishing refuses each forbidden link with its line in the author’s language; an https link and a library image publish', async () => {
    const fields = await editorFields()
    const bad = `${fields.source_kk}\n${REFUSED.map(([, line]) => line).join('\n\n')}\n`
    expect((await post(EDITOR_PAGE, { ...fields, intent: 'save', source_kk: bad })).status).toBe(302)
    const before = await currentVersion()
    const overview = await (await fetch(`${server.url}/author/${COURSE}`, { headers: { Cookie: await login(editor) } })).text()
    for (const [name, line, message] of REFUSED) {
      const at = lineOf(bad, line)
      const shown = new RegExp(`строка ${at}, столбец \\d+:\\s*(<!-- -->)?\\s*(<span[^>]*>)?[^<]*${message.source.replace(/^\//, '')}`)
      expect(overview, name).toMatch(shown)
    }
    const refused = await post(`/author/${COURSE}`, { intent: 'publish', note: 'Сілтемелер', confirmParity: 'yes' })
    expect(refused.status).toBe(400)
    expect(await currentVersion()).toBe(before)

    const fresh = await editorFields()
    const good = `${fields.source_kk}\n${ALLOWED.join('\n\n')}\n`
    expect((await post(EDITOR_PAGE, { ...fresh, intent: 'save', source_kk: good })).status).toBe(302)
    const published = await post(`/author/${COURSE}`, { intent: 'publish', note: 'Сілтемелер', confirmParity: 'yes' })
    expect(published.status).toBe(302)
    expect(await currentVersion()).not.toBe(before)
  })
})
