import http from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'

// Every absolute link the app writes comes from PUBLIC_ORIGIN, never from the
// Host or Origin a request names (security review, finding 1: a reset link
// poisoned with `Host: attacker.example`). The requests are sent with
// node:http so that the Host header is exactly what a curl would send.

const PUBLIC_ORIGIN = 'https://academy.orken.test'
const ATTACKER = 'http://attacker.example'

interface Reply {
  status: number
  body: string
}

/** A POST of a form with exactly these headers (Host included), as curl sends it. */
function rawPost(server: RunningServer, path: string, fields: Record<string, string>, headers: Record<string, string>): Promise<Reply> {
  return rawRequest(server, 'POST', path, headers, new URLSearchParams(fields).toString())
}

function rawRequest(server: RunningServer, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Reply> {
  const { port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function resetMails(db: Database, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('mail_outbox').select('text_body').where('user_id', '=', userId).where('kind', '=', 'password_reset').execute()
  return rows.map((r) => r.text_body)
}

const resetLinks = (mail: string) => mail.match(/\S+\/reset-password\/[a-z2-7]+/g) ?? []

describe('outside production: links from PUBLIC_ORIGIN, posts only from it or the address the server was reached on', () => {
  let server: RunningServer
  let db: Database

  beforeAll(async () => {
    server = await startServer({ PUBLIC_ORIGIN })
    db = openDatabase(server.dbFile)
  }, 30_000)

  afterAll(async () => {
    await db?.destroy()
    await server?.stop()
  })

  test('the curl of the report (forged Host and a matching Origin) is refused with 403 and writes no mail', async () => {
    const user = await createUser(db)
    const res = await rawPost(server, '/forgot-password', { email: user.email }, { Host: 'attacker.example', Origin: ATTACKER })
    expect(res.status).toBe(403)
    expect(res.body).toContain('Сұрау басқа сайттан жіберілген')
    expect(await resetMails(db, user.id)).toEqual([])
  })

  test('a genuine request for a reset link: the mail links to PUBLIC_ORIGIN, not to the address the request came to', async () => {
    const user = await createUser(db)
    const res = await rawPost(server, '/forgot-password', { email: user.email }, { Origin: server.url })
    expect(res.status).toBe(200)
    const mails = await resetMails(db, user.id)
    expect(mails).toHaveLength(1)
    const links = resetLinks(mails[0]!)
    expect(links).toHaveLength(1)
    expect(links[0]).toMatch(new RegExp(`^${PUBLIC_ORIGIN.replace(/\./g, '\\.')}/reset-password/[a-z2-7]{32}$`))
  })

  test('a browser on the public site (its Host and Origin) is served too, and the link keeps the public scheme', async () => {
    const user = await createUser(db)
    const res = await rawPost(server, '/forgot-password', { email: user.email }, { Host: new URL(PUBLIC_ORIGIN).host, Origin: PUBLIC_ORIGIN })
    expect(res.status).toBe(200)
    const mails = await resetMails(db, user.id)
    expect(mails).toHaveLength(1)
    // The server is reached over plain HTTP here, as behind a TLS proxy: the link is still https.
    expect(resetLinks(mails[0]!)[0]).toMatch(new RegExp(`^${PUBLIC_ORIGIN.replace(/\./g, '\\.')}/reset-password/`))
  })
})

describe('in production: a request for another host is refused', () => {
  let server: RunningServer
  let db: Database
  const publicHost = new URL(PUBLIC_ORIGIN).host

  beforeAll(async () => {
    // An https public address is served behind a TLS proxy (TRUST_PROXY); no mail server here.
    server = await startServer({ NODE_ENV: 'production', PUBLIC_ORIGIN, TRUST_PROXY: 'true', MAIL_DISABLED: 'true' })
    db = openDatabase(server.dbFile)
  }, 30_000)

  afterAll(async () => {
    await db?.destroy()
    await server?.stop()
  })

  test('a page asked for with a foreign Host gets 421 in three languages; the configured Host gets the page', async () => {
    const foreign = await rawRequest(server, 'GET', '/login', { Host: 'attacker.example' })
    expect(foreign.status).toBe(421)
    expect(foreign.body).toContain('<p lang="kk">')
    expect(foreign.body).toContain('<p lang="ru">')
    expect(foreign.body).toContain('<p lang="en">')
    expect(foreign.body).not.toContain('attacker.example')
    const own = await rawRequest(server, 'GET', '/login', { Host: publicHost })
    expect(own.status).toBe(200)
  })

  test('the curl of the report gets 421 and writes no mail', async () => {
    const user = await createUser(db)
    const res = await rawPost(server, '/forgot-password', { email: user.email }, { Host: 'attacker.example', Origin: ATTACKER })
    expect(res.status).toBe(421)
    expect(await resetMails(db, user.id)).toEqual([])
  })

  test('the address the server was reached on is no origin in production: a post from it is refused', async () => {
    const user = await createUser(db)
    const res = await rawPost(server, '/forgot-password', { email: user.email }, { Host: publicHost, Origin: server.url })
    expect(res.status).toBe(403)
    expect(await resetMails(db, user.id)).toEqual([])
  })

  test('a request on the public host from the public origin is served, and its mail links there', async () => {
    const user = await createUser(db)
    const res = await rawPost(server, '/forgot-password', { email: user.email }, { Host: publicHost, Origin: PUBLIC_ORIGIN })
    expect(res.status).toBe(200)
    const mails = await resetMails(db, user.id)
    expect(mails).toHaveLength(1)
    expect(resetLinks(mails[0]!)[0]).toMatch(new RegExp(`^${PUBLIC_ORIGIN.replace(/\./g, '\\.')}/reset-password/`))
  })

  test('/healthz answers whatever the Host, for a balancer that probes by address', async () => {
    const res = await rawRequest(server, 'GET', '/healthz', { Host: '10.0.0.7:3000' })
    expect(res.status).toBe(200)
  })
})

describe('PUBLIC_ORIGIN is checked at start-up', () => {
  test.each([
    ['missing in production', { NODE_ENV: 'production', PUBLIC_ORIGIN: '' }],
    ['with a path', { PUBLIC_ORIGIN: 'https://academy.orken.test/app' }],
    ['not http(s)', { PUBLIC_ORIGIN: 'ftp://academy.orken.test' }],
    ['not absolute', { PUBLIC_ORIGIN: 'academy.orken.test' }],
  ])('%s: the server does not start and names PUBLIC_ORIGIN', async (_name, env) => {
    // A server that starts after all is stopped, and the test fails on its answer.
    const refusal = await startServer(env).then(
      async (server) => {
        await server.stop()
        return 'the server started'
      },
      (error: Error) => error.message,
    )
    expect(refusal).toMatch(/^Server exited early:[\s\S]*PUBLIC_ORIGIN/)
  })
})
