import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'

// The targets page over real HTTP against the built server, with the plain
// form posts a browser without JavaScript sends. The server seeds the targets
// at start-up (prepareDatabase), as in production.

const PAGE = '/admin/targets'

let server: RunningServer
let db: Database
let admin: FixtureUser
let regionalAdmin: FixtureUser
const login = sessionLogin(() => server)

async function get(path: string, user: FixtureUser | null) {
  return fetch(server.url + path, { redirect: 'manual', headers: user ? { Cookie: await login(user) } : {} })
}

async function post(path: string, user: FixtureUser | null, fields: Record<string, string>) {
  return fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...(user ? { Cookie: await login(user) } : {}) },
    body: new URLSearchParams(fields).toString(),
  })
}

async function target(metric: string, year: number) {
  const row = await db.selectFrom('metric_targets').select(['value', 'updated_by']).where('metric', '=', metric).where('year', '=', year).executeTakeFirst()
  return row ?? null
}

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'] })
  regionalAdmin = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('who may see and change the targets', () => {
  test('an admin sees the seeded table with a labelled field per cell', async () => {
    const res = await get(PAGE, admin)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Стратегияның мақсатты көрсеткіштері')
    expect(html).toContain('Сайтқа тіркелген пайдаланушылар саны, 2027 жыл')
    expect(html).toMatch(/name="value"[^>]*value="12000000"|value="12000000"[^>]*name="value"/)
    expect(html).toContain('href="/admin/targets"')
  })

  test('a regional admin gets 403 on GET and POST and changes nothing', async () => {
    expect((await get(PAGE, regionalAdmin)).status).toBe(403)
    const res = await post(PAGE, regionalAdmin, { intent: 'set', metric: 'approved_programs', year: '2025', value: '99' })
    expect(res.status).toBe(403)
    expect((await post(PAGE, regionalAdmin, { intent: 'add-year', year: '2028' })).status).toBe(403)
    expect(await target('approved_programs', 2025)).toEqual({ value: 2, updated_by: null })
    expect(await target('approved_programs', 2028)).toBeNull()
    // Their admin menu does not offer the page either.
    expect(await (await get('/admin', regionalAdmin)).text()).not.toContain('href="/admin/targets"')
  })

  test('a visitor is sent to the login page', async () => {
    const res = await get(PAGE, null)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent(PAGE)}`)
    const posted = await post(PAGE, null, { intent: 'set', metric: 'approved_programs', year: '2025', value: '99' })
    expect(posted.status).toBe(302)
    expect(posted.headers.get('location')).toContain('/login?redirectTo=')
    expect(await target('approved_programs', 2025)).toEqual({ value: 2, updated_by: null })
  })
})

describe('editing with plain forms', () => {
  test('an admin changes a cell and sees the new value and a notice', async () => {
    const res = await post(PAGE, admin, { intent: 'set', metric: 'teachers_in_events', year: '2026', value: '11000' })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toBe(`${PAGE}?saved=teachers_in_events:2026#target-teachers_in_events-2026`)
    expect(await target('teachers_in_events', 2026)).toEqual({ value: 11_000, updated_by: admin.id })
    const html = await (await get(location.split('#')[0]!, admin)).text()
    expect(html).toMatch(/value="11000"/)
    expect(html).toContain('Сақталды:')
    const audit = await db.selectFrom('audit_log').select(['details', 'actor_user_id']).where('action', '=', 'target.set').execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]!.details)).toEqual({ metric: 'teachers_in_events', year: 2026, old: 10_600, new: 11_000 })
  })

  test('a negative value is refused with 400 and the Kazakh message beside the cell, and nothing changes', async () => {
    const res = await post(PAGE, admin, { intent: 'set', metric: 'teachers_trained', year: '2025', value: '-5' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Мақсатты мән 0-ден 1 000 000 000-ға дейінгі бүтін сан болуы керек.')
    expect(html).toContain('id="target-teachers_trained-2025-value-error"')
    expect(await target('teachers_trained', 2025)).toEqual({ value: 17_450, updated_by: null })
  })

  test('a value that is not a whole number, or an unknown indicator, is refused and nothing changes', async () => {
    expect((await post(PAGE, admin, { intent: 'set', metric: 'teachers_trained', year: '2025', value: 'көп' })).status).toBe(400)
    expect((await post(PAGE, admin, { intent: 'set', metric: 'teachers_trained', year: '2025', value: '2.5' })).status).toBe(400)
    const unknown = await post(PAGE, admin, { intent: 'set', metric: 'happy_children', year: '2025', value: '5' })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('Мұндай көрсеткіш жоқ.')
    expect(await target('teachers_trained', 2025)).toEqual({ value: 17_450, updated_by: null })
    expect(await target('happy_children', 2025)).toBeNull()
  })

  test('an admin adds the next year; a year that skips one is refused', async () => {
    const skipped = await post(PAGE, admin, { intent: 'add-year', year: '2030' })
    expect(skipped.status).toBe(400)
    expect(await skipped.text()).toContain('Жылдар ретімен ғана қосылады')
    const added = await post(PAGE, admin, { intent: 'add-year', year: '2028' })
    expect(added.status).toBe(302)
    expect(added.headers.get('location')).toBe(`${PAGE}?added=2028`)
    expect(await target('registered_site_users', 2028)).toEqual({ value: 55_000, updated_by: admin.id })
    const html = await (await get(`${PAGE}?added=2028`, admin)).text()
    expect(html).toContain('2028 жыл қосылды')
    expect(html).toContain('Сайтқа тіркелген пайдаланушылар саны, 2028 жыл')
  })
})
