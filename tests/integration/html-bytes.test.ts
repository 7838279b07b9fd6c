import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { openDatabase, type Database } from '#db/client.server.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'

// Long Kazakh and Russian pages, streamed by React, arrive as clean UTF-8:
// React 18's renderer used to leak NUL bytes where a multi-byte character met
// the end of its 2048-byte buffer (see entry.server.tsx).

let server: RunningServer
let db: Database
let admin: FixtureUser
const login = sessionLogin(() => server)

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
  admin = await createUser(db, { roles: ['admin'] })
})
afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

describe('streamed pages', () => {
  test('hold no NUL byte and decode as UTF-8, in Kazakh and Russian', async () => {
    const cookie = await login(admin)
    let bytesSeen = 0
    for (const locale of ['kk', 'ru']) {
      for (const path of ['/', '/courses', '/parents', '/verify', '/admin', '/admin/certificates', '/admin/targets', '/admin/events/new', '/admin/cohorts']) {
        const res = await fetch(server.url + path, { headers: { Cookie: `${cookie}; orken_lang=${locale}` } })
        expect(res.status, path).toBe(200)
        const bytes = new Uint8Array(await res.arrayBuffer())
        bytesSeen += bytes.length
        expect(bytes.indexOf(0), `${locale} ${path}`).toBe(-1)
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), `${locale} ${path}`).not.toThrow()
      }
    }
    // Enough text to cross many 2048-byte buffers.
    expect(bytesSeen).toBeGreaterThan(100 * 2048)
  })
})
