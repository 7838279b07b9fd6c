import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { REMINDER_KIND, unsubscribeToken } from '#app/modules/mail/unsubscribe.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'

// One-click unsubscribe (RFC 8058) over real HTTP: a mail client POSTs
// `List-Unsubscribe=One-Click` to the link with no Origin of ours. Exactly
// that path and body pass the Origin check; the token still decides; any
// other cross-site POST is refused as before.

let server: RunningServer
let db: Database

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
}, 60_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

const ONE_CLICK = 'List-Unsubscribe=One-Click'

function post(path: string, body: string | FormData, headers: Record<string, string> = {}) {
  const typed: Record<string, string> = typeof body === 'string' ? { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } : headers
  return fetch(server.url + path, { method: 'POST', redirect: 'manual', headers: typed, body })
}

async function teacherWithLink() {
  const teacher = await createUser(db)
  return { teacher, token: await unsubscribeToken(db, teacher.id, REMINDER_KIND) }
}

const preferences = (userId: string) => db.selectFrom('mail_preferences').selectAll().where('user_id', '=', userId).execute()

describe('one-click unsubscribe', () => {
  test("a form-encoded one-click POST with no Origin unsubscribes the token's holder, audited as them", async () => {
    const { teacher, token } = await teacherWithLink()
    const res = await post(`/unsubscribe/${token}`, ONE_CLICK)
    expect(res.status).toBe(200)
    expect(await preferences(teacher.id)).toEqual([expect.objectContaining({ user_id: teacher.id, kind: REMINDER_KIND })])
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'user.mail_unsubscribe').where('target_id', '=', teacher.id).execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor_user_id).toBe(teacher.id)
    // Twice is harmless.
    expect((await post(`/unsubscribe/${token}`, ONE_CLICK)).status).toBe(200)
    expect(await preferences(teacher.id)).toHaveLength(1)
  })

  test("as multipart/form-data (what RFC 8058 prefers), from another site's Origin, it works too", async () => {
    const { teacher, token } = await teacherWithLink()
    const form = new FormData()
    form.set('List-Unsubscribe', 'One-Click')
    const res = await post(`/unsubscribe/${token}`, form, { Origin: 'https://mail.example.com' })
    expect(res.status).toBe(200)
    expect(await preferences(teacher.id)).toHaveLength(1)
  })

  test('a forged or altered token is 404 and changes nothing', async () => {
    const { teacher, token } = await teacherWithLink()
    const altered = token.slice(0, -2) + (token.endsWith('aa') ? 'bb' : 'aa')
    expect((await post(`/unsubscribe/${altered}`, ONE_CLICK)).status).toBe(404)
    const other = await createUser(db)
    expect((await post(`/unsubscribe/${other.id}.${REMINDER_KIND}.${'x'.repeat(32)}`, ONE_CLICK)).status).toBe(404)
    expect(await preferences(teacher.id)).toHaveLength(0)
    expect(await preferences(other.id)).toHaveLength(0)
  })

  test('any other cross-site POST is still refused: another body on that path, that body on another path', async () => {
    const { teacher, token } = await teacherWithLink()
    for (const body of ['', 'List-Unsubscribe=One-Click&also=1', 'List-Unsubscribe=Yes', 'x'.repeat(2000)]) {
      expect((await post(`/unsubscribe/${token}`, body)).status, body.slice(0, 40)).toBe(403)
    }
    expect((await post(`/unsubscribe/${token}`, ONE_CLICK, { 'Content-Type': 'text/plain' })).status).toBe(403)
    expect((await post(`/unsubscribe/${token}`, ONE_CLICK, { Origin: 'https://evil.example', 'Content-Type': 'application/json' })).status).toBe(403)
    expect(await preferences(teacher.id)).toHaveLength(0)

    const login = await post('/login', ONE_CLICK, { Origin: 'https://evil.example' })
    expect(login.status).toBe(403)
    const elsewhere = await post(`/unsubscribe/${token}/more`, ONE_CLICK)
    expect(elsewhere.status).toBe(403)
  })

  test('the page in the mail still asks first, and its own button (same origin) unsubscribes', async () => {
    const { teacher, token } = await teacherWithLink()
    const page = await fetch(`${server.url}/unsubscribe/${token}`)
    expect(page.status).toBe(200)
    expect(await preferences(teacher.id)).toHaveLength(0)
    const res = await post(`/unsubscribe/${token}`, '', { Origin: server.url })
    expect(res.status).toBe(200)
    expect(await preferences(teacher.id)).toHaveLength(1)
  })
})
