// npm run simulate -- [--scale national|small] [--seed TEXT] [--until YYYY-MM-DD] [--database FILE] [--force]
//
// Fills a database with a simulated Өркен Academy for 2025-2027 (see
// tools/simulate/simulate.server.ts): by default the national scale
// (52,400 teachers, 90,000 parent sessions) up to 2027-12-31. The database is
// --database, else DATABASE_URL, else the app's default; it is migrated and
// prepared as the server's start-up does first (content, regions, targets; the
// demo accounts too when it is empty and NODE_ENV is not production).
//
// It refuses a database that was already simulated (simulate into a new file;
// there is no reset), and one holding real teachers unless --force. --until
// stops the world at an earlier "today": counts are then what the plan reaches
// by that day. The same seed gives the same data.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { DEFAULT_DATABASE_URL, openDatabase } from '#db/client.server.ts'
import { SCALE_NAMES, SimulationRefused, simulate, type SimulationProgress } from '#tools/simulate/simulate.server.ts'
import { appConfigFrom, applyProcessSettings, readEnv } from '#server/env.ts'
import { prepareDatabase } from '#server/startup.ts'

const ArgsSchema = z.object({
  scale: z.enum(SCALE_NAMES, { errorMap: () => ({ message: `--scale must be one of ${SCALE_NAMES.join(', ')}` }) }),
  seed: z.string().min(1, '--seed must not be empty'),
  until: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--until must be a date as YYYY-MM-DD')
    .optional(),
  database: z.string().min(1).optional(),
  force: z.boolean(),
})

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'national' },
    seed: { type: 'string', default: 'orken-2025' },
    until: { type: 'string' },
    database: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
})
const parsed = ArgsSchema.safeParse(values)
if (!parsed.success) {
  console.error(parsed.error.issues.map((i) => i.message).join('\n'))
  process.exit(2)
}
const args = parsed.data

const number = new Intl.NumberFormat('en-US')
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const tty = process.stdout.isTTY
let lastLine = 0
let lastPhase = ''

function showProgress(p: SimulationProgress) {
  const percent = p.total ? Math.floor((p.done / p.total) * 100) : 100
  const line = `[${p.step}/${p.steps}] ${p.phase.padEnd(16)} ${number.format(p.done).padStart(9)} / ${number.format(p.total).padEnd(9)} ${String(percent).padStart(3)}%  ${seconds(p.elapsedMs)}`
  if (tty) {
    process.stdout.write(`\r${line.padEnd(78)}`)
    if (p.done === p.total) process.stdout.write('\n')
    return
  }
  // Not a terminal (a log file, CI): a line per phase start and end, and every ten seconds.
  const now = performance.now()
  if (p.phase !== lastPhase || p.done === p.total || now - lastLine > 10_000) {
    console.log(line)
    lastLine = now
    lastPhase = p.phase
  }
}

// The server's settings (the public origin of certificate links, the content folder), checked as it checks them.
const env = readEnv()
applyProcessSettings(env)
const database = args.database ?? process.env.DATABASE_URL
const db = openDatabase(database, { poolMax: env.PG_POOL_MAX })
try {
  console.log(
    `Simulating the ${args.scale} scale (seed "${args.seed}", until ${args.until ?? 'the end of the strategy'}) into ${path.resolve((database ?? DEFAULT_DATABASE_URL).replace(/^file:/, ''))}`,
  )
  const prepareStarted = performance.now()
  await prepareDatabase(db, { config: appConfigFrom(env), demoPassword: env.DEMO_PASSWORD, log: (line) => console.log(line) })
  console.log(`Prepared the database in ${seconds(performance.now() - prepareStarted)}.`)
  const summary = await simulate(db, { scale: args.scale, seed: args.seed, until: args.until, force: args.force, onProgress: showProgress })

  console.log('\nRows')
  for (const r of summary.rows) console.log(`  ${r.table.padEnd(24)}${number.format(r.count).padStart(12)}`)
  console.log('\nIndicators (cumulative to the end of each year; target in brackets)')
  for (const i of summary.indicators) {
    const cells = i.byYear.map((y) => `${y.year}: ${number.format(y.value)}${y.target === null ? '' : ` (${number.format(y.target)})`}`)
    console.log(`  ${i.key.padEnd(32)}${cells.join('   ')}`)
  }
  console.log('\nFunnel (enrolments)')
  for (const f of summary.funnel) console.log(`  ${f.key.padEnd(32)}${number.format(f.value).padStart(12)}`)
  console.log('\nPhases (writing, refreshMetrics included)')
  for (const p of summary.phases) console.log(`  ${p.phase.padEnd(32)}${seconds(p.ms).padStart(10)}`)
  console.log('\nrefreshMetrics (subjects refreshed, time, per subject)')
  for (const r of summary.refreshByMetric) {
    console.log(
      `  ${r.metric.padEnd(32)}${number.format(r.subjects).padStart(12)}${seconds(r.ms).padStart(10)}${`${Math.round((r.ms * 1000) / Math.max(1, r.subjects))} µs`.padStart(10)}`,
    )
  }
  console.log(`\nSimulated in ${seconds(summary.elapsedMs)}, of which ${seconds(summary.refreshMs)} in refreshMetrics.`)
} catch (error) {
  if (!(error instanceof SimulationRefused)) throw error
  console.error(`\n${error.message}`)
  process.exitCode = 2
} finally {
  await db.destroy()
}
