// /metrics under serve:cluster: the worker a scrape reaches asks the primary,
// the primary asks every worker for a snapshot of its figures over the
// cluster's IPC channel, and hands the ones that came in time back to the
// asking worker, which renders them merged. See
// docs/decisions/036-cluster-metrics.md.
import type { Worker } from 'node:cluster'
import type { MetricsPart, MetricsSnapshot } from './metrics.ts'

/** How long the primary waits for each worker: one that is busier than this is left out and counted. */
export const WORKER_ANSWER_MS = 1_000
/** How long a worker waits for the primary, which answers within WORKER_ANSWER_MS unless it is gone. */
const PRIMARY_ANSWER_MS = WORKER_ANSWER_MS + 2_000

type Message =
  | { orken: 'metrics-ask'; id: number }
  | { orken: 'metrics-collect'; id: number }
  | { orken: 'metrics-snapshot'; id: number; snapshot: MetricsSnapshot }
  | { orken: 'metrics-merged'; id: number; parts: MetricsPart[]; workers: number; missing: number }

const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { orken?: unknown }).orken === 'string' &&
  String((value as { orken: string }).orken).startsWith('metrics-')

export interface ClusterFigures {
  parts: MetricsPart[]
  workers: number
  missing: number
}

/**
 * In a worker: answers the primary's requests for a snapshot, and returns the
 * function a scrape calls for every worker's figures.
 */
export function clusterMetricsWorker(snapshot: () => MetricsSnapshot): () => Promise<ClusterFigures> {
  const send = (message: Message) => process.send?.(message)
  const waiting = new Map<number, (figures: ClusterFigures) => void>()
  let nextId = 0
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return
    if (message.orken === 'metrics-collect') send({ orken: 'metrics-snapshot', id: message.id, snapshot: snapshot() })
    if (message.orken === 'metrics-merged') {
      waiting.get(message.id)?.({ parts: message.parts, workers: message.workers, missing: message.missing })
      waiting.delete(message.id)
    }
  })
  return () =>
    new Promise((resolve) => {
      const id = ++nextId
      // Without the primary (it is stopping), this worker's own figures, and the others counted as missing.
      const timer = setTimeout(() => {
        waiting.delete(id)
        const workers = Number(process.env.WEB_CONCURRENCY ?? 1) || 1
        resolve({ parts: [{ worker: `pid ${process.pid}`, snapshot: snapshot() }], workers, missing: Math.max(0, workers - 1) })
      }, PRIMARY_ANSWER_MS)
      waiting.set(id, (figures) => {
        clearTimeout(timer)
        resolve(figures)
      })
      send({ orken: 'metrics-ask', id })
    })
}

/**
 * In the primary: when a worker asks, collects a snapshot from every live
 * worker (labelled by its slot, which a replacement keeps) and answers with
 * those that came within WORKER_ANSWER_MS.
 */
export function clusterMetricsPrimary(workers: () => { slot: number; worker: Worker }[], size: number) {
  let nextRound = 0
  const rounds = new Map<number, { parts: MetricsPart[]; slotOf: Map<Worker, number>; done: () => void }>()

  function collect(asker: Worker, askId: number) {
    const round = ++nextRound
    const live = workers().filter((w) => w.worker.isConnected())
    const parts: MetricsPart[] = []
    const finish = () => {
      if (!rounds.delete(round)) return
      clearTimeout(timer)
      parts.sort((a, b) => Number(a.worker) - Number(b.worker))
      if (asker.isConnected()) asker.send({ orken: 'metrics-merged', id: askId, parts, workers: size, missing: size - parts.length } satisfies Message)
    }
    const timer = setTimeout(finish, WORKER_ANSWER_MS)
    rounds.set(round, { parts, slotOf: new Map(live.map((w) => [w.worker, w.slot])), done: finish })
    if (live.length === 0) finish()
    for (const { worker } of live) worker.send({ orken: 'metrics-collect', id: round } satisfies Message)
  }

  /** Listens to one worker; call it for every worker forked. */
  return function listen(worker: Worker) {
    worker.on('message', (message: unknown) => {
      if (!isMessage(message)) return
      if (message.orken === 'metrics-ask') collect(worker, message.id)
      if (message.orken === 'metrics-snapshot') {
        const round = rounds.get(message.id)
        const slot = round?.slotOf.get(worker)
        if (!round || slot === undefined) return
        round.parts.push({ worker: String(slot), snapshot: message.snapshot })
        if (round.parts.length === round.slotOf.size) round.done()
      }
    })
  }
}
