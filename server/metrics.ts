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

export function createMetrics() {
  const loop = watchEventLoop()
  const requests = new Map<string, { labels: Labels; value: number }>()
  const durations = new Map<string, Histogram>()
  const jobRuns = new Map<string, { labels: Labels; value: number }>()
  const jobLastSeconds = new Map<string, number>()

  function observeRequest(request: { method: string; route: string; status: number; durationMs: number }) {
    const labels = { method: METHODS.has(request.method) ? request.method : 'OTHER', route: request.route, status: statusClass(request.status) }
    const k = key(labels)
    const counter = requests.get(k) ?? { labels, value: 0 }
    counter.value++
    requests.set(k, counter)
    const histogram = durations.get(k) ?? { labels, buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 }
    const seconds = request.durationMs / 1000
    DURATION_BUCKETS.forEach((le, i) => {
      if (seconds <= le) histogram.buckets[i]!++
    })
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

  function render(gauges: ScrapeGauges): string {
    const lines: string[] = []
    const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)

    family('http_requests_total', 'counter', 'HTTP requests by method, route class and status class.')
    for (const c of requests.values()) lines.push(`http_requests_total${format(c.labels)} ${c.value}`)

    family('http_request_duration_seconds', 'histogram', 'HTTP request durations in seconds.')
    for (const h of durations.values()) {
      DURATION_BUCKETS.forEach((le, i) => lines.push(`http_request_duration_seconds_bucket${format({ ...h.labels, le: String(le) })} ${h.buckets[i]}`))
      lines.push(`http_request_duration_seconds_bucket${format({ ...h.labels, le: '+Inf' })} ${h.count}`)
      lines.push(`http_request_duration_seconds_sum${format(h.labels)} ${h.sum}`)
      lines.push(`http_request_duration_seconds_count${format(h.labels)} ${h.count}`)
    }

    family('orken_job_runs_total', 'counter', 'Background job runs by job and outcome.')
    for (const c of jobRuns.values()) lines.push(`orken_job_runs_total${format(c.labels)} ${c.value}`)
    family('orken_job_last_duration_seconds', 'gauge', 'Duration of the last run of each background job.')
    for (const [job, seconds] of jobLastSeconds) lines.push(`orken_job_last_duration_seconds${format({ job })} ${seconds}`)

    family('orken_mail_outbox_messages', 'gauge', 'Messages in the mail outbox by status.')
    lines.push(`orken_mail_outbox_messages{status="pending"} ${gauges.outbox.pending}`)
    lines.push(`orken_mail_outbox_messages{status="failed"} ${gauges.outbox.failed}`)

    const memory = process.memoryUsage()
    family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.')
    lines.push(`process_resident_memory_bytes ${memory.rss}`)
    family('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use in bytes.')
    lines.push(`nodejs_heap_used_bytes ${memory.heapUsed}`)
    family('nodejs_eventloop_delay_max_seconds', 'gauge', 'Longest event-loop delay since the previous scrape.')
    lines.push(`nodejs_eventloop_delay_max_seconds ${loop.takeWindowMax()}`)
    const delay = loop.sinceStart()
    family('nodejs_eventloop_delay_seconds', 'gauge', 'Event-loop delay since the process started: mean and percentiles.')
    lines.push(`nodejs_eventloop_delay_seconds{stat="mean"} ${delay.mean}`)
    lines.push(`nodejs_eventloop_delay_seconds{stat="p50"} ${delay.p50}`)
    lines.push(`nodejs_eventloop_delay_seconds{stat="p99"} ${delay.p99}`)
    family('nodejs_gc_duration_seconds_total', 'counter', 'Time garbage collection paused the process, by kind.')
    for (const [kind, total] of loop.gc) lines.push(`nodejs_gc_duration_seconds_total${format({ kind })} ${total.seconds}`)
    family('nodejs_gc_runs_total', 'counter', 'Garbage collections, by kind.')
    for (const [kind, total] of loop.gc) lines.push(`nodejs_gc_runs_total${format({ kind })} ${total.count}`)
    family('nodejs_heap_total_bytes', 'gauge', 'V8 heap reserved in bytes.')
    lines.push(`nodejs_heap_total_bytes ${memory.heapTotal}`)
    family('process_uptime_seconds', 'gauge', 'Seconds since the process started.')
    lines.push(`process_uptime_seconds ${process.uptime()}`)

    return lines.join('\n') + '\n'
  }

  return { observeRequest, timeJob, render }
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
