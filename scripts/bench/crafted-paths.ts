// npm run bench:crafted-paths — what a crafted address costs the server. Starts
// the built server on a fresh database and times, one request at a time, the
// home page, a path at the segment limit, a path of 3,700 segments and a
// manifest request for one, and prints each one's status and median time.
// Without server/request-limits.ts the crafted ones held the process for 2 s.
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
  ] as const
  console.log(`One request at a time, median of ${TIMES}:`)
  for (const [name, path] of cases) {
    const times: number[] = []
    let status = 0
    for (let i = 0; i < TIMES; i++) {
      const started = performance.now()
      const res = await fetch(server.url + path, { redirect: 'manual' })
      await res.arrayBuffer()
      times.push(performance.now() - started)
      status = res.status
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(TIMES / 2)]!
    console.log(`${name.padEnd(42)} ${String(status).padStart(3)}   ${fmt(median, 1).padStart(7)} ms   (URL ${fmt(path.length)} characters)`)
  }
} finally {
  await server.stop()
}
