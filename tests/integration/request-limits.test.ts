import http from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { fieldNamesRefusal, MAX_FIELD_INDEX } from '#app/http/submission.server.ts'
import {
  bodyRefusal,
  MAX_FORM_BYTES,
  MAX_MANIFEST_PARTS,
  MAX_MULTIPART_BYTES,
  MAX_PATH_LENGTH,
  MAX_PATH_SEGMENTS,
  pathRefusal,
} from '#server/request-limits.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'

// Crafted requests that once cost the server seconds or hundreds of megabytes
// (ADR 016): paths of thousands of segments, refused before Remix's route
// matching; bodies too large or of no stated length, refused before an action
// reads them; form fields named with huge array indices, refused before
// Conform builds the array. The app's own addresses and forms still work.

let server: RunningServer
let db: Database
const login = sessionLogin(() => server)

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

const deep = (segments: number) => '/' + Array.from({ length: segments }, () => 'a').join('/')
const get = (path: string) => fetch(server.url + path, { redirect: 'manual', headers: { Cookie: 'orken_lang=en' } })

describe('pathRefusal', () => {
  test('draws the lines where the constants say', () => {
    expect(pathRefusal(deep(MAX_PATH_SEGMENTS), '')).toBeNull()
    expect(pathRefusal(deep(MAX_PATH_SEGMENTS + 1), '')).toEqual({ status: 414 })
    expect(pathRefusal('/' + 'x'.repeat(MAX_PATH_LENGTH - 1), '')).toBeNull()
    expect(pathRefusal('/' + 'x'.repeat(MAX_PATH_LENGTH), '')).toEqual({ status: 414 })
    expect(pathRefusal('/__manifest', `p=${encodeURIComponent(deep(MAX_PATH_SEGMENTS + 1))}&version=1`)).toEqual({ status: 400 })
    const many = (count: number, segments: number) => Array.from({ length: count }, () => `p=${deep(segments)}`).join('&')
    expect(pathRefusal('/__manifest', many(MAX_MANIFEST_PARTS / 20, 20))).toBeNull()
    expect(pathRefusal('/__manifest', many(MAX_MANIFEST_PARTS / 20 + 1, 20))).toEqual({ status: 400 })
  })
})

describe('the server', () => {
  test('a path of thousands of segments is refused at once with 414, in three languages, with the security headers', async () => {
    for (const path of [deep(3700), deep(MAX_PATH_SEGMENTS + 1), '/courses/' + 'x'.repeat(MAX_PATH_LENGTH)]) {
      const res = await get(path)
      expect(res.status, path.slice(0, 40)).toBe(414)
      const body = await res.text()
      expect(body).toContain('Бет мекенжайы тым ұзын')
      expect(body).toContain('Адрес страницы слишком длинный')
      expect(body).toContain('The page address is too long')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })

  test('a deep path within the limit is still the app’s own 404 page', async () => {
    const res = await get(deep(MAX_PATH_SEGMENTS))
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Page not found')
  })

  test('the manifest answers the paths a page links to, and refuses a crafted path or too many parts', async () => {
    const home = await (await get('/')).text()
    const version = /\/assets\/manifest-([0-9a-f]+)\.js/.exec(home)?.[1]
    expect(version, 'the manifest module in the home page').toBeDefined()
    const manifest = (query: string) => get(`/__manifest?${query}&version=${version}`)

    const links = await manifest('p=%2Fcourses&p=%2Flogin&p=%2Fverify')
    expect(links.status).toBe(200)
    const patches = (await links.json()) as Record<string, { path?: string }>
    expect(Object.values(patches).map((r) => r.path)).toEqual(expect.arrayContaining(['courses', 'login']))

    // As sent by an attacker: raw slashes keep the URL under Remix's own 7,680-character limit.
    expect((await manifest(`p=${deep(3700)}`)).status).toBe(400)
    expect((await manifest(`p=${encodeURIComponent(deep(MAX_PATH_SEGMENTS + 1))}`)).status).toBe(400)
    const tooMany = Array.from({ length: MAX_MANIFEST_PARTS / 20 + 1 }, () => `p=${deep(20)}`).join('&')
    expect((await manifest(tooMany)).status).toBe(400)
  })
})

describe('form field names with huge indices', () => {
  const HUGE = 'x[10000000]'
  const post = (path: string, fields: [string, string][], cookie?: string) =>
    fetch(server.url + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: ['orken_lang=en', cookie].filter(Boolean).join('; ') },
      body: new URLSearchParams(fields).toString(),
    })

  test('fieldNamesRefusal draws the line at the constant', () => {
    expect(fieldNamesRefusal([`a[${MAX_FIELD_INDEX}]`, 'b.c', 'd[0].e'])).toBeNull()
    expect(fieldNamesRefusal(['a', `rows[1].cells[${MAX_FIELD_INDEX + 1}]`])).toBe('index')
  })

  test('every public form refuses them with a short translated 400, for a page and for the app’s data request', async () => {
    for (const path of ['/login', '/register', '/forgot-password', '/reset-password/no-such-token']) {
      const res = await post(path, [
        ['login', 'a@b.kz'],
        ['email', 'a@b.kz'],
        ['password', 'x'],
        [HUGE, '1'],
      ])
      const body = await res.text()
      expect(res.status, path).toBe(400)
      expect(body.length, path).toBeLessThan(100_000)
      expect(body, path).toContain('The form’s field names were not recognised')
      const data = await post(`${path}.data`, [
        ['login', 'a@b.kz'],
        [HUGE, '1'],
      ])
      expect(data.status, `${path}.data`).toBe(400)
      expect((await data.text()).length).toBeLessThan(10_000)
    }
  })

  test('the right password with such a field logs nobody in; without it, the same post does', async () => {
    const teacher = await createUser(db, { roles: ['teacher'] })
    const refused = await post('/login', [
      ['login', teacher.email],
      ['password', teacher.password],
      [HUGE, '1'],
    ])
    expect(refused.status).toBe(400)
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('orken_session=') && !c.startsWith('orken_session=;'))).toBe(false)
    const accepted = await post('/login', [
      ['login', teacher.email],
      ['password', teacher.password],
      [`x[${MAX_FIELD_INDEX}]`, '1'],
    ])
    expect(accepted.status).toBe(302)
  })

  test('an admin’s target edit with such a field changes nothing; the same edit without it is saved', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    const cookie = await login(admin)
    const stored = () =>
      db.selectFrom('metric_targets').select('value').where('metric', '=', 'teachers_trained').where('year', '=', 2026).executeTakeFirstOrThrow()
    const before = (await stored()).value
    const edit: [string, string][] = [
      ['intent', 'set'],
      ['metric', 'teachers_trained'],
      ['year', '2026'],
      ['value', String(before + 7)],
    ]
    const refused = await post('/admin/targets', [...edit, [HUGE, '1']], cookie)
    expect(refused.status).toBe(400)
    expect((await stored()).value).toBe(before)
    expect((await post('/admin/targets', edit, cookie)).status).toBe(302)
    expect((await stored()).value).toBe(before + 7)
  })
})

describe('request bodies', () => {
  /** Sends only the headers (and `bytes` of body) and returns the status, without waiting to send the rest. */
  function postHeadersOnly(path: string, headers: Record<string, string>, bytes = 0): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(server.url + path, { method: 'POST', headers: { Origin: server.url, ...headers } }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.write(Buffer.alloc(bytes, 'a'))
    })
  }

  test('bodyRefusal: forms to 1 MiB, multipart to 64 MiB, a length required, reads left alone', () => {
    const form = 'application/x-www-form-urlencoded'
    expect(bodyRefusal('POST', form, String(MAX_FORM_BYTES), false)).toBeNull()
    expect(bodyRefusal('POST', form, String(MAX_FORM_BYTES + 1), false)).toEqual({ status: 413 })
    expect(bodyRefusal('POST', 'multipart/form-data; boundary=x', String(MAX_MULTIPART_BYTES), false)).toBeNull()
    expect(bodyRefusal('POST', 'multipart/form-data; boundary=x', String(MAX_MULTIPART_BYTES + 1), false)).toEqual({ status: 413 })
    expect(bodyRefusal('POST', form, undefined, true)).toEqual({ status: 411 })
    expect(bodyRefusal('POST', undefined, undefined, false)).toBeNull()
    expect(bodyRefusal('GET', form, String(10 * MAX_MULTIPART_BYTES), false)).toBeNull()
  })

  test('a form over 1 MiB is refused with 413 in three languages and logs nobody in; the same form without the padding does', async () => {
    const teacher = await createUser(db, { roles: ['teacher'] })
    const fields = { login: teacher.email, password: teacher.password }
    const padded = new URLSearchParams({ ...fields, note: 'a'.repeat(MAX_FORM_BYTES) }).toString()
    const refused = await fetch(server.url + '/login', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: padded,
    })
    expect(refused.status).toBe(413)
    const body = await refused.text()
    expect(body).toContain('Жіберілген деректер тым үлкен')
    expect(body).toContain('Отправленные данные слишком велики')
    expect(body).toContain('What was sent is too large')
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('orken_session=') && !c.startsWith('orken_session=;'))).toBe(false)
    const accepted = await fetch(server.url + '/login', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams(fields).toString(),
    })
    expect(accepted.status).toBe(302)
  })

  test('the answer comes from the headers alone: a multipart post announcing 65 MiB is refused before its body is sent', async () => {
    const res = await postHeadersOnly(
      '/admin/import',
      { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(MAX_MULTIPART_BYTES + 1024 * 1024) },
      1024,
    )
    expect(res.status).toBe(413)
    expect(res.body).toContain('What was sent is too large')
  })

  test('a body of no stated length (chunked) is refused with 411', async () => {
    const res = await postHeadersOnly('/login', { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' })
    expect(res.status).toBe(411)
    expect(res.body).toContain('The request did not give its length')
  })
})
