import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { sessionIdFromToken } from '#app/modules/auth/session.server.ts'
import { verifyToken } from '#app/modules/certificates/signing.server.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { DAY, now } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, uniqueIin } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { testWork } from '#tests/setup/work.ts'

// Findings 5, 6, 7, 14 and 16 of the security review, against the real server:
// where a login may send the browser, what registration tells a stranger,
// who can lock whom out, what a signed token accepts, and what becomes of a
// session nobody presents again. The server trusts a proxy (TRUST_PROXY=true)
// so that each test chooses its client address with X-Forwarded-For.

let server: RunningServer
let db: Database

beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: 'true' })
  db = openDatabase(server.dbFile)
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

let addresses = 0
const freshAddress = () => `198.51.100.${++addresses}`
const from = (address: string) => ({ 'X-Forwarded-For': address })

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...headers },
    body: new URLSearchParams(fields).toString(),
  })
}

function logIn(login: string, password: string, headers: Record<string, string> = {}, redirectTo?: string) {
  return post('/login', { login, password, ...(redirectTo === undefined ? {} : { redirectTo }) }, headers)
}

/** The value of the session cookie a response sets, by whichever name it uses. */
function sessionSet(res: Response): { name: string; value: string; attributes: string } | null {
  const cookie = res.headers.getSetCookie().findLast((c) => /^(__Host-)?orken_session=/.test(c))
  if (!cookie) return null
  const [pair, ...attributes] = cookie.split(';')
  const eq = pair!.indexOf('=')
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attributes: `;${attributes.join(';')}` }
}

describe('redirects after login stay on this site (finding 5)', () => {
  test.each([
    ['a tab between the slashes', '/\t/evil.example/'],
    ['a newline between the slashes', '/\n/evil.example/'],
    ['a protocol-relative path', '//evil.example/'],
    ['a backslash', '/\\evil.example/'],
    ['a leading backslash', '\\/evil.example/'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a leading space', ' //evil.example/'],
  ])('%s is refused: the login lands on the home page', async (_name, redirectTo) => {
    const user = await createUser(db)
    const res = await logIn(user.email, TEST_PASSWORD, from(freshAddress()), redirectTo)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/')
  })

  test('a path of this site, with its query and fragment, is kept', async () => {
    const user = await createUser(db)
    const res = await logIn(user.email, TEST_PASSWORD, from(freshAddress()), '/courses?lang=ru#list')
    expect(res.headers.get('location')).toBe('/courses?lang=ru#list')
  })

  test('the language switch follows the same rule', async () => {
    const res = await post('/set-locale', { locale: 'ru', redirectTo: '/\t/evil.example/' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/')
  })
})

describe('password guessing cannot lock the owner out (finding 7)', () => {
  test('five wrong passwords from one address: that address is refused, the owner from another logs in', async () => {
    const user = await createUser(db, { roles: ['admin'] })
    const attacker = freshAddress()
    for (let i = 0; i < 5; i++) expect((await logIn(user.email, `wrong-${i}`, from(attacker))).status).toBe(400)
    const blocked = await logIn(user.email, TEST_PASSWORD, from(attacker))
    expect(blocked.status).toBe(429)
    expect(sessionSet(blocked)).toBeNull()
    const owner = await logIn(user.email, TEST_PASSWORD, from(freshAddress()))
    expect(owner.status).toBe(302)
    expect(sessionSet(owner)).not.toBeNull()
  })

  test('forty wrong passwords at once from one address: exactly five are checked, the rest get 429', async () => {
    const user = await createUser(db)
    const attacker = freshAddress()
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => logIn(user.iin, `wrong-${i}`, from(attacker))))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 400)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(35)
    expect((await logIn(user.email, TEST_PASSWORD, from(freshAddress()))).status).toBe(302)
  })

  test('failures from many addresses slow those addresses down with growing delays; a clean address still gets in', async () => {
    const user = await createUser(db)
    const attackers = Array.from({ length: 5 }, freshAddress)
    // Two failures from each of five addresses: ten on the account, none of the five at its own limit.
    for (const address of attackers) {
      for (let i = 0; i < 2; i++) expect((await logIn(user.email, `wrong-${address}-${i}`, from(address))).status).toBe(400)
    }
    const delayed = await logIn(user.email, TEST_PASSWORD, { ...from(attackers[0]!), Cookie: 'orken_lang=en' })
    expect(delayed.status).toBe(429)
    expect(await delayed.text()).toMatch(/Too many failed attempts\. Try again in \d+ min/)
    expect((await logIn(user.email, TEST_PASSWORD, from(freshAddress()))).status).toBe(302)
  })
})

describe('registration tells a stranger nothing (finding 6)', () => {
  const registration = (overrides: Record<string, string> = {}) => ({
    regionCode: 'KZ-75',
    schoolId: 'sch-kz75-1',
    iin: uniqueIin(),
    fullName: 'Дана Серікқызы',
    email: `dana-${newId()}@test.orken.kz`,
    phone: '',
    password: 'a-long-password-1',
    passwordConfirm: 'a-long-password-1',
    ...overrides,
  })

  async function register(fields: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await post('/register?region=KZ-75', fields, { ...from(freshAddress()), ...headers })
    const page = res.status === 302 ? await fetch(server.url + res.headers.get('location')!, { headers }) : null
    // Each page carries a fresh CSP nonce; everything else must be the same.
    const html = (page ? await page.text() : await res.text()).replace(/nonce="[^"]*"/g, 'nonce=""').replace(/'nonce-[^']*'/g, "'nonce-'")
    return { res, location: res.headers.get('location'), page: html }
  }

  const mailsTo = (address: string) =>
    db.selectFrom('mail_outbox').select(['kind', 'subject', 'text_body', 'user_id']).where('to_address', '=', address).orderBy('created_at').execute()

  test('a new registration, a taken email and a taken IIN get the same answer; nothing changes for the taken ones', async () => {
    const existing = await createUser(db, { locale: 'ru' })
    const before = await db.selectFrom('users').select(['email', 'iin', 'password_hash']).where('id', '=', existing.id).executeTakeFirstOrThrow()
    const fresh = await register(registration())
    const byEmail = await register(registration({ email: existing.email.toUpperCase() }))
    const byIin = await register(registration({ iin: existing.iin }))
    for (const answer of [fresh, byEmail, byIin]) {
      expect(answer.res.status).toBe(302)
      expect(answer.location).toBe(fresh.location)
      expect(sessionSet(answer.res)).toBeNull()
      expect(answer.page).toBe(fresh.page)
    }
    expect(fresh.page).toContain('Поштаңызды тексеріңіз')
    expect(fresh.page).not.toContain('Бұл пошта бұрын тіркелген')
    expect(fresh.page).not.toContain('Бұл ЖСН бұрын тіркелген')
    const account = await db.selectFrom('users').select(['email', 'iin', 'password_hash']).where('id', '=', existing.id).executeTakeFirstOrThrow()
    expect(account).toEqual({ ...before, email: existing.email, iin: existing.iin })
  })

  test('the owner of a taken email or IIN is told by mail, in their language, with the login and reset links', async () => {
    const existing = await createUser(db, { locale: 'ru' })
    await register(registration({ email: existing.email }))
    await register(registration({ iin: existing.iin }))
    const mails = await mailsTo(existing.email)
    expect(mails.map((m) => m.kind)).toEqual(['registration_attempt', 'registration_attempt'])
    for (const mail of mails) {
      expect(mail.user_id).toBe(existing.id)
      expect(mail.text_body).toContain('Кто-то пытался зарегистрироваться')
      expect(mail.text_body).toContain(`${server.url}/login`)
      expect(mail.text_body).toContain(`${server.url}/forgot-password`)
    }
  })

  test('a new teacher confirms by the mailed link, and only then has an account and a session', async () => {
    const fields = registration()
    const before = await db.selectFrom('users').select('id').where('email', '=', fields.email).executeTakeFirst()
    expect(before).toBeUndefined()
    await register(fields, { Cookie: 'orken_lang=en' })
    expect(await db.selectFrom('users').select('id').where('email', '=', fields.email).executeTakeFirst()).toBeUndefined()
    const [mail] = await mailsTo(fields.email)
    expect(mail?.kind).toBe('registration_confirm')
    expect(mail?.text_body).toContain('confirm')
    const link = new RegExp(`${server.url}(/register/confirm/[a-z2-7]{32})`).exec(mail!.text_body)![1]!
    const page = await fetch(server.url + link)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    // Opening the link (a mail scanner does) confirms nothing; the button does.
    expect(await db.selectFrom('users').select('id').where('email', '=', fields.email).executeTakeFirst()).toBeUndefined()
    const confirmed = await post(link, {})
    expect(confirmed.status).toBe(302)
    expect(confirmed.headers.get('location')).toBe('/?welcome=1')
    const session = sessionSet(confirmed)!
    const home = await fetch(server.url + '/?welcome=1', { headers: { Cookie: `${session.name}=${session.value}` } })
    expect(await home.text()).toContain('Welcome, Дана Серікқызы!')
    const user = await db.selectFrom('users').select(['iin', 'locale', 'is_active']).where('email', '=', fields.email).executeTakeFirstOrThrow()
    expect(user).toEqual({ iin: fields.iin, locale: 'en', is_active: 1 })
    // The link works once.
    const again = await post(link, {})
    expect(again.status).toBe(400)
    expect(sessionSet(again)).toBeNull()
  })

  test('registrations from one address are throttled, with a translated answer', async () => {
    const address = freshAddress()
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await post('/register?region=KZ-75', registration(), { ...from(address), Cookie: 'orken_lang=ru' })).status)
    expect(statuses.slice(0, 10).every((s) => s === 302)).toBe(true)
    expect(statuses[10]).toBe(429)
    const refused = await post('/register?region=KZ-75', registration(), { ...from(address), Cookie: 'orken_lang=ru' })
    expect(await refused.text()).toContain('Слишком много попыток регистрации')
  })
})

describe('signed tokens are read strictly (finding 14)', () => {
  test('a certificate token with anything appended to its signature or payload does not verify', async () => {
    const teacher = await createUser(db)
    const versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()).current_version_id!
    const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId }, { regionCode: 'KZ-75', endsOn: '2099-12-31' })
    const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: '2026-06-01' })
    if (!enrolled.ok) throw new Error(enrolled.error)
    await db
      .updateTable('enrolments')
      .set({ status: 'completed', completed_at: new Date(now().getTime() - DAY).toISOString(), lessons_done: 3 })
      .where('id', '=', enrolled.enrolmentId)
      .execute()
    const issued = await issueCertificate(testWork(db), enrolled.enrolmentId)
    if (!issued.ok) throw new Error(issued.error)
    const { token } = await db.selectFrom('certificates').select('token').where('id', '=', issued.certificateId).executeTakeFirstOrThrow()
    const pem = await (await fetch(`${server.url}/certificates/public-key.pem`)).text()
    expect(verifyToken(token, pem).valid).toBe(true)
    const [prefix, payload, signature] = token.split('.')
    const forgeries = [
      `${token}=`,
      `${token}!junk`,
      `${token}A`,
      `${token}AA`,
      `${token}==`,
      `${prefix}.${payload}=.${signature}`,
      `${prefix}.${payload}.${signature}\n`,
      `${prefix}.${payload}.+${signature!.slice(1)}`,
    ]
    for (const forged of forgeries) expect(verifyToken(forged, pem).valid, JSON.stringify(forged)).toBe(false)
    // Refused as malformed, before any signature check.
    for (const forged of forgeries) expect(verifyToken(forged, pem), JSON.stringify(forged)).toEqual({ valid: false, reason: 'malformed' })
  })
})

describe('sessions (finding 16)', () => {
  test('expired sessions (and unconfirmed registrations) are deleted by the periodic clean-up even if never presented again; live ones stay', async () => {
    const user = await createUser(db)
    const stamp = now()
    const expiredId = sessionIdFromToken(`expired-${newId()}`)
    const liveId = sessionIdFromToken(`live-${newId()}`)
    await db
      .insertInto('sessions')
      .values([
        {
          id: expiredId,
          user_id: user.id,
          expires_at: new Date(stamp.getTime() - 1000).toISOString(),
          created_at: new Date(stamp.getTime() - 31 * DAY).toISOString(),
        },
        { id: liveId, user_id: user.id, expires_at: new Date(stamp.getTime() + DAY).toISOString(), created_at: stamp.toISOString() },
      ])
      .execute()
    // A registration nobody confirmed within its 24 hours goes too.
    const unconfirmed = sessionIdFromToken(`registration-${newId()}`)
    await db
      .insertInto('registration_requests')
      .values({
        id: unconfirmed,
        email: `late-${newId()}@test.orken.kz`,
        iin: uniqueIin(),
        full_name: 'Кеш Қалған',
        phone: null,
        region_code: 'KZ-75',
        school_id: 'sch-kz75-1',
        password_hash: 'x',
        locale: 'kk',
        expires_at: new Date(stamp.getTime() - 1000).toISOString(),
        created_at: new Date(stamp.getTime() - DAY - 1000).toISOString(),
      })
      .execute()
    expect((await fetch(`${server.url}/__test/jobs`, { method: 'POST', headers: { Origin: server.url } })).status).toBe(200)
    const left = await db.selectFrom('sessions').select('id').where('id', 'in', [expiredId, liveId]).execute()
    expect(left.map((s) => s.id)).toEqual([liveId])
    expect(await db.selectFrom('registration_requests').select('id').where('id', '=', unconfirmed).executeTakeFirst()).toBeUndefined()
  })

  test('over HTTPS the session cookie is __Host-orken_session (Secure, Path=/, no Domain) and only that name is read', async () => {
    const user = await createUser(db)
    const https = { 'X-Forwarded-Proto': 'https' }
    const res = await logIn(user.email, TEST_PASSWORD, { ...from(freshAddress()), ...https })
    const session = sessionSet(res)!
    expect(session.name).toBe('__Host-orken_session')
    expect(session.attributes).toMatch(/; Secure/)
    expect(session.attributes).toMatch(/; Path=\//)
    expect(session.attributes).not.toMatch(/Domain=/i)
    const withPrefix = await fetch(`${server.url}/account`, { redirect: 'manual', headers: { ...https, Cookie: `__Host-orken_session=${session.value}` } })
    expect(withPrefix.status).toBe(200)
    // A cookie without the prefix could have been set by a neighbouring host: over HTTPS it is not a session.
    const plain = await fetch(`${server.url}/account`, { redirect: 'manual', headers: { ...https, Cookie: `orken_session=${session.value}` } })
    expect(plain.status).toBe(302)
  })

  test('over plain HTTP (development) the cookie keeps its plain name', async () => {
    const user = await createUser(db)
    const res = await logIn(user.email, TEST_PASSWORD, from(freshAddress()))
    expect(sessionSet(res)!.name).toBe('orken_session')
  })
})
