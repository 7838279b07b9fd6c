import http from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase } from '#db/client.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { copyTemplateDatabase, type DatabaseCopy } from '#tests/setup/databases.ts'
import { freePort, launchServer, type ServerProcess } from '#tests/setup/process.ts'

// /metrics under serve:cluster with two workers: whichever worker a scrape
// reaches, it counts every request either worker answered, and shows each
// worker's own gauges under a worker label.

const METRICS_TOKEN = 'cluster-scrape-token-0123456789'

let database: DatabaseCopy
let server: ServerProcess

/** One request on a connection of its own, as separate clients make them. */
function request(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { agent: false, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', reject)
    })
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${path} in 10 s`)))
    req.on('error', reject)
    req.end()
  })
}

async function scrape(): Promise<string> {
  const res = await request('/metrics', { Authorization: `Bearer ${METRICS_TOKEN}` })
  expect(res.status).toBe(200)
  return res.body
}

function sample(body: string, series: string): number | null {
  const line = body.split('\n').find((l) => l.startsWith(series + ' '))
  return line ? Number(line.slice(series.length + 1)) : null
}

/** The pids that logged a request line for these request ids. */
function answeringPids(ids: string[]): Set<number> {
  const pids = new Set<number>()
  for (const line of server.output().split('\n')) {
    if (!ids.some((id) => line.includes(`"requestId":"${id}"`))) continue
    try {
      const entry = JSON.parse(line) as { pid?: number; msg?: string }
      if (entry.msg === 'request' && entry.pid) pids.add(entry.pid)
    } catch {
      // a line cut by the pipe
    }
  }
  return pids
}

beforeAll(async () => {
  const port = await freePort()
  database = await copyTemplateDatabase(`cluster_metrics_${port}`)
  // A database with an account is not empty: the primary seeds no demo data into it.
  const db = openDatabase(database.url)
  await createUser(db, { roles: ['admin'] })
  await db.destroy()
  // Two workers booting on two busy cores may take longer than one process.
  server = await launchServer(port, { DATABASE_URL: database.url, WEB_CONCURRENCY: '2', LOG_LEVEL: 'info', METRICS_TOKEN }, 'server/cluster.ts', 60_000)
}, 90_000)

afterAll(async () => {
  await server?.stop()
  await database?.remove()
})

describe('/metrics under serve:cluster', () => {
  test('counts every request whichever worker answered it or the scrape, and shows both workers', async () => {
    // A route class nothing else here asks for: its counter holds exactly the requests sent below.
    const series = 'http_requests_total{method="GET",route="/courses",status="2xx"}'
    expect(sample(await scrape(), series) ?? 0).toBe(0)

    const ids: string[] = []
    let sent = 0
    // Fresh connections, in batches, until both workers have answered some.
    const deadline = Date.now() + 30_000
    while (answeringPids(ids).size < 2 || sent < 12) {
      expect(Date.now()).toBeLessThan(deadline)
      const batch = Array.from({ length: 4 }, () => `cluster-metrics-${++sent}`)
      ids.push(...batch)
      const answers = await Promise.all(batch.map((id) => request('/courses', { 'X-Request-Id': id })))
      for (const answer of answers) expect(answer.status).toBe(200)
      // A worker logs (and counts) a request once its response has finished.
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(answeringPids(ids).size).toBe(2)
    expect(answeringPids(ids).has(server.pid)).toBe(false)

    // Several scrapes, landing on either worker: each shows the whole count.
    const bodies: string[] = []
    for (let i = 0; i < 6; i++) {
      await expect.poll(async () => sample(await scrape(), series)).toBe(sent)
      bodies.push(await scrape())
    }
    for (const body of bodies) {
      expect(sample(body, series)).toBe(sent)
      expect(sample(body, 'orken_metrics_cluster_workers')).toBe(2)
      expect(sample(body, 'orken_metrics_cluster_workers_missing')).toBe(0)
      for (const worker of ['0', '1']) {
        expect(sample(body, `process_resident_memory_bytes{worker="${worker}"}`)).toBeGreaterThan(0)
        expect(sample(body, `nodejs_heap_used_bytes{worker="${worker}"}`)).toBeGreaterThan(0)
        expect(sample(body, `nodejs_eventloop_delay_max_seconds{worker="${worker}"}`)).toBeGreaterThanOrEqual(0)
        expect(sample(body, `nodejs_eventloop_delay_seconds{worker="${worker}",stat="p99"}`)).toBeGreaterThanOrEqual(0)
      }
      // The cluster-wide longest delay is the longest of the workers'.
      const perWorker = ['0', '1'].map((w) => sample(body, `nodejs_eventloop_delay_max_seconds{worker="${w}"}`)!)
      expect(sample(body, 'nodejs_eventloop_delay_max_seconds')).toBe(Math.max(...perWorker))
      // Each label set appears once: summed, not listed per worker.
      expect(body.split('\n').filter((l) => l.startsWith(series + ' '))).toHaveLength(1)
    }
    // Histograms are summed too: the count of durations equals the requests.
    expect(sample(bodies.at(-1)!, 'http_request_duration_seconds_count{method="GET",route="/courses",status="2xx"}')).toBe(sent)
  }, 60_000)

  test('the event loop held on one worker shows in the cluster-wide maximum', async () => {
    await scrape()
    const held = await fetch(`${server.url}/__test/hold-event-loop`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ ms: 400 }),
    })
    expect(held.status).toBe(200)
    await expect.poll(async () => sample(await scrape(), 'nodejs_eventloop_delay_max_seconds'), { timeout: 5_000 }).toBeGreaterThanOrEqual(0.35)
  }, 20_000)
})
