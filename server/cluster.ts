// npm run serve:cluster — the server on every core. The primary prepares the
// database once (migrations, reference data, content), then forks
// WEB_CONCURRENCY workers (default: one per core), each running server/index.ts
// on the shared port. Only the first worker runs the background jobs. A worker
// that dies is replaced; SIGTERM stops the workers gracefully, then the primary.
// See docs/decisions/013-cluster-and-load.md.
import cluster, { type Worker } from 'node:cluster'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '#db/client.server.ts'
import { clusterMetricsPrimary } from './cluster-metrics.ts'
import { appConfigFrom, readEnv } from './env.ts'
import { logger } from './log.ts'
import { prepareDatabase } from './startup.ts'

const env = readEnv()
if (env.NODE_ENV === 'development') {
  console.error('serve:cluster serves the build; for development run `npm run dev`.')
  process.exit(1)
}
const size = env.WEB_CONCURRENCY ?? os.availableParallelism()

// Before any worker exists, so that N workers never race on migrations or content sync.
const db = openDatabase(env.DATABASE_URL, { poolMax: env.PG_POOL_MAX })
await prepareDatabase(db, { config: appConfigFrom(env), demoPassword: env.DEMO_PASSWORD, log: (l) => logger.info(l) })
await db.destroy()

// Each worker accepts connections itself from the shared socket. In the
// default round-robin the primary hands them over one at a time and waits for
// the worker's reply, so in a login storm (2,000 teachers at 9:00) a busy
// worker's queue of replies made new visitors wait up to minutes for the login
// form; a busy worker now simply accepts fewer. See ADR 013.
// NODE_CLUSTER_SCHED_POLICY=rr brings Node's round-robin back.
if (!env.NODE_CLUSTER_SCHED_POLICY) cluster.schedulingPolicy = cluster.SCHED_NONE
// Workers inherit the primary's execArgv (the tsx loader) and environment.
cluster.setupPrimary({ exec: fileURLToPath(new URL('./index.ts', import.meta.url)) })

/** One slot per worker; slot 0 runs the jobs, and its replacement does too. */
interface Slot {
  worker: Worker | null
  startedAt: number
  quickDeaths: number
}
const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, startedAt: 0, quickDeaths: 0 }))
let stopping = false
// /metrics on any worker shows every worker's figures: the primary gathers them (ADR 036).
const listenForMetrics = clusterMetricsPrimary(() => slots.flatMap((s, slot) => (s.worker && !s.worker.isDead() ? [{ slot, worker: s.worker }] : [])), size)

function fork(index: number) {
  const slot = slots[index]!
  slot.startedAt = Date.now()
  slot.worker = cluster.fork({ SKIP_PREPARE: 'true', RUN_JOBS: index === 0 ? 'true' : 'false', WEB_CONCURRENCY: String(size) })
  const worker = slot.worker
  listenForMetrics(worker)
  worker.on('exit', (code, signal) => {
    if (slot.worker !== worker) return
    slot.worker = null
    if (stopping) return
    // A worker that dies at once again and again (a bad build, say) is restarted ever more slowly.
    const lived = Date.now() - slot.startedAt
    slot.quickDeaths = lived < 10_000 ? slot.quickDeaths + 1 : 0
    const delay = slot.quickDeaths ? Math.min(30_000, 500 * 2 ** slot.quickDeaths) : 0
    logger.error({ worker: worker.process.pid, code, signal, restartInMs: delay }, 'worker died; starting a new one')
    setTimeout(() => {
      if (!stopping) fork(index)
    }, delay).unref()
  })
}

for (let i = 0; i < size; i++) fork(i)
logger.info({ workers: size }, `cluster primary ${process.pid}: ${size} worker(s)`)

function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  const running = slots.flatMap((s) => (s.worker && !s.worker.isDead() ? [s.worker] : []))
  logger.info({ workers: running.map((w) => w.process.pid) }, `${signal}: stopping the workers`)
  // Each worker closes its server and database on SIGTERM (server/index.ts).
  for (const worker of running) worker.process.kill('SIGTERM')
  const exited = running.map((w) => (w.isDead() ? Promise.resolve() : new Promise((r) => w.once('exit', r))))
  const force = setTimeout(() => {
    for (const worker of running) if (!worker.isDead()) worker.process.kill('SIGKILL')
  }, 10_000)
  void Promise.all(exited).then(() => {
    clearTimeout(force)
    process.exit(0)
  })
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
