// npm run bench:crafted-requests — what a crafted request costs the server.
// Starts the built server on a fresh database and times, one request at a
// time, the home page, a path at the segment limit, a path of 3,700 segments,
// a manifest request for one, a login post with a field named x[10000000]
// and one of 20 MB; prints each one's status, median time and response size.
// Before ADR 016 the crafted ones took 2.2 s, 2.4 s, 4.7 s (answering 30 MB)
// and 0.7 s (answering 19.5 MB; a 200 MB post took 7.6 s and 800 MB).
import { MAX_PATH_SEGMENTS } from '#server/request-limits.ts'
import { fmt, startBenchServer } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 3196)
const TIMES = 7

const deep = (segments: number) => '/' + Array.from({ length: segments }, () => 'a').join('/')

const server = await startBenchServer(PORT)
try {
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
  ] as const
  console.log(`One request at a time, median of ${TIMES}:`)
  for (const [name, path, form] of cases) {
    const times: number[] = []
    let status = 0
    let bytes = 0
    for (let i = 0; i < TIMES; i++) {
      const started = performance.now()
      const res = await fetch(server.url + path, {
        redirect: 'manual',
        ...(form ? { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url } } : {}),
      })
      bytes = (await res.arrayBuffer()).byteLength
      times.push(performance.now() - started)
      status = res.status
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(TIMES / 2)]!
    const request = form ? `body ${fmt(form.length)} bytes` : `URL ${fmt(path.length)} characters`
    console.log(`${name.padEnd(40)} ${String(status).padStart(3)}   ${fmt(median, 1).padStart(7)} ms   ${fmt(bytes / 1024, 1).padStart(8)} KB   (${request})`)
  }
} finally {
  await server.stop()
}
