import http from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// Pages without scripts (a lesson, the dashboard) are kept rendered per the
// data of their loaders and served again from there (ADR 037), over real HTTP
// against the built server: a kept page is the page rendered afresh with this
// request's nonce, two readers never see each other's parts, a change is on
// the next read, and the loaders' refusals come before any kept page.

const PRACTICE = '/learn/e2e-short/basics/practice'

let server: RunningServer
let db: Database
let cohortId: string
const login = sessionLogin(() => server)

async function get(path: string, user: FixtureUser | null) {
  const res = await fetch(server.url + path, { redirect: 'manual', headers: user ? { Cookie: await login(user) } : {} })
  return { status: res.status, location: res.headers.get('location'), csp: res.headers.get('content-security-policy') ?? '', html: await res.text() }
}

/** The nonce the response's policy names, and the page with every occurrence of it made neutral. */
function withoutNonce(page: { csp: string; html: string }): { nonce: string; html: string } {
  const nonce = /'nonce-([^']+)'/.exec(page.csp)?.[1]
  expect(nonce, 'the policy names a nonce').toBeTruthy()
  return { nonce: nonce!, html: page.html.split(nonce!).join('NONCE') }
}

async function enrolledTeacher(fullName: string): Promise<FixtureUser> {
  const user = await createUser(db, { fullName })
  const result = await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: '2026-01-10' })
  if (!result.ok) throw new Error(`enrolment failed: ${result.error}`)
  return user
}

/** A page's raw bytes and coding, asked for with `acceptEncoding`. */
async function raw(path: string, user: FixtureUser | null, acceptEncoding: string) {
  const cookie = user ? await login(user) : ''
  return new Promise<{ encoding: string | undefined; vary: string; length: string | undefined; csp: string; bytes: Buffer }>((resolve, reject) => {
    http
      .get(server.url + path, { headers: { cookie, 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            encoding: res.headers['content-encoding'],
            vary: String(res.headers.vary ?? ''),
            length: res.headers['content-length'],
            csp: String(res.headers['content-security-policy'] ?? ''),
            bytes: Buffer.concat(chunks),
          }),
        )
      })
      .on('error', reject)
  })
}

/** An indicator card's figure, as written. */
function figure(html: string, key: string): string {
  const match = new RegExp(`<h3 id="indicator-${key}"[\\s\\S]*?<p class="indicator-card__value">([^<]*)</p>`).exec(html)
  expect(match, `the value of ${key}`).not.toBeNull()
  return match![1]!
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  const versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
  cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId }, { endsOn: '2099-12-31' })
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('a kept lesson page', () => {
  test('is the page rendered afresh (its nonce, if any, its own)', async () => {
    const teacher = await enrolledTeacher('Әлия Кептова')
    // The first request renders and keeps the page; the second is served from it.
    const first = await get(PRACTICE, teacher)
    const second = await get(PRACTICE, teacher)
    expect([first.status, second.status]).toEqual([200, 200])
    const a = withoutNonce(first)
    const b = withoutNonce(second)
    expect(a.nonce).not.toBe(b.nonce)
    expect(b.html).toBe(a.html)
    expect(second.html).toContain('Әлия Кептова')
    expect(second.html).toContain('Буллинг — әдейі, қайталанатын және күш теңсіздігі бар әрекет.')
  })

  test('is sent compressed as the browser asks, and decompresses to the same page', async () => {
    const teacher = await enrolledTeacher('Сығылған Бет')
    const plain = await raw(PRACTICE, teacher, 'identity')
    expect(plain.encoding).toBeUndefined()
    // The page holds the reader's name: gzip, put together from its text compressed once, even for a browser that also takes Brotli.
    const browser = await raw(PRACTICE, teacher, 'gzip, deflate, br')
    const gzip = await raw(PRACTICE, teacher, 'gzip')
    const br = await raw(PRACTICE, teacher, 'br')
    expect([browser.encoding, gzip.encoding, br.encoding]).toEqual(['gzip', 'gzip', 'br'])
    expect(browser.vary).toMatch(/accept-encoding/i)
    expect(browser.length).toBe(String(browser.bytes.length))
    expect(gunzipSync(browser.bytes).toString('utf8')).toBe(plain.bytes.toString('utf8'))
    expect(gunzipSync(gzip.bytes).toString('utf8')).toBe(plain.bytes.toString('utf8'))
    expect(brotliDecompressSync(br.bytes).toString('utf8')).toBe(plain.bytes.toString('utf8'))
    expect(plain.bytes.toString('utf8')).toContain('Сығылған Бет')
  })

  test('the catalogue, the same for every visitor but its scripts’ nonce, is sent gzipped, each response with its own nonce', async () => {
    const first = await raw('/courses', null, 'gzip, br')
    const second = await raw('/courses', null, 'gzip, br')
    expect([first.encoding, second.encoding]).toEqual(['gzip', 'gzip'])
    expect(first.length).toBe(String(first.bytes.length))
    const nonces = [first, second].map((page) => {
      const html = gunzipSync(page.bytes).toString('utf8')
      expect(html).toContain('href="/courses/e2e-short"')
      return /<script nonce="([^"]+)"/.exec(html)?.[1]
    })
    expect(nonces[0]).toBeTruthy()
    expect(nonces[1]).not.toBe(nonces[0])
    expect(first.csp).toContain(`'nonce-${nonces[0]}'`)
    // The same document as the one sent uncompressed, but for the nonce.
    const plain = await raw('/courses', null, 'identity')
    expect(plain.encoding).toBeUndefined()
    const unNonced = (html: string) => html.replace(/nonce="[^"]+"/g, 'nonce=""')
    expect(unNonced(gunzipSync(first.bytes).toString('utf8'))).toBe(unNonced(plain.bytes.toString('utf8')))
  })

  test('two teachers at the same point read the same page, each with their own name in it, markup as text', async () => {
    const first = await enrolledTeacher('Тең Оқушы')
    const second = await enrolledTeacher('<i>Тең</i> & «Оқушы»')
    const a = withoutNonce(await get(PRACTICE, first))
    const b = withoutNonce(await get(PRACTICE, second))
    expect(a.html).toContain('<span class="user-name">Тең Оқушы</span>')
    expect(b.html).not.toContain('Тең Оқушы')
    expect(b.html).not.toContain('<i>Тең</i>')
    const shownName = /<span class="user-name">([^<]*)<\/span>/.exec(b.html)?.[1]
    expect(
      shownName?.replace(/&#(\d+);|&(amp|lt|gt|quot);/g, (_, code: string, named: string) =>
        code ? String.fromCharCode(Number(code)) : { amp: '&', lt: '<', gt: '>', quot: '"' }[named as 'amp']!,
      ),
    ).toBe('<i>Тең</i> & «Оқушы»')
    expect(b.html.replace(`>${shownName}<`, '>NAME<')).toBe(a.html.replace('>Тең Оқушы<', '>NAME<'))
  })

  test('two teachers never see each other’s name or standing, and a new attempt is on the next read', async () => {
    const first = await enrolledTeacher('Бірінші Мұғалім')
    const second = await enrolledTeacher('Екінші Мұғалім')
    for (const user of [first, second, first, second]) expect((await get(PRACTICE, user)).status).toBe(200)

    const answered = await fetch(server.url + PRACTICE, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: await login(first) },
      body: new URLSearchParams([
        ['intent', 'quiz'],
        ['quizId', 'basics-quiz'],
        ['answer.q1', 'b'],
        ['answer.q2', 'a'],
      ]).toString(),
    })
    expect(answered.status).toBe(302)

    const mine = (await get(PRACTICE, first)).html
    const theirs = (await get(PRACTICE, second)).html
    expect(mine).toContain('Бірінші Мұғалім')
    expect(mine).not.toContain('Екінші Мұғалім')
    expect(theirs).toContain('Екінші Мұғалім')
    expect(theirs).not.toContain('Бірінші Мұғалім')
    expect(mine).toContain(translate('kk', 'lesson.quiz.attempts', { used: 1, max: 3 }))
    expect(theirs).toContain(translate('kk', 'lesson.quiz.attempts', { used: 0, max: 3 }))
  })

  test('a teacher not enrolled is sent to the course page, a visitor to the login, even once the lesson is kept', async () => {
    const enrolled = await enrolledTeacher('Оқып Жүрген')
    expect((await get(PRACTICE, enrolled)).status).toBe(200)
    const stranger = await createUser(db, { fullName: 'Жазылмаған Мұғалім' })
    const refused = await get(PRACTICE, stranger)
    expect(refused.status).toBe(302)
    expect(refused.location).toBe('/courses/e2e-short')
    const visitor = await get(PRACTICE, null)
    expect(visitor.status).toBe(302)
    expect(visitor.location).toMatch(/^\/login/)
  })
})

describe('a kept dashboard', () => {
  test('arrives without scripts, is the same page on the next read, and shows a new account at once', async () => {
    const admin = await createUser(db, { roles: ['admin'], fullName: 'Бас Әкімші' })
    // The server's background jobs (survey reminders, mail) may move a figure between two reads: read until
    // two in a row found nothing changed, and then they must be the same page.
    let first = await get('/admin', admin)
    let second = await get('/admin', admin)
    for (let reads = 2; reads < 6 && withoutNonce(second).html !== withoutNonce(first).html; reads++) {
      first = second
      second = await get('/admin', admin)
    }
    expect([first.status, second.status]).toEqual([200, 200])
    expect(second.html).not.toMatch(/<script/)
    expect(withoutNonce(second).html).toBe(withoutNonce(first).html)

    // A new account moves the registered users' rollup, hence the loader's data, hence the page.
    const before = figure(second.html, 'registered_site_users')
    await createUser(db)
    const after = figure((await get('/admin', admin)).html, 'registered_site_users')
    expect(after).not.toBe(before)
  })

  test('a regional admin is refused another region’s page that an admin’s request has kept, and sees their own with their name', async () => {
    const admin = await createUser(db, { roles: ['admin'], fullName: 'Ұлттық Әкімші' })
    const almaty = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75', fullName: 'Алматы Әкімшісі' })
    const akmolaPage = await get('/admin/dashboard/regions/KZ-11', admin)
    expect(akmolaPage.status).toBe(200)
    expect((await get('/admin/dashboard/regions/KZ-11', almaty)).status).toBe(403)

    for (const user of [admin, almaty]) expect((await get('/admin/dashboard/regions/KZ-75', user)).status).toBe(200)
    const own = await get('/admin/dashboard/regions/KZ-75', almaty)
    expect(own.status).toBe(200)
    expect(own.html).toContain('Алматы Әкімшісі')
    expect(own.html).not.toContain('Ұлттық Әкімші')
  })
})

describe('a kept page with scripts, for visitors', () => {
  /** Every inline or module script of a page and the nonce it carries. */
  const scriptNonces = (html: string) => [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => /\bnonce="([^"]*)"/.exec(m[1]!)?.[1] ?? null)

  test('the registration form is the same page for two visitors, each with their own nonce on every script', async () => {
    const first = await get('/register', null)
    const second = await get('/register', null)
    expect([first.status, second.status]).toEqual([200, 200])
    const a = withoutNonce(first)
    const b = withoutNonce(second)
    expect(a.nonce).not.toBe(b.nonce)
    expect(b.html).toBe(a.html)
    // A page with scripts: the hand-off and the module scripts, each allowed by this response's policy only.
    const nonces = scriptNonces(second.html)
    expect(nonces.length).toBeGreaterThan(1)
    expect(new Set(nonces)).toEqual(new Set([b.nonce]))
    expect(second.html).toContain('window.__remixContext')
    expect(second.html).not.toContain('\uE002')
  })

  test('a page with scripts is kept for visitors only: a logged-in reader gets their own, with their name', async () => {
    const visitorPage = await get('/', null)
    expect(visitorPage.status).toBe(200)
    const teacher = await enrolledTeacher('Скрипті <b>Оқырман</b>')
    const own = await get('/', teacher)
    expect(own.status).toBe(200)
    expect(own.html).toContain('window.__remixContext')
    expect(own.html).toContain('Скрипті &lt;b&gt;Оқырман&lt;/b&gt;')
    // After the teacher's page: visitors still share one page, without the teacher in it.
    const again = await get('/', null)
    const andAgain = await get('/', null)
    expect(withoutNonce(andAgain).html).toBe(withoutNonce(again).html)
    for (const page of [visitorPage, again, andAgain]) expect(page.html).not.toContain('Оқырман')
  })
})

describe('the login form, without scripts', () => {
  test('is one compressed document for every visitor, a plain form posting to itself', async () => {
    const first = await raw('/login', null, 'gzip')
    const second = await raw('/login', null, 'gzip')
    expect(second.bytes.equals(first.bytes)).toBe(true)
    const html = gunzipSync(first.bytes).toString('utf8')
    expect(html).not.toContain('<script')
    expect(html).toMatch(/<form method="post"[^>]*>/)
    expect(html).toContain('name="password"')
    // A wrong password is answered by the server, in the page, with nothing typed lost but the password.
    const wrong = await fetch(server.url + '/login', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ login: 'nobody@test.orken.kz', password: 'not-a-password-1' }),
    })
    expect(wrong.status).toBe(400)
    const page = await wrong.text()
    expect(page).not.toContain('<script')
    expect(page).toContain('value="nobody@test.orken.kz"')
    expect(page).not.toContain('not-a-password-1')
    expect(page).toContain(translate('kk', 'auth.login.invalid'))
  })
})

describe("a course's page, without scripts", () => {
  test('is one page for every visitor, compressed once, with the places taken as they are now', async () => {
    const first = await raw('/courses/e2e-short', null, 'gzip')
    const second = await raw('/courses/e2e-short', null, 'gzip')
    expect([first.encoding, second.encoding]).toEqual(['gzip', 'gzip'])
    // Without scripts no nonce differs between responses: the same compressed bytes.
    expect(second.bytes.equals(first.bytes)).toBe(true)
    const html = gunzipSync(first.bytes).toString('utf8')
    expect(html).not.toContain('<script')
    expect(html).toContain('method="post"')
    // Every open cohort's free places, summed: one enrolment takes one.
    const free = (page: string) => [...page.matchAll(/Бос орын: (\d+) \//g)].reduce((n, m) => n + Number(m[1]), 0)
    expect(free(html)).toBeGreaterThan(0)
    await enrolledTeacher('Жаңа Орын')
    const after = await get('/courses/e2e-short', null)
    expect(after.html).not.toContain('<script')
    expect(free(after.html)).toBe(free(html) - 1)
  })

  test("a teacher's own page names them and their enrolment, and another visitor never sees it", async () => {
    const teacher = await enrolledTeacher('Курс <b>Беті</b>')
    const own = await get('/courses/e2e-short', teacher)
    expect(own.status).toBe(200)
    expect(own.html).not.toContain('<script')
    // The name as text in the header, its markup escaped; the enrolment's notice and next step beside the syllabus.
    expect(/<span class="user-name">Курс [^<]*Беті[^<]*<\/span>/.test(own.html)).toBe(true)
    expect(own.html).not.toContain('<b>Беті')
    expect(own.html).toContain('data-next-step="start"')
    const visitor = await get('/courses/e2e-short', null)
    expect(visitor.html).not.toContain('Беті')
  })
})
