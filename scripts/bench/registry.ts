// npm run bench:registry — a national registry of 8,000 schools imported into
// a fresh SQLite database through the registry job, twice (the second time
// nothing changes), while a probe writes one row every few milliseconds: the
// time end to end, the longest the probe waited for the write lock, and the
// event loop's longest stall. Figures are printed beside the targets
// (ADR 026: no step holds the event loop or the write lock for more than ~100 ms).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { openDatabase } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { silentLogger } from '#app/core/log.ts'
import { systemWork, write } from '#app/core/work.server.ts'
import { syncDistricts } from '#app/modules/reference/places-data.server.ts'
import { syncRegions } from '#app/modules/reference/reference.server.ts'
import { completeBin } from '#app/modules/registry/bin.ts'
import { readRegistryFile } from '#app/modules/registry/registry-file.server.ts'
import { getRegistryJob, startRegistryImport } from '#app/modules/registry/registry.server.ts'
import { districts } from '#db/reference/districts.ts'
import { regions } from '#db/reference/regions.ts'
import { testConfig } from '#tests/setup/work.ts'

const ROWS = Number(process.env.BENCH_REGISTRY_ROWS ?? 8_000)
const TARGET_MS = 100

function registryCsv(rows: number): Uint8Array {
  const lines = ['БСН;Облыс;Аудан;Елді мекен;Атауы (мемлекеттік тілде);Атауы (орыс тілінде);Түрі;Оқыту тілі']
  let serial = 0
  for (let i = 0; i < rows; i++) {
    let bin: string | null = null
    while (!bin) bin = completeBin(`990141${String(++serial).padStart(5, '0')}`)
    const d = districts[i % districts.length]!
    const region = regions.find((r) => r.code === d.regionCode)!
    lines.push(`${bin};${region.name.kk};${d.name.kk};Ауыл;№ ${i} жалпы орта білім беретін мектеп;Средняя школа № ${i};Мектеп;Қазақ`)
  }
  return new TextEncoder().encode(lines.join('\n') + '\n')
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-bench-registry-'))
const db = openDatabase(path.join(dir, 'bench.db'))
await migrateToLatest(db)
await syncRegions(db)
await syncDistricts(db)
const work = systemWork(db, testConfig, silentLogger)
const file = registryCsv(ROWS)

// A probe that writes as a request would, recording how long each write waited.
async function probe(stop: () => boolean): Promise<number[]> {
  const waits: number[] = []
  while (!stop()) {
    const t = performance.now()
    await write(work, async (tx) => {
      await tx.db
        .insertInto('app_settings')
        .values({ key: 'bench_probe', value: String(t) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(t) }))
        .execute()
    })
    waits.push(performance.now() - t)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return waits
}

async function run(label: string) {
  const started = performance.now()
  const table = await readRegistryFile(file)
  if (!table.ok) throw new Error(table.error.key)
  const read = performance.now() - started
  // The file is read at once on the request (the spreadsheet reader's cost); the job's own steps are watched from here.
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  const job = await startRegistryImport(work, table.value, { fileName: 'bench.csv', full: true, sheet: null })
  if (!job.ok) throw new Error(job.error.key)
  let done = false
  const waits = probe(() => done)
  await job.value.done
  done = true
  const elapsed = performance.now() - started
  loop.disable()
  const probeWaits = await waits
  const result = (await getRegistryJob(work, job.value.jobId))?.result
  const longestWait = Math.max(...probeWaits)
  const stall = loop.max / 1e6
  console.log(`${label}: ${ROWS} rows in ${(elapsed / 1000).toFixed(2)} s; ${JSON.stringify(result)}`)
  console.log(`  longest wait of a write meanwhile: ${longestWait.toFixed(0)} ms (target ≤ ${TARGET_MS} ms); probes: ${probeWaits.length}`)
  console.log(
    `  reading the file (before the job): ${read.toFixed(0)} ms; longest event-loop stall during the job: ${stall.toFixed(0)} ms (target ≤ ${TARGET_MS} ms)`,
  )
}

try {
  // Once to load and compile the code, as a running server has.
  await readRegistryFile(file)
  await run('first import (all new)')
  await run('same file again (all unchanged)')
} finally {
  await db.destroy()
  fs.rmSync(dir, { recursive: true, force: true })
}
