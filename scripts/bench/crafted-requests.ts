// npm run bench:crafted-requests — what a crafted request costs the server.
// Starts the built server on a fresh database and times, one request at a
// time, the home page, a path at the segment limit, a path of 3,700 segments,
// a manifest request for one, a login post with a field named x[10000000],
// one of 20 MB, a password-reset post of 58,000 fields x[i][j][999] (1 MB),
// a login post with a field name nested 10,000 deep, and an author's preview
// of 6,000 <Option/> lines; prints each one's status, median time, response
// size, and the slowest /healthz answered meanwhile (polled every 10 ms).
// Before ADR 016 the crafted ones took 2.2 s, 2.4 s, 4.7 s (answering 30 MB),
// 0.7 s (answering 19.5 MB; a 200 MB post took 7.6 s and 800 MB), 34.9 s
// (holding /healthz 34 s), a 500, and 26 s (holding /healthz 25 s).
import http from 'node:http'
import { openDatabase } from '#db/client.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'
import { MAX_FORM_BYTES, MAX_PATH_SEGMENTS } from '#server/request-limits.ts'
import { createUser, TEST_PASSWORD } from '#tests/fixtures/users.ts'
import { fmt, startBenchServer } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 3196)
const TIMES = 7

const deep = (segments: number) => '/' + Array.from({ length: segments }, () => 'a').join('/')

/** As many fields x[i][j][999]=1 as fit in a form of at most 1 MiB (58,000 or so). */
function nestedArrays(): string {
  const fields = ['email=a%40b.kz']
  let bytes = fields[0]!.length
  for (let k = 0; ; k++) {
    const field = `x[${Math.floor(k / 1000)}][${k % 1000}][999]=1`
    if (bytes + field.length + 1 > MAX_FORM_BYTES) break
    fields.push(field)
    bytes += field.length + 1
  }
  return fields.join('&')
}

/**
 * A form post that takes the answer even when the server refuses from the
 * headers and closes before the body is sent (fetch then fails with EPIPE, as
 * the 20 MB post did here before this helper): the headers go first, and the
 * body only if no answer comes within 200 ms.
 */
function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; bytes: number }> {
  const data = Buffer.from(body)
  return new Promise((resolve, reject) => {
    let answered = false
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(data.length) } }, (res) => {
      answered = true
      let bytes = 0
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, bytes })
        req.destroy()
      })
    })
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    req.flushHeaders()
    setTimeout(
      () => {
        if (!answered) req.end(data)
      },
      data.length > MAX_FORM_BYTES ? 200 : 0,
    )
  })
}

const OPTIONS = Array.from({ length: 6000 }, (_, i) => `<Option id="o${i}" />`).join('\n')
/** A lesson of 6,000 options, new each time so that no cache answers it. */
const optionsLesson = (i: number) => new URLSearchParams({ source: `---\ntitle: A\nminutes: 5\n---\n\nНұсқа ${i}.\n\n${OPTIONS}\n`, lang: 'kk' }).toString()

const server = await startBenchServer(PORT)
try {
  const db = openDatabase(server.dbFile)
  await insertFixtureSchools(db)
  const trainer = await createUser(db, { roles: ['trainer'] })
  await addCourseEditor(db, 'bullying-prevention', trainer.id, null)
  await db.destroy()
  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ login: trainer.email, password: TEST_PASSWORD }),
  })
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const home = await (await fetch(server.url + '/')).text()
  const version = /\/assets\/manifest-([0-9a-f]+)\.js/.exec(home)?.[1] ?? ''
  const cases = [
    ['home page', '/'],
    [`a path of ${MAX_PATH_SEGMENTS} segments (404)`, deep(MAX_PATH_SEGMENTS)],
    ['a path of 3,700 segments', deep(3700)],
    ['manifest for the links of a page', `/__manifest?p=/courses&p=/login&p=/verify&version=${version}`],
    ['manifest for a path of 3,700 segments', `/__manifest?p=${deep(3700)}&version=${version}`],
    ['login post with a field x[10000000]', '/login', 'login=a%40b.kz&password=x&x%5B10000000%5D=1'],
    ['login post of 20 MB', '/login', `login=a%40b.kz&password=x&pad=${'a'.repeat(20_000_000)}`],
    ['reset post of 58,000 fields x[i][j][999]', '/forgot-password', nestedArrays()],
    ['login post, a name nested 10,000 deep', '/login', `login=a%40b.kz&password=x&x${'[0]'.repeat(10_000)}=1`],
    ['preview of 6,000 <Option/> (an author)', '/author/bullying-prevention/preview', optionsLesson],
  ] as const
  // The author's compile worker starts on its first compile: start it before timing.
  await fetch(`${server.url}/author/bullying-prevention/preview`, {
    method: 'POST',
    body: new URLSearchParams({ source: '---\ntitle: A\nminutes: 5\n---\n\nМәтін.\n', lang: 'kk' }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, cookie },
  })
  console.log(`One request at a time, median of ${TIMES}; /healthz polled meanwhile:`)
  for (const [name, path, form] of cases) {
    const times: number[] = []
    let status = 0
    let bytes = 0
    let healthz = 0
    let unanswered = 0
    for (let i = 0; i < TIMES; i++) {
      const body = typeof form === 'function' ? form(i) : form
      let done = false
      const poll = (async () => {
        while (!done) {
          const polled = performance.now()
          const ok = await fetch(`${server.url}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
          if (ok) healthz = Math.max(healthz, performance.now() - polled)
          else unanswered++
          await new Promise((r) => setTimeout(r, 10))
        }
      })()
      const started = performance.now()
      const res = body
        ? await post(server.url + path, body, {
            'Content-Type': 'application/x-www-form-urlencoded',
            Origin: server.url,
            ...(path.startsWith('/author/') ? { cookie } : {}),
          })
        : await fetch(server.url + path, { redirect: 'manual' }).then(async (r) => ({ status: r.status, bytes: (await r.arrayBuffer()).byteLength }))
      bytes = res.bytes
      times.push(performance.now() - started)
      done = true
      await poll
      status = res.status
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(TIMES / 2)]!
    const sent = typeof form === 'function' ? form(0) : form
    const request = sent ? `body ${fmt(sent.length)} bytes` : `URL ${fmt(path.length)} characters`
    console.log(
      `${name.padEnd(42)} ${String(status).padStart(3)}   ${fmt(median, 1).padStart(7)} ms   ${fmt(bytes / 1024, 1).padStart(8)} KB   healthz ≤ ${fmt(healthz, 1).padStart(6)} ms${unanswered ? ` (${unanswered} unanswered)` : ''}   (${request})`,
    )
  }
} catch (error) {
  console.error(server.output().slice(-3000))
  throw error
} finally {
  await server.stop()
}
