import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startServer, type RunningServer } from '#tests/setup/server.ts'

// The catalogue's search box as a browser without JavaScript uses it: a GET
// form whose query stays in the field, with the count or a clear no-match line.

let server: RunningServer

beforeAll(async () => {
  server = await startServer()
}, 30_000)

afterAll(async () => {
  await server?.stop()
})

async function catalogue(query: string, lang = 'kk') {
  const res = await fetch(`${server.url}/courses?q=${encodeURIComponent(query)}`, { headers: { Cookie: `orken_lang=${lang}` } })
  return { status: res.status, html: await res.text() }
}

describe('/courses?q=', () => {
  test('a search box in a GET form, its query kept in the field, with the count of what it found', async () => {
    const page = await catalogue('Буллинг')
    expect(page.status).toBe(200)
    expect(page.html).toMatch(/<form method="get"[^>]*role="search"/)
    expect(page.html).toMatch(/<input[^>]*name="q"[^>]*type="search"[^>]*value="Буллинг"|<input[^>]*value="Буллинг"[^>]*name="q"/)
    expect(page.html).toContain('<label for="f-q">Курс іздеу</label>')
    expect(page.html).toContain('«Буллинг» бойынша табылған курстар: 2')
    expect(page.html).toContain('href="/courses/bullying-prevention"')
    expect(page.html).not.toContain('href="/courses/child-wellbeing"')
  })

  test('in Russian and English, the reader’s language is searched', async () => {
    const ru = await catalogue('благополучие', 'ru')
    expect(ru.html).toContain('Найдено курсов по запросу «благополучие»: 1')
    expect(ru.html).toContain('href="/courses/child-wellbeing"')
    const en = await catalogue('wellbeing', 'en')
    expect(en.html).toContain('Courses matching “wellbeing”: 1')
  })

  test('nothing found says so, and lists no course', async () => {
    const page = await catalogue('астрономия')
    expect(page.html).toContain('«астрономия» сөзіне сай курс табылмады')
    expect(page.html).not.toContain('class="card course-card"')
  })

  test('an over-long query is refused with a message and changes nothing', async () => {
    const page = await catalogue('а'.repeat(101))
    expect(page.status).toBe(200)
    expect(page.html).toContain('Іздеу мәтіні тым ұзын: 100 таңбадан аспауы керек.')
    expect(page.html).toContain('href="/courses/bullying-prevention"')
  })
})
