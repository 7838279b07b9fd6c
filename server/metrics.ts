import crypto from 'node:crypto'
import { monitorEventLoopDelay, PerformanceObserver, constants } from 'node:perf_hooks'
import type { ServerBuild } from '@remix-run/node'

// An in-process registry rendered in the Prometheus text format 0.0.4. Small
// on purpose: request counts and durations, background job runs, and gauges
// read at scrape time. Labels stay low-cardinality: a route class (the first
// path segment of a known route), never an id.

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

type Labels = Record<string, string>

interface Histogram {
  labels: Labels
  buckets: number[]
  sum: number
  count: number
}

export interface ScrapeGauges {
  outbox: { pending: number; failed: number }
  /** Metric subjects a write left for the next refresh (ADR 042). */
  metricsPending: number
}

/**
 * The first path segments that name a route of the build, so that a request
 * to /learn/<course>/... counts as `/learn` and a bot's /wp-admin as `other`.
 * A dev build (a function) gives no list: then any plain segment counts.
 */
export function knownRouteClasses(build: ServerBuild | (() => unknown), extra: string[] = []): Set<string> | null {
  if (typeof build === 'function') return null
  const classes = new Set(extra)
  for (const route of Object.values(build.routes)) {
    const first = route.path?.split('/')[0]
    if (first && /^[a-z][a-z0-9._-]*$/.test(first)) classes.add(first)
  }
  return classes
}

/** `/admin`, `/learn`, `/` or `other`: the label for a request path. */
export function routeClass(pathname: string, known: Set<string> | null): string {
  const first = pathname.split('?')[0]!.split('/')[1] ?? ''
  if (first === '') return '/'
  if (known ? known.has(first) : /^[a-z][a-z0-9_-]{0,31}$/.test(first)) return `/${first}`
  return 'other'
}

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`
const key = (labels: Labels) => JSON.stringify(labels)
const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
const format = (labels: Labels) => {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`)
  return pairs.length ? `{${pairs.join(',')}}` : ''
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
}

const TICK_MS = 10

/**
 * How long the event loop was late, and how long garbage collection paused
 * it, by kind. The longest delay is kept per scrape (the window since the one
 * before), measured by a 10 ms timer of our own: the figure every "held the
 * event loop" in this project is about. Resetting Node's own histogram
 * instead would drop a stall whose timer tick had not run yet when the scrape
 * came. Node's histogram (never reset) gives the percentiles since start.
 */
function watchEventLoop() {
  const histogram = monitorEventLoopDelay({ resolution: TICK_MS })
  histogram.enable()
  let expected = performance.now() + TICK_MS
  let windowMax = 0
  setInterval(() => {
    const now = performance.now()
    windowMax = Math.max(windowMax, now - expected)
    expected = now + TICK_MS
  }, TICK_MS).unref()
  const gc = new Map<string, { count: number; seconds: number }>()
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other'
      const total = gc.get(kind) ?? { count: 0, seconds: 0 }
      total.count++
      total.seconds += entry.duration / 1000
      gc.set(kind, total)
    }
  })
  observer.observe({ entryTypes: ['gc'] })
  return {
    gc,
    /** The longest delay since the previous call, in seconds; a new window starts. */
    takeWindowMax() {
      const max = windowMax / 1000
      windowMax = 0
      return max
    },
    /** Delay since start in seconds: mean and percentiles (zeros before the first sample). */
    sinceStart() {
      const seconds = (ns: number) => (Number.isFinite(ns) && histogram.count > 0 ? ns / 1e9 : 0)
      return { mean: seconds(histogram.mean), p50: seconds(histogram.percentile(50)), p99: seconds(histogram.percentile(99)) }
    },
  }
}

/** One process's figures, plain data: what a cluster worker sends the primary. */
export interface MetricsSnapshot {
  requests: { labels: Labels; value: number }[]
  durations: Histogram[]
  jobRuns: { labels: Labels; value: number }[]
  jobLastSeconds: [string, number][]
  gc: [string, { count: number; seconds: number }][]
  memory: { rss: number; heapUsed: number; heapTotal: number }
  loopMaxSeconds: number
  loopSinceStart: { mean: number; p50: number; p99: number }
  uptimeSeconds: number
}

/** A snapshot and the worker it came from (null: the only process, rendered without a worker label). */
export interface MetricsPart {
  worker: string | null
  snapshot: MetricsSnapshot
}

export function createMetrics() {
  const loop = watchEventLoop()
  const requests = new Map<string, { labels: Labels; value: number }>()
  const durations = new Map<string, Histogram>()
  const jobRuns = new Map<string, { labels: Labels; value: number }>()
  const jobLastSeconds = new Map<string, number>()

  function observeRequest(request: { method: string; route: string; status: number; durationMs: number }) {
    const labels = { method: METHODS.has(request.method) ? request.method : 'OTHER', route: request.route, status: statusClass(request.status) }
    // A space cannot occur in a method, a route class (a path segment) or a status class.
    const k = `${labels.method} ${labels.route} ${labels.status}`
    const counter = requests.get(k) ?? { labels, value: 0 }
    counter.value++
    requests.set(k, counter)
    const histogram = durations.get(k) ?? { labels, buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 }
    const seconds = request.durationMs / 1000
    for (let i = 0; i < DURATION_BUCKETS.length; i++) if (seconds <= DURATION_BUCKETS[i]!) histogram.buckets[i]!++
    histogram.sum += seconds
    histogram.count++
    durations.set(k, histogram)
  }

  /** Runs a background job and records its outcome and duration; rethrows its error. */
  async function timeJob<T>(job: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now()
    let outcome = 'error'
    try {
      const result = await run()
      outcome = 'ok'
      return result
    } finally {
      const labels = { job, outcome }
      const counter = jobRuns.get(key(labels)) ?? { labels, value: 0 }
      counter.value++
      jobRuns.set(key(labels), counter)
      jobLastSeconds.set(job, (performance.now() - started) / 1000)
    }
  }

  /** This process's figures now; the event-loop window restarts, as a scrape restarts it. */
  function snapshot(): MetricsSnapshot {
    const memory = process.memoryUsage()
    return {
      requests: [...requests.values()].map((c) => ({ labels: c.labels, value: c.value })),
      durations: [...durations.values()].map((h) => ({ ...h, buckets: [...h.buckets] })),
      jobRuns: [...jobRuns.values()].map((c) => ({ labels: c.labels, value: c.value })),
      jobLastSeconds: [...jobLastSeconds],
      gc: [...loop.gc].map(([kind, total]) => [kind, { ...total }]),
      memory: { rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal },
      loopMaxSeconds: loop.takeWindowMax(),
      loopSinceStart: loop.sinceStart(),
      uptimeSeconds: process.uptime(),
    }
  }

  /** The text of this process alone. */
  function render(gauges: ScrapeGauges): string {
    return renderMetrics([{ worker: null, snapshot: snapshot() }], gauges)
  }

  return { observeRequest, timeJob, snapshot, render }
}

/** Adds counters of the same labels together. */
function sumCounters(lists: { labels: Labels; value: number }[][]) {
  const total = new Map<string, { labels: Labels; value: number }>()
  for (const list of lists)
    for (const c of list) {
      const sum = total.get(key(c.labels)) ?? { labels: c.labels, value: 0 }
      sum.value += c.value
      total.set(key(c.labels), sum)
    }
  return [...total.values()]
}

/**
 * The text format of one process, or of a cluster's workers merged: counters
 * and histograms summed over the workers, a process's own gauges (memory,
 * heap, uptime, delay percentiles) once per worker under a `worker` label, and
 * the longest event-loop delay both per worker and as the maximum over them.
 * `cluster` adds how many workers there are and how many did not answer in time.
 */
export function renderMetrics(parts: MetricsPart[], gauges: ScrapeGauges, cluster?: { workers: number; missing: number }): string {
  const lines: string[] = []
  const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
  const perWorker = (name: string, value: (s: MetricsSnapshot) => number, labels: Labels = {}) => {
    for (const { worker, snapshot } of parts) lines.push(`${name}${format(worker === null ? labels : { worker, ...labels })} ${value(snapshot)}`)
  }

  family('http_requests_total', 'counter', 'HTTP requests by method, route class and status class.')
  for (const c of sumCounters(parts.map((p) => p.snapshot.requests))) lines.push(`http_requests_total${format(c.labels)} ${c.value}`)

  family('http_request_duration_seconds', 'histogram', 'HTTP request durations in seconds.')
  const histograms = new Map<string, Histogram>()
  for (const { snapshot } of parts)
    for (const h of snapshot.durations) {
      const sum = histograms.get(key(h.labels)) ?? { labels: h.labels, buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 }
      h.buckets.forEach((n, i) => (sum.buckets[i]! += n))
      sum.sum += h.sum
      sum.count += h.count
      histograms.set(key(h.labels), sum)
    }
  for (const h of histograms.values()) {
    DURATION_BUCKETS.forEach((le, i) => lines.push(`http_request_duration_seconds_bucket${format({ ...h.labels, le: String(le) })} ${h.buckets[i]}`))
    lines.push(`http_request_duration_seconds_bucket${format({ ...h.labels, le: '+Inf' })} ${h.count}`)
    lines.push(`http_request_duration_seconds_sum${format(h.labels)} ${h.sum}`)
    lines.push(`http_request_duration_seconds_count${format(h.labels)} ${h.count}`)
  }

  family('orken_job_runs_total', 'counter', 'Background job runs by job and outcome.')
  for (const c of sumCounters(parts.map((p) => p.snapshot.jobRuns))) lines.push(`orken_job_runs_total${format(c.labels)} ${c.value}`)
  family('orken_job_last_duration_seconds', 'gauge', 'Duration of the last run of each background job.')
  for (const { worker, snapshot } of parts)
    for (const [job, seconds] of snapshot.jobLastSeconds)
      lines.push(`orken_job_last_duration_seconds${format(worker === null ? { job } : { worker, job })} ${seconds}`)

  family('orken_mail_outbox_messages', 'gauge', 'Messages in the mail outbox by status.')
  lines.push(`orken_mail_outbox_messages{status="pending"} ${gauges.outbox.pending}`)
  lines.push(`orken_mail_outbox_messages{status="failed"} ${gauges.outbox.failed}`)
  family('orken_metric_subjects_pending', 'gauge', 'Metric subjects waiting for their refresh, a moment after the write that named them.')
  lines.push(`orken_metric_subjects_pending ${gauges.metricsPending}`)

  family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.')
  perWorker('process_resident_memory_bytes', (s) => s.memory.rss)
  family('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use in bytes.')
  perWorker('nodejs_heap_used_bytes', (s) => s.memory.heapUsed)
  family(
    'nodejs_eventloop_delay_max_seconds',
    'gauge',
    'Longest event-loop delay since the previous scrape (without a worker label: the longest of any worker).',
  )
  if (parts.some((p) => p.worker !== null)) lines.push(`nodejs_eventloop_delay_max_seconds ${Math.max(0, ...parts.map((p) => p.snapshot.loopMaxSeconds))}`)
  perWorker('nodejs_eventloop_delay_max_seconds', (s) => s.loopMaxSeconds)
  family('nodejs_eventloop_delay_seconds', 'gauge', 'Event-loop delay since the process started: mean and percentiles.')
  for (const stat of ['mean', 'p50', 'p99'] as const) perWorker('nodejs_eventloop_delay_seconds', (s) => s.loopSinceStart[stat], { stat })
  const gc = new Map<string, { count: number; seconds: number }>()
  for (const { snapshot } of parts)
    for (const [kind, total] of snapshot.gc) {
      const sum = gc.get(kind) ?? { count: 0, seconds: 0 }
      sum.count += total.count
      sum.seconds += total.seconds
      gc.set(kind, sum)
    }
  family('nodejs_gc_duration_seconds_total', 'counter', 'Time garbage collection paused the process, by kind.')
  for (const [kind, total] of gc) lines.push(`nodejs_gc_duration_seconds_total${format({ kind })} ${total.seconds}`)
  family('nodejs_gc_runs_total', 'counter', 'Garbage collections, by kind.')
  for (const [kind, total] of gc) lines.push(`nodejs_gc_runs_total${format({ kind })} ${total.count}`)
  family('nodejs_heap_total_bytes', 'gauge', 'V8 heap reserved in bytes.')
  perWorker('nodejs_heap_total_bytes', (s) => s.memory.heapTotal)
  family('process_uptime_seconds', 'gauge', 'Seconds since the process started.')
  perWorker('process_uptime_seconds', (s) => s.uptimeSeconds)

  if (cluster) {
    family('orken_metrics_cluster_workers', 'gauge', 'Workers the cluster runs.')
    lines.push(`orken_metrics_cluster_workers ${cluster.workers}`)
    family('orken_metrics_cluster_workers_missing', 'gauge', 'Workers whose figures did not arrive in time for this scrape and are left out of it.')
    lines.push(`orken_metrics_cluster_workers_missing ${cluster.missing}`)
  }
  return lines.join('\n') + '\n'
}

export type Metrics = ReturnType<typeof createMetrics>

/** Whether an Authorization header carries the bearer token, compared in constant time. */
export function bearerMatches(authorization: string | undefined, token: string | undefined): boolean {
  const given = authorization?.match(/^Bearer (\S+)$/)?.[1]
  if (!token || !given) return false
  const digest = (value: string) => crypto.createHash('sha256').update(value).digest()
  return crypto.timingSafeEqual(digest(given), digest(token))
}

/** The Content-Type of the text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'
