import http from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { copyTemplateDatabase, type DatabaseCopy } from '#tests/setup/databases.ts'
import { freePort, launchServer, type ServerProcess } from '#tests/setup/process.ts'

// npm run serve:cluster: two workers on one port and one database. Requests on
// separate connections reach both; a session made on one worker is valid on
// the other; a worker killed outright is replaced while the other serves; and
// SIGTERM to the primary stops them all.

let port: number
let database: DatabaseCopy
let server: ServerProcess
let db: Database
let teacher: FixtureUser

interface Answer {
  status: number
  location: string | undefined
  setCookie: string[]
  body: string
}

/** One request on a connection of its own, as separate browsers make them. */
function request(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method: options.method ?? 'GET', agent: false, headers: options.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie: res.headers['set-cookie'] ?? [], body }))
      res.on('error', reject)
    })
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${path} in 10 s`)))
    req.on('error', reject)
    req.end(options.body)
  })
}

let requestNo = 0
/** A request tagged with an id of its own, so that its log line tells which worker answered. */
async function tagged(path: string, headers: Record<string, string> = {}): Promise<{ answer: Answer; pid: () => number | undefined }> {
  const id = `cluster-test-${++requestNo}`
  const answer = await request(path, { headers: { ...headers, 'X-Request-Id': id } })
  return { answer, pid: () => workerOf(id) }
}

/** The pid in the request log line of this request id (pino writes it with every line). */
function workerOf(requestId: string): number | undefined {
  for (const line of server.output().split('\n')) {
    if (!line.includes(`"requestId":"${requestId}"`)) continue
    try {
      const entry = JSON.parse(line) as { pid?: number; msg?: string }
      if (entry.msg === 'request') return entry.pid
    } catch {
      // a line cut by the pipe: the next poll reads it whole
    }
  }
  return undefined
}

/** Polls until the log line of each request was written (a worker logs when the response has finished). */
async function pidsOf(requests: { pid: () => number | undefined }[]): Promise<number[]> {
  const deadline = Date.now() + 5_000
  for (;;) {
    const pids = requests.map((r) => r.pid())
    if (pids.every((p) => p !== undefined)) return pids as number[]
    if (Date.now() > deadline) throw new Error(`no log line for some requests:\n${server.output().slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Sends requests (/healthz unless told) on fresh connections until `count` different workers have answered. */
async function workersAnswering(
  count: number,
  except: number[] = [],
  send: () => Promise<{ answer: Answer; pid: () => number | undefined }> = async () => {
    const health = await tagged('/healthz')
    expect(health.answer.status).toBe(200)
    return health
  },
): Promise<Set<number>> {
  const seen = new Set<number>()
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const batch = await Promise.all(Array.from({ length: 4 }, send))
    for (const pid of await pidsOf(batch)) if (!except.includes(pid)) seen.add(pid)
    if (seen.size >= count) return seen
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`only ${seen.size} of ${count} workers answered:\n${server.output().slice(-3000)}`)
}

beforeAll(async () => {
  port = await freePort()
  database = await copyTemplateDatabase(`cluster_${port}`)
  db = openDatabase(database.url)
  teacher = await createUser(db)
  server = await launchServer(port, { DATABASE_URL: database.url, WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' }, 'server/cluster.ts')
}, 60_000)

afterAll(async () => {
  await server?.stop()
  await db?.destroy()
  await database?.remove()
})

describe('npm run serve:cluster', () => {
  test('the primary serves nothing itself: two workers answer on the one port', async () => {
    const workers = await workersAnswering(2)
    expect(workers.size).toBe(2)
    expect(workers.has(server.pid)).toBe(false)
  }, 40_000)

  test('a session made on one worker is valid on the other', async () => {
    const login = await request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ login: teacher.email, password: teacher.password }).toString(),
    })
    expect(login.status).toBe(302)
    const cookie = login.setCookie.find((c) => c.startsWith('orken_session='))!.split(';')[0]!

    // The account page asks for a login; with the cookie, every worker shows the teacher's own.
    // The workers accept connections themselves, so it may take a few batches to reach both.
    const workers = await workersAnswering(2, [], async () => {
      const page = await tagged('/account', { Cookie: cookie })
      expect(page.answer.status).toBe(200)
      expect(page.answer.body).toContain(teacher.email)
      return page
    })
    expect(workers.size).toBe(2)
    const anonymous = await request('/account')
    expect(anonymous.status).toBe(302)
    expect(anonymous.location).toMatch(/^\/login/)
  }, 40_000)

  test('a worker killed outright is replaced; the other answers meanwhile', async () => {
    const before = await workersAnswering(2)
    const [victim, survivor] = [...before]
    process.kill(victim!, 'SIGKILL')
    // Connections handed to the victim in the instant it died are lost with it,
    // as its requests in flight are; once the primary has seen the death, none is.
    const deadline = Date.now() + 10_000
    while (!server.output().includes(`"worker":${victim},`)) {
      if (Date.now() > deadline) throw new Error(`the primary did not notice the death:\n${server.output().slice(-2000)}`)
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(server.output()).toContain('worker died; starting a new one')

    // Nothing is refused while the new worker starts: the survivor takes every connection.
    for (let i = 0; i < 6; i++) expect((await request('/healthz')).status).toBe(200)

    const replacement = [...(await workersAnswering(1, [survivor!]))][0]!
    expect(replacement).not.toBe(victim)
    expect(() => process.kill(victim!, 0)).toThrow()
    const now = await workersAnswering(2)
    expect([...now].sort()).toEqual([survivor!, replacement].sort())
  }, 60_000)

  test('SIGTERM to the primary stops every worker and the primary', async () => {
    const workers = await workersAnswering(2)
    await server.stop()
    for (const pid of [server.pid, ...workers]) expect(() => process.kill(pid, 0)).toThrow()
    await expect(request('/healthz')).rejects.toThrow()
  }, 40_000)
})
