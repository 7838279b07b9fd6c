import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { createUser, TEST_PASSWORD, uniqueIin } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'

// The app over real HTTP, as a browser without JavaScript uses it: plain form
// posts, cookies and redirects.

let server: RunningServer
let db: Database

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...headers },
    body: new URLSearchParams(fields).toString(),
  })
}

/** The value a browser keeps: the last Set-Cookie for that name wins. */
function cookieFrom(res: Response, name: string): string | null {
  let value: string | null = null
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';')
    const [k, v] = pair!.split('=')
    if (k === name) value = v ?? ''
  }
  return value
}

const registration = (overrides: Record<string, string> = {}) => ({
  regionCode: 'KZ-75',
  schoolId: 'sch-kz75-1',
  iin: uniqueIin(),
  fullName: 'Дана Серікқызы',
  email: `dana-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@test.orken.kz`,
  phone: '',
  password: 'a-long-password-1',
  passwordConfirm: 'a-long-password-1',
  ...overrides,
})

async function userCount() {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('health', () => {
  test('GET /healthz checks the database and answers JSON', async () => {
    const res = await fetch(`${server.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' })
  })
})

describe('registration without JavaScript', () => {
  test('a valid form mails a confirmation link; the link creates the teacher and logs them in with a safe cookie', async () => {
    const form = registration()
    const res = await post(`/register?region=KZ-75`, form)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/register/sent')
    expect(cookieFrom(res, 'orken_session')).toBeNull()
    const mail = await db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', form.email).executeTakeFirstOrThrow()
    const link = /\/register\/confirm\/[a-z2-7]{32}/.exec(mail.text_body)![0]
    const confirmed = await post(link, {})
    expect(confirmed.status).toBe(302)
    const cookie = confirmed.headers.getSetCookie().find((c) => c.startsWith('orken_session='))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const home = await fetch(server.url + '/', { headers: { Cookie: `orken_session=${cookieFrom(confirmed, 'orken_session')}` } })
    expect(await home.text()).toContain('Менің оқуым')
    const user = await db.selectFrom('users').select(['iin', 'locale']).where('email', '=', form.email).executeTakeFirst()
    expect(user).toEqual({ iin: form.iin, locale: 'kk' })
  })

  test.each([
    ['a short IIN', { iin: '12345' }, 'ЖСН 12 цифрдан тұрады.'],
    ['a wrong check digit', { iin: '900514400127' }, 'бақылау саны сәйкес келмейді'],
    ['an impossible birth date', { iin: '901314400120' }, 'нақты күн емес'],
    ['a short password', { password: 'short', passwordConfirm: 'short' }, 'кемінде 10 таңба'],
    ['an over-long name', { fullName: 'Ә'.repeat(200) }, 'Тым ұзын мән.'],
    ['a school of another region', { schoolId: 'sch-kz10-1' }, 'Таңдалған өңірдегі мектепті'],
  ])('%s is refused with a Kazakh message and nothing is written', async (_name, override, message) => {
    const before = await userCount()
    const res = await post(`/register?region=KZ-75`, registration(override))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain(message)
    expect(await userCount()).toBe(before)
  })

  test('the error is in Russian when the reader chose Russian', async () => {
    const res = await post(`/register?region=KZ-75`, registration({ iin: '900514400127' }), { Cookie: 'orken_lang=ru' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('<html lang="ru"')
    expect(html).toContain('контрольный разряд не совпадает')
  })

  test('an email or IIN already registered gets the answer a new one gets, and nothing is written', async () => {
    const existing = await createUser(db)
    const before = await userCount()
    for (const taken of [{ email: existing.email.toUpperCase() }, { iin: existing.iin }] as Record<string, string>[]) {
      const res = await post(`/register?region=KZ-75`, registration(taken))
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe('/register/sent')
    }
    expect(await userCount()).toBe(before)
  })

  test('a forged cross-site post is refused with 403 and nothing is written', async () => {
    const before = await userCount()
    const forged = await post(`/register?region=KZ-75`, registration(), { Origin: 'https://evil.example' })
    expect(forged.status).toBe(403)
    const noOrigin = await fetch(server.url + '/register', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(registration()).toString(),
    })
    expect(noOrigin.status).toBe(403)
    expect(await userCount()).toBe(before)
  })
})

describe('login, sessions and authorization', () => {
  test('logs in by IIN with a new session token, never a token the browser brought', async () => {
    const user = await createUser(db)
    const planted = 'a'.repeat(32)
    const res = await post('/login', { login: user.iin, password: TEST_PASSWORD }, { Cookie: `orken_session=${planted}` })
    expect(res.status).toBe(302)
    const token = cookieFrom(res, 'orken_session')
    expect(token).toMatch(/^[a-z2-7]{32}$/)
    expect(token).not.toBe(planted)
    const sessions = await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()
    expect(sessions).toHaveLength(1)
    expect(sessions[0]!.id).not.toContain(token!)
  })

  test('a wrong password says so in the chosen language', async () => {
    const user = await createUser(db)
    const res = await post('/login', { login: user.email, password: 'not-the-password' }, { Cookie: 'orken_lang=en' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('The login or password is wrong.')
  })

  test('repeated failures lock the account for a while, even with the right password', async () => {
    const user = await createUser(db)
    for (let i = 0; i < 5; i++) expect((await post('/login', { login: user.email, password: 'wrong-password-x' })).status).toBe(400)
    const locked = await post('/login', { login: user.email, password: TEST_PASSWORD })
    expect(locked.status).toBe(429)
    expect(await locked.text()).toMatch(/Сәтсіз әрекеттер тым көп\. \d+ минуттан/)
  })

  test('a teacher gets 403 on admin pages; a guest is sent to log in', async () => {
    const user = await createUser(db)
    const login = await post('/login', { login: user.email, password: TEST_PASSWORD })
    const cookie = `orken_session=${cookieFrom(login, 'orken_session')}`
    const admin = await fetch(server.url + '/admin/users', { headers: { Cookie: cookie } })
    expect(admin.status).toBe(403)
    expect(await admin.text()).toContain('Бұл бетті көруге құқығыңыз жоқ')
    const grant = await post('/admin/users/' + user.id, { intent: 'grant', role: 'admin' }, { Cookie: cookie })
    expect(grant.status).toBe(403)
    const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()
    expect(roles.map((r) => r.role)).toEqual(['teacher'])
    const guest = await fetch(server.url + '/admin', { redirect: 'manual' })
    expect(guest.status).toBe(302)
    expect(guest.headers.get('location')).toBe('/login?redirectTo=%2Fadmin')
  })

  test('logging out ends the session on the server', async () => {
    const user = await createUser(db)
    const login = await post('/login', { login: user.email, password: TEST_PASSWORD })
    const cookie = `orken_session=${cookieFrom(login, 'orken_session')}`
    const out = await post('/logout', {}, { Cookie: cookie })
    expect(out.status).toBe(302)
    expect(await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0)
    const after = await fetch(server.url + '/account', { headers: { Cookie: cookie }, redirect: 'manual' })
    expect(after.status).toBe(302)
  })
})

describe('languages', () => {
  test('the switcher remembers the language in a cookie and on the account', async () => {
    const user = await createUser(db)
    const login = await post('/login', { login: user.email, password: TEST_PASSWORD })
    const session = `orken_session=${cookieFrom(login, 'orken_session')}`
    const res = await post('/set-locale', { locale: 'ru', redirectTo: '/account' }, { Cookie: session })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/account')
    expect(cookieFrom(res, 'orken_lang')).toBe('ru')
    const row = await db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(row.locale).toBe('ru')
    // A new device with no language cookie reads the account's language.
    const page = await fetch(server.url + '/account', { headers: { Cookie: session } })
    expect(await page.text()).toContain('<html lang="ru"')
  })

  test('an unknown language is refused', async () => {
    const res = await post('/set-locale', { locale: 'de', redirectTo: '/' })
    expect(res.status).toBe(400)
  })

  test('a missing page is a 404 in the reader’s language', async () => {
    const res = await fetch(server.url + '/no-such-page', { headers: { Cookie: 'orken_lang=en' } })
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Page not found')
  })

  test('the browser gets one language’s dictionary, cacheable by version', async () => {
    const home = await (await fetch(server.url + '/')).text()
    const href = /<meta name="orken-i18n" content="([^"]+)"/.exec(home)?.[1]
    expect(href).toMatch(/^\/i18n\/kk\?v=[0-9a-f]{12}$/)
    const res = await fetch(server.url + href!.replace(/&amp;/g, '&'))
    expect(res.headers.get('cache-control')).toContain('immutable')
    const dictionary = (await res.json()) as Record<string, string>
    expect(dictionary['nav.login']).toBe('Кіру')
  })
})
