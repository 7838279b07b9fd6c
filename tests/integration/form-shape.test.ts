import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { fieldNamesRefusal, MAX_ARRAY_PLACES, MAX_FIELD_DEPTH, MAX_FIELD_INDEX, MAX_FIELD_NAME_LENGTH, MAX_FORM_FIELDS } from '#app/http/submission.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'

// Forms whose field names make Conform build far more than was sent (ADR 016):
// every index within 999 but nested, so the arrays multiply (58,000 fields of
// x[i][j][999] took 35 s and 0.7 GB); names nested thousands deep (a 500 from
// a RangeError); tens of thousands of fields; an intent of Conform's own that
// names a huge index. Each is refused with a short translated 400 that sends
// nothing back, and nobody is logged in; ordinary forms still work.

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

const post = (path: string, body: string) =>
  fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, Cookie: 'orken_lang=en' },
    body,
  })

const encode = (fields: [string, string][]) => new URLSearchParams(fields).toString()
const loggedIn = (res: Response) => res.headers.getSetCookie().some((c) => c.startsWith('orken_session=') && !c.startsWith('orken_session=;'))

/** Fields whose indices are each within 999 but whose arrays multiply: x[i][j][999]. */
function nestedArrays(count: number): [string, string][] {
  return Array.from({ length: count }, (_, k) => [`x[${Math.floor(k / 1000)}][${k % 1000}][999]`, '1'])
}

describe('fieldNamesRefusal', () => {
  test('draws each line where its constant says', () => {
    const plain = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`)
    expect(fieldNamesRefusal(plain(MAX_FORM_FIELDS))).toBeNull()
    expect(fieldNamesRefusal(plain(MAX_FORM_FIELDS + 1))).toBe('fields')
    expect(fieldNamesRefusal(['n'.repeat(MAX_FIELD_NAME_LENGTH)])).toBeNull()
    expect(fieldNamesRefusal(['n'.repeat(MAX_FIELD_NAME_LENGTH + 1)])).toBe('name')
    expect(fieldNamesRefusal(['a' + '.b'.repeat(MAX_FIELD_DEPTH - 1)])).toBeNull()
    expect(fieldNamesRefusal(['a' + '[0]'.repeat(MAX_FIELD_DEPTH)])).toBe('depth')
    expect(fieldNamesRefusal([`a[${MAX_FIELD_INDEX}]`])).toBeNull()
    expect(fieldNamesRefusal([`a[${MAX_FIELD_INDEX + 1}]`])).toBe('index')
    // Arrays of 1,000, 999 and 1 places are 2,000; one more place in any of them is too many.
    const almost = [`a[${MAX_FIELD_INDEX}]`, `b[${MAX_ARRAY_PLACES - MAX_FIELD_INDEX - 3}]`, 'c[0]']
    expect(fieldNamesRefusal(almost)).toBeNull()
    expect(fieldNamesRefusal([...almost, 'c[]'])).toBe('places')
    expect(fieldNamesRefusal(['x[0][0][999]', 'x[0][1][999]'])).toBe('places')
    expect(fieldNamesRefusal(['a[]', 'a[]', 'a[]'])).toBeNull()
  })

  test('takes the names the app’s forms write, and refuses what Conform would not read as one', () => {
    expect(fieldNamesRefusal(['login', 'participantIds', 'participantIds', 'checklist.climate.answer', 'answer.q-1', 'source_kk', 'a[0].b'])).toBeNull()
    for (const odd of ['', 'a..b', '.a', 'a.', 'a]', 'a[x]', '__intent__', '__state__']) expect(fieldNamesRefusal([odd]), odd).toBe('name')
  })
})

describe('crafted form shapes', () => {
  const crafted: [string, [string, string][]][] = [
    ['arrays nested within the index limit', nestedArrays(3000)],
    ['a name nested 10,000 deep', [['x' + '[0]'.repeat(10_000), '1']]],
    ['a name nested 10,000 deep with dots', [['x' + '.a'.repeat(10_000), '1']]],
    ['20,000 fields', Array.from({ length: 20_000 }, (_, i) => [`f${i}`, '1'] as [string, string])],
    ['20,000 values of one field', Array.from({ length: 20_000 }, () => ['f', '1'] as [string, string])],
    ['a field name of 5,000 characters', [['n'.repeat(5000), '1']]],
    ['an intent of Conform’s own naming a huge index', [['__intent__', JSON.stringify({ type: 'update', payload: { name: 'x[3000000]', value: '1' } })]]],
  ]

  for (const [what, extra] of crafted) {
    test(`${what}: a short translated 400 on every public form, nothing sent back`, async () => {
      for (const path of ['/login', '/register', '/forgot-password']) {
        const started = performance.now()
        const res = await post(path, encode([['login', 'a@b.kz'], ['email', 'a@b.kz'], ['password', 'secret-password'], ...extra]))
        const body = await res.text()
        expect(res.status, path).toBe(400)
        expect(body, path).toContain('The form’s field names were not recognised')
        // The refused fields are not echoed: the page is the ordinary error page.
        expect(body, path).not.toContain('a@b.kz')
        expect(body.length, path).toBeLessThan(100_000)
        expect(performance.now() - started, path).toBeLessThan(5_000)
      }
    })
  }

  test('the right password with a crafted shape logs nobody in; the same login with a form at the limits does', async () => {
    const teacher = await createUser(db, { roles: ['teacher'] })
    const login: [string, string][] = [
      ['login', teacher.email],
      ['password', teacher.password],
    ]
    const refused = await post('/login', encode([...login, ...nestedArrays(2000)]))
    expect(refused.status).toBe(400)
    expect(loggedIn(refused)).toBe(false)

    // 998 more fields (1,000 in all), a name four deep, a sparse array of 1,000 places.
    const atLimits: [string, string][] = [
      ...login,
      ['a.b[1].c', '1'],
      [`y[999]`, '1'],
      ...Array.from({ length: 996 }, (_, i) => [`f${i}`, '1'] as [string, string]),
    ]
    const accepted = await post('/login', encode(atLimits))
    expect(accepted.status).toBe(302)
    expect(loggedIn(accepted)).toBe(true)
  })

  test('the app’s data request for a refused form is as short', async () => {
    const res = await post('/login.data', encode([['login', 'a@b.kz'], ...nestedArrays(3000)]))
    expect(res.status).toBe(400)
    const body = await res.text()
    expect(body.length).toBeLessThan(10_000)
    expect(body).not.toContain('a@b.kz')
  })
})
