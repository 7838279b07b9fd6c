// npx tsx scripts/bench/upload-read.ts — how long reading the national
// roster's upload (52,400 rows, about 7 MB, as multipart form data arriving in
// 64 KB chunks) holds the event loop: Remix's streaming parser with its memory
// handler beside the import forms' reader (app/http/multipart-form.server.ts).
// A ticker on the event loop records the CPU time spent between two of its
// turns, so the figure holds on a busy machine (waiting for a core costs no
// CPU); the wall-clock gap is printed beside it, and the garbage collections
// each reading caused (their count and longest pause). BENCH_ROWS makes it smaller,
// BENCH_RUNS (5) repeats each reader and keeps the best.
import { PerformanceObserver } from 'node:perf_hooks'
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'
import { readMultipartForm } from '#app/http/multipart-form.server.ts'
import { ROSTER_MAX_BYTES } from '#app/modules/roster/roster-table.ts'
import { NATIONAL_ROWS, nationalRosterCsv, type BenchSchool } from './national-roster.ts'
import { fmt } from './server.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? NATIONAL_ROWS)
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const CHUNK = 64 * 1024
const TARGET_MS = 50

const schools: BenchSchool[] = Array.from({ length: 2_000 }, (_, i) => ({
  id: `sch-bench-${i}`,
  bin: String(100_000_000_000 + i),
  region: 'KZ-75',
  regionName: 'Алматы',
  name: `№${i} мектеп`,
}))
const csv = nationalRosterCsv(
  ROWS,
  schools,
  Array.from({ length: 20 }, (_, i) => `cohort-${i}`),
)
const form = new FormData()
form.set('cohortId', '')
form.set('sheet', '')
form.set('file', new File([csv], 'national-roster.csv', { type: 'text/csv' }))
const encoded = new Request('http://localhost/admin/import', { method: 'POST', body: form })
const contentType = encoded.headers.get('content-type')!
const body = new Uint8Array(await encoded.arrayBuffer())

/** The upload as the server receives it: its chunks already buffered, as when the client sends faster than the server reads. */
function upload(): Request {
  let at = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= body.byteLength) return controller.close()
      controller.enqueue(body.slice(at, at + CHUNK))
      at += CHUNK
    },
  })
  return new Request('http://localhost/admin/import', { method: 'POST', body: stream, headers: { 'content-type': contentType }, duplex: 'half' })
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** Runs `read` while a ticker measures the longest stretch between two turns of the event loop. */
async function measure(read: () => Promise<FormData>) {
  let stop = false
  let longestCpu = 0
  let longestWall = 0
  let turns = 0
  let lastCpu = cpuMs()
  let lastWall = performance.now()
  const ticker = new Promise<void>((resolve) => {
    const tick = () => {
      const cpu = cpuMs()
      const wall = performance.now()
      longestCpu = Math.max(longestCpu, cpu - lastCpu)
      longestWall = Math.max(longestWall, wall - lastWall)
      lastCpu = cpu
      lastWall = wall
      turns++
      if (stop) resolve()
      else setImmediate(tick)
    }
    setImmediate(tick)
  })
  const pauses: number[] = []
  const observer = new PerformanceObserver((list) => pauses.push(...list.getEntries().map((e) => e.duration)))
  observer.observe({ entryTypes: ['gc'] })
  const cpuBefore = cpuMs()
  const form = await read()
  const cpu = cpuMs() - cpuBefore
  stop = true
  await ticker
  // The observer hears of a collection a turn after it.
  await new Promise((resolve) => setTimeout(resolve, 10))
  observer.disconnect()
  const file = form.get('file')
  if (!(file instanceof File) || file.size !== csv.byteLength) throw new Error('the file did not come back whole')
  return { cpu, longestCpu, longestWall, turns, collections: pauses.length, longestPause: Math.max(0, ...pauses) }
}

const readers: { name: string; read: () => Promise<FormData> }[] = [
  {
    name: "Remix's parser + memory handler",
    read: () => unstable_parseMultipartFormData(upload(), unstable_createMemoryUploadHandler({ maxPartSize: ROSTER_MAX_BYTES })),
  },
  { name: 'readMultipartForm', read: () => readMultipartForm(upload(), { maxPartSize: ROSTER_MAX_BYTES, maxBodySize: ROSTER_MAX_BYTES + 64 * 1024 }) },
]

console.log(
  `An upload of ${fmt(ROWS)} rows (${fmt(body.byteLength / 1024 / 1024, 1)} MB) in ${fmt(Math.ceil(body.byteLength / CHUNK))} chunks; best of ${RUNS} runs each.\n`,
)
const width = Math.max(...readers.map((r) => r.name.length))
console.log(
  `${'reader'.padEnd(width)}  ${'CPU'.padStart(8)}  ${'longest hold (CPU)'.padStart(18)}  ${'(wall)'.padStart(9)}  ${'turns'.padStart(6)}  ${'GCs (longest)'.padStart(14)}  target < ${TARGET_MS} ms`,
)
for (const reader of readers) {
  let best: Awaited<ReturnType<typeof measure>> | null = null
  for (let run = 0; run < RUNS; run++) {
    const result = await measure(reader.read)
    if (!best || result.longestCpu < best.longestCpu) best = result
  }
  const { cpu, longestCpu, longestWall, turns, collections, longestPause } = best!
  console.log(
    `${reader.name.padEnd(width)}  ${`${fmt(cpu)} ms`.padStart(8)}  ${`${fmt(longestCpu, 1)} ms`.padStart(18)}  ${`${fmt(longestWall, 1)} ms`.padStart(9)}  ${fmt(turns).padStart(6)}  ${`${collections} (${fmt(longestPause, 1)} ms)`.padStart(14)}  ${longestCpu < TARGET_MS ? 'MET' : 'NOT MET'}`,
  )
}
