import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { requestPasswordReset } from '#app/modules/auth/password-reset.server.ts'
import { sessionIdFromToken } from '#app/modules/auth/session.server.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// The security checks of issue "Ready for a national deployment" [5], in one
// place, against the real server: headers, who may read whose records, stored
// markup, cross-site posts, password guessing and sessions. The server trusts
// a proxy (TRUST_PROXY=true), as a deployment behind one does: each test that
// counts failed logins comes from an address of its own (X-Forwarded-For), and
// X-Forwarded-Proto says when a request arrived over HTTPS.

const FORBIDDEN = 'Бұл бетті көруге құқығыңыз жоқ'

let server: RunningServer
let db: Database
const login = sessionLogin(() => server)

let year: string
let courseVersionId: string

beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: 'true' })
  db = openDatabase(server.dbFile)
  year = localIsoDate(now()).slice(0, 4)
  courseVersionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

/** A new address for each caller that counts failures, so that no test spends another's allowance. */
let addresses = 0
const freshAddress = () => `203.0.113.${++addresses}`

function get(path: string, cookie?: string, headers: Record<string, string> = {}) {
  return fetch(server.url + path, { redirect: 'manual', headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } })
}

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...headers },
    body: new URLSearchParams(fields).toString(),
  })
}

/** The session token a response sets, if it sets one (the last Set-Cookie wins, as in a browser). */
function sessionToken(res: Response): string | null {
  const cookie = res.headers.getSetCookie().findLast((c) => c.startsWith('orken_session='))
  return cookie ? cookie.split(';')[0]!.slice('orken_session='.length) : null
}

/** Logs in afresh (a new session each time) and returns the response. */
function logIn(user: { email: string }, password: string, headers: Record<string, string> = {}) {
  return post('/login', { login: user.email, password }, headers)
}

async function newSession(user: FixtureUser, headers: Record<string, string> = {}): Promise<string> {
  const res = await logIn(user, user.password, headers)
  expect(res.status).toBe(302)
  return sessionToken(res)!
}

/** Whether a session token still lets its holder in. */
async function loggedIn(token: string): Promise<boolean> {
  const res = await get('/account', `orken_session=${token}`)
  return res.status === 200
}

/** A teacher enrolled in a new cohort of the short test course (which assigns its pre-course survey). */
async function enrolledTeacher(options: { regionCode?: string; schoolId?: string; fullName?: string } = {}) {
  const teacher = await createUser(db, options)
  const cohortId = await createTestCohort(
    db,
    { slug: 'e2e-short', versionId: courseVersionId },
    { regionCode: options.regionCode ?? 'KZ-75', endsOn: '2099-12-31' },
  )
  const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: '2026-06-01' })
  if (!enrolled.ok) throw new Error(enrolled.error)
  return { teacher, cohortId, enrolmentId: enrolled.enrolmentId }
}

async function certificateOf(enrolmentId: string): Promise<string> {
  await db
    .updateTable('enrolments')
    .set({ status: 'completed', completed_at: '2026-06-10T08:00:00.000Z', lessons_done: 3 })
    .where('id', '=', enrolmentId)
    .execute()
  const issued = await issueCertificate(testWork(db), enrolmentId)
  if (!issued.ok) throw new Error(issued.error)
  return issued.certificateId
}

describe('security headers', () => {
  test('an HTML page has a strict Content-Security-Policy whose fresh nonce is on every inline script, and the other headers', async () => {
    const first = await get('/')
    const html = await first.text()
    const csp = first.headers.get('content-security-policy')!
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1]
    expect(nonce, csp).toBeDefined()
    for (const directive of [
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "default-src 'self'",
      "connect-src 'self'",
    ]) {
      expect(csp).toContain(directive)
    }
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/)
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    const again = (await get('/')).headers.get('content-security-policy')!
    expect(again).not.toContain(nonce)

    expect(first.headers.get('x-frame-options')).toBe('DENY')
    expect(first.headers.get('x-content-type-options')).toBe('nosniff')
    expect(first.headers.get('referrer-policy')).toBe('same-origin')
    expect(first.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(first.headers.get('permissions-policy')).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/)
    // Plain HTTP: no HSTS, which would pin a local run to HTTPS.
    expect(first.headers.get('strict-transport-security')).toBeNull()
  })

  test('every response carries them: a 404, a file, a refused cross-site post', async () => {
    for (const res of [await get('/no-such-page'), await get('/favicon.svg'), await post('/logout', {}, { Origin: 'https://evil.example' })]) {
      expect(res.headers.get('content-security-policy'), res.url).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-frame-options'), res.url).toBe('DENY')
    }
  })

  test('over HTTPS (behind the proxy): HSTS, and the session cookie is Secure', async () => {
    const https = { 'X-Forwarded-Proto': 'https' }
    const page = await get('/', undefined, https)
    expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
    expect(page.headers.get('content-security-policy')).toContain('upgrade-insecure-requests')
    const user = await createUser(db)
    const res = await logIn(user, TEST_PASSWORD, https)
    expect(res.headers.getSetCookie().find((c) => c.startsWith('__Host-orken_session='))).toMatch(/; Secure/)
  })
})

describe('a teacher cannot read another teacher’s records by changing an id', () => {
  let owner: Awaited<ReturnType<typeof enrolledTeacher>>
  let other: FixtureUser
  let assignmentId: string
  let certificateId: string
  const SECRET = `Менің жеке күтулерім ${newId()}`

  beforeAll(async () => {
    owner = await enrolledTeacher({ fullName: 'Әлия Иесі' })
    other = await createUser(db, { fullName: 'Бөтен Мұғалім' })
    assignmentId = (await db.selectFrom('survey_assignments').select('id').where('enrolment_id', '=', owner.enrolmentId).executeTakeFirstOrThrow()).id
    const saved = await post(`/surveys/${assignmentId}`, { intent: 'draft', 'item.expectations': SECRET }, { Cookie: await login(owner.teacher) })
    expect(saved.status).toBe(302)
    certificateId = await certificateOf(owner.enrolmentId)
  })

  test('survey answers: the owner reads the draft; another teacher gets 404 without it and cannot overwrite it', async () => {
    expect(await (await get(`/surveys/${assignmentId}`, await login(owner.teacher))).text()).toContain(SECRET)
    const res = await get(`/surveys/${assignmentId}`, await login(other))
    expect(res.status).toBe(404)
    const body = await res.text()
    expect(body).not.toContain(SECRET)
    expect(body).not.toContain(owner.teacher.fullName)
    const overwrite = await post(`/surveys/${assignmentId}`, { intent: 'draft', 'item.expectations': 'басқа' }, { Cookie: await login(other) })
    expect(overwrite.status).toBe(404)
    const draft = await db.selectFrom('survey_drafts').select('answers').where('assignment_id', '=', assignmentId).executeTakeFirstOrThrow()
    expect(draft.answers).toContain(SECRET)
  })

  test('certificates: the owner downloads the PDF; another teacher gets 404 and the admin page 403', async () => {
    const own = await get(`/certificates/${certificateId}.pdf`, await login(owner.teacher))
    expect(own.status).toBe(200)
    expect(own.headers.get('content-type')).toBe('application/pdf')
    const res = await get(`/certificates/${certificateId}.pdf`, await login(other))
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).not.toBe('application/pdf')
    const admin = await get(`/admin/certificates/${certificateId}`, await login(other))
    expect(admin.status).toBe(403)
    expect(await admin.text()).not.toContain(owner.teacher.fullName)
  })

  test('enrolment and progress: the cohort roster, its CSV and the owner’s account page are refused; the lesson page is one’s own', async () => {
    for (const path of [`/cohorts/${owner.cohortId}/roster`, `/cohorts/${owner.cohortId}/roster.csv`, `/admin/users/${owner.teacher.id}`]) {
      const res = await get(path, await login(other))
      expect(res.status, path).toBe(403)
      expect(await res.text(), path).not.toContain(owner.teacher.fullName)
    }
    // Lessons are found by the reader's own enrolment: another teacher is sent to enrol.
    const lesson = await get('/learn/e2e-short/basics/practice', await login(other))
    expect(lesson.status).toBe(302)
    expect(lesson.headers.get('location')).toBe('/courses/e2e-short')
  })
})

describe('a regional admin cannot read another region', () => {
  let almaty: FixtureUser
  let otherCohort: string
  let otherCertificate: string
  let otherSchool: string

  beforeAll(async () => {
    almaty = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
    otherSchool = (await db.selectFrom('schools').select('name_kk').where('id', '=', 'sch-kz11-1').executeTakeFirstOrThrow()).name_kk
    const abroad = await enrolledTeacher({ regionCode: 'KZ-11', schoolId: 'sch-kz11-1', fullName: 'Ақмола Мұғалімі' })
    otherCohort = abroad.cohortId
    otherCertificate = await certificateOf(abroad.enrolmentId)
  })

  test('their own region answers 200 (so that the refusals below mean something)', async () => {
    for (const path of [
      '/admin/dashboard/regions/KZ-75',
      `/admin/dashboard/export/regions.csv?year=${year}&region=KZ-75`,
      '/admin/surveys/course-pre?region=KZ-75',
    ]) {
      expect((await get(path, await login(almaty))).status, path).toBe(200)
    }
  })

  test.each([
    ['the dashboard’s region page', '/admin/dashboard/regions/KZ-11'],
    ['the dashboard’s region picker', '/admin?region=KZ-11'],
    ['a dashboard export', `/admin/dashboard/export/schools.csv?year=${now().getFullYear()}&region=KZ-11`],
    ['the dashboard pack', `/admin/dashboard/pack/${now().getFullYear()}.xlsx?region=KZ-11`],
    ['the user list filtered by region', '/admin/users?region=KZ-11'],
    ['a survey report', '/admin/surveys/course-pre?region=KZ-11'],
    ['a survey report’s CSV', '/admin/surveys/course-pre/report.csv?region=KZ-11'],
    ['a survey report’s Excel file', '/admin/surveys/course-pre/report.xlsx?region=KZ-11'],
  ])('%s is 403 and shows nothing of that region', async (_name, path) => {
    const res = await get(path, await login(almaty))
    expect(res.status).toBe(403)
    expect(await res.text()).not.toContain(otherSchool)
  })

  test('a cohort roster and a certificate of that region are refused', async () => {
    const roster = await get(`/cohorts/${otherCohort}/roster`, await login(almaty))
    expect(roster.status).toBe(403)
    expect(await roster.text()).toContain(FORBIDDEN)
    expect((await get(`/certificates/${otherCertificate}.pdf`, await login(almaty))).status).toBe(404)
  })
})

describe('stored markup is shown as text, never run', () => {
  const PAYLOAD = `<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">x</a>`

  /** Fails on markup from the payload that a browser would run, anywhere in the page (inline data included). */
  function expectInert(html: string) {
    expect(html).not.toMatch(/<img[^>]*onerror/i)
    expect(html).not.toMatch(/<script>alert/i)
    expect(html).not.toMatch(/href="javascript:/i)
  }

  test('a user’s name, in the header, the admin’s user list and the user’s page', async () => {
    const hostile = await createUser(db, { fullName: `Ержан ${PAYLOAD}` })
    const admin = await createUser(db, { roles: ['admin'] })
    const pages = [
      await get('/', await login(hostile)),
      await get(`/admin/users?q=${encodeURIComponent('Ержан')}`, await login(admin)),
      await get(`/admin/users/${hostile.id}`, await login(admin)),
    ]
    for (const res of pages) {
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain('Ержан &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;')
      expectInert(html)
    }
  })

  test('a course title, on the catalogue and the course page', async () => {
    const course = await createTestCourse(db)
    const row = await db.selectFrom('course_versions').select('manifest').where('id', '=', course.versionId).executeTakeFirstOrThrow()
    const manifest = JSON.parse(row.manifest) as { title: Record<string, string> }
    manifest.title.kk = `Курс ${PAYLOAD}`
    await db
      .updateTable('course_versions')
      .set({ manifest: JSON.stringify(manifest) })
      .where('id', '=', course.versionId)
      .execute()
    await createTestCohort(db, course, { endsOn: '2099-12-31' })
    const teacher = await createUser(db)
    for (const path of ['/courses', `/courses/${course.slug}`]) {
      const res = await get(path, await login(teacher))
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expect(html, path).toContain('Курс &lt;img src=x onerror=alert(1)&gt;')
      expectInert(html)
    }
  })

  test('MDX lesson content: scripts, handlers and javascript: links are refused; markup written as text stays text', async () => {
    const trainer = await createUser(db, { roles: ['trainer'] })
    await addCourseEditor(db, 'e2e-short', trainer.id, null)
    const preview = async (body: string) => {
      const source = `---\ntitle: Сабақ\nminutes: 5\n---\n\n${body}\n`
      const res = await fetch(`${server.url}/author/e2e-short/preview`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: await login(trainer) },
        body: JSON.stringify({ source, lang: 'kk' }),
      })
      expect(res.headers.get('content-type')).toContain('application/json')
      return (await res.json()) as { ok: boolean; html?: string }
    }
    for (const body of [
      '<script>alert(1)</script>',
      '<img src="x" onerror="alert(1)" />',
      '[сілтеме](javascript:alert(1))',
      '<Callout type="info" onClick="alert(1)">Мәтін</Callout>',
      '<Figure src="javascript:alert(1)" alt="сурет" />',
    ]) {
      const result = await preview(body)
      expect(result.ok, body).toBe(false)
    }
    const text = await preview('Мәтін \\<script>alert(2)\\</script> және <Callout type="info" title="<img src=x onerror=alert(1)>">Ішінде</Callout>')
    expect(text.ok).toBe(true)
    expect(text.html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;')
    expectInert(text.html!)
  })
})

describe('cross-site posts', () => {
  // Each case's headers besides the cookie; `self` is this server's origin.
  test.each([
    ['an Origin from another site', () => ({ Origin: 'https://evil.example' })],
    ['no Origin but a Referer from another site', () => ({ Referer: 'https://evil.example/page' })],
    ['neither Origin nor Referer', () => ({})],
    ['this Origin, but the browser says cross-site', () => ({ Origin: server.url, 'Sec-Fetch-Site': 'cross-site' })],
  ] as [string, () => Record<string, string>][])('%s: 403, and nothing changes', async (_name, headersOf) => {
    const user = await createUser(db, { locale: 'kk' })
    const token = await newSession(user)
    const send = (path: string, fields: Record<string, string>) =>
      fetch(server.url + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `orken_session=${token}`, ...headersOf() },
        body: new URLSearchParams(fields).toString(),
      })
    const locale = await send('/set-locale', { locale: 'en', redirectTo: '/' })
    expect(locale.status).toBe(403)
    expect(await locale.text()).toContain('Сұрау басқа сайттан жіберілген')
    const password = await send('/account', { currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password', newPasswordConfirm: 'a-brand-new-password' })
    expect(password.status).toBe(403)
    expect((await send('/logout', {})).status).toBe(403)

    expect((await db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow()).locale).toBe('kk')
    expect(await loggedIn(token)).toBe(true)
    expect((await logIn(user, TEST_PASSWORD)).status).toBe(302)
  })

  test('the same post from this site is accepted (so that the refusals above mean something)', async () => {
    const user = await createUser(db, { locale: 'kk' })
    const res = await post('/set-locale', { locale: 'en', redirectTo: '/' }, { Cookie: await login(user) })
    expect(res.status).toBe(302)
    expect((await db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow()).locale).toBe('en')
  })

  test('the session cookie is HttpOnly, SameSite=Lax and for the whole site', async () => {
    const res = await logIn(await createUser(db), TEST_PASSWORD)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('orken_session='))!
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; SameSite=(Lax|Strict)/)
    expect(cookie).toMatch(/; Path=\//)
  })
})

describe('password guessing', () => {
  test('five wrong passwords for one account from one address: the next try from there, even the right password, is refused with 429 in the reader’s language', async () => {
    const user = await createUser(db)
    const from = { 'X-Forwarded-For': freshAddress() }
    for (let i = 0; i < 5; i++) expect((await logIn(user, `wrong-password-${i}`, from)).status).toBe(400)
    const right = await logIn(user, TEST_PASSWORD, from)
    expect(right.status).toBe(429)
    expect(sessionToken(right)).toBeNull()
    expect(await right.text()).toMatch(/Сәтсіз әрекеттер тым көп\. \d+ минуттан кейін/)
    const again = await logIn(user, TEST_PASSWORD, { ...from, Cookie: 'orken_lang=en' })
    expect(again.status).toBe(429)
    expect(await again.text()).toMatch(/Too many failed attempts\. Try again in \d+ min/)
    // The limit is the pair's: the owner, from another address, still gets in.
    expect((await logIn(user, TEST_PASSWORD, { 'X-Forwarded-For': freshAddress() })).status).toBe(302)
  })

  test('thirty failures over many accounts from one address stop that address, not the accounts', async () => {
    const address = freshAddress()
    for (let i = 0; i < 30; i++) {
      expect((await logIn({ email: `nobody-${i}-${newId()}@test.orken.kz` }, 'guess-password', { 'X-Forwarded-For': address })).status).toBe(400)
    }
    const user = await createUser(db)
    const blocked = await logIn(user, TEST_PASSWORD, { 'X-Forwarded-For': address, Cookie: 'orken_lang=ru' })
    expect(blocked.status).toBe(429)
    expect(await blocked.text()).toContain('Слишком много неудачных попыток')
    expect((await logIn(user, TEST_PASSWORD, { 'X-Forwarded-For': freshAddress() })).status).toBe(302)
  })
})

describe('sessions', () => {
  test('a token planted before login is never the one used after it', async () => {
    const user = await createUser(db)
    const planted = 'b'.repeat(32)
    const page = await get('/login', `orken_session=${planted}`)
    expect(page.headers.getSetCookie().find((c) => c.startsWith('orken_session='))).toMatch(/Max-Age=0/)
    const res = await logIn(user, TEST_PASSWORD, { Cookie: `orken_session=${planted}` })
    const token = sessionToken(res)!
    expect(token).not.toBe(planted)
    expect(await loggedIn(planted)).toBe(false)
    expect(await loggedIn(token)).toBe(true)
  })

  test('logging in over a live session replaces it: the old token ends on the server', async () => {
    const first = await createUser(db)
    const second = await createUser(db)
    const old = await newSession(first)
    const res = await logIn(second, TEST_PASSWORD, { Cookie: `orken_session=${old}` })
    expect(sessionToken(res)).not.toBe(old)
    expect(await db.selectFrom('sessions').select('id').where('id', '=', sessionIdFromToken(old)).executeTakeFirst()).toBeUndefined()
    expect(await loggedIn(old)).toBe(false)
  })

  test('logging out ends the session on the server: the old cookie, sent again, is logged out', async () => {
    const user = await createUser(db)
    const token = await newSession(user)
    expect((await post('/logout', {}, { Cookie: `orken_session=${token}` })).status).toBe(302)
    const again = await get('/account', `orken_session=${token}`)
    expect(again.status).toBe(302)
    expect(again.headers.get('location')).toMatch(/^\/login/)
    expect(again.headers.getSetCookie().find((c) => c.startsWith('orken_session='))).toMatch(/Max-Age=0/)
  })

  test('changing the password ends every other session of the account, not this one', async () => {
    const user = await createUser(db)
    const here = await newSession(user)
    const elsewhere = await newSession(user)
    const res = await post(
      '/account',
      { currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password', newPasswordConfirm: 'a-brand-new-password' },
      { Cookie: `orken_session=${here}` },
    )
    expect(res.status).toBe(200)
    expect(await loggedIn(here)).toBe(true)
    expect(await loggedIn(elsewhere)).toBe(false)
  })

  test('a password reset ends every session of the account', async () => {
    const user = await createUser(db)
    const sessions = [await newSession(user), await newSession(user)]
    await requestPasswordReset(testWork(db), user.email)
    const mail = await db
      .selectFrom('mail_outbox')
      .select('text_body')
      .where('user_id', '=', user.id)
      .where('kind', '=', 'password_reset')
      .executeTakeFirstOrThrow()
    const resetToken = /\/reset-password\/([a-z2-7]{32})/.exec(mail.text_body)![1]!
    const res = await post(`/reset-password/${resetToken}`, { password: 'a-brand-new-password', passwordConfirm: 'a-brand-new-password' })
    expect(res.status).toBe(302)
    for (const token of sessions) expect(await loggedIn(token)).toBe(false)
    expect((await logIn(user, 'a-brand-new-password')).status).toBe(302)
  })
})
