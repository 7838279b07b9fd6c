import crypto from 'node:crypto'
import type express from 'express'
import { pino, type DestinationStream } from 'pino'

// One JSON line per event on stdout; the platform's log collector does the rest.
// The level comes from LOG_LEVEL, read directly because the logger is needed
// before and outside readEnv() (which validates the same variable). A person
// running the app locally (NODE_ENV unset or development: `npm start`, `npm run
// dev`) reads the same events as plain lines; LOG_FORMAT=json or readable chooses.
const local = !process.env.NODE_ENV || process.env.NODE_ENV === 'development'
const readable = process.env.LOG_FORMAT ? process.env.LOG_FORMAT === 'readable' : local
// pino's isoTime, written once per millisecond: under load several lines share one.
let lastMs = -1
let lastTime = ''
function isoTime(): string {
  const ms = Date.now()
  if (ms !== lastMs) {
    lastMs = ms
    lastTime = `,"time":"${new Date(ms).toISOString()}"`
  }
  return lastTime
}

export const logger = pino(
  {
    level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
    base: { pid: process.pid },
    timestamp: isoTime,
  },
  readable ? readableLines(process.stdout) : undefined,
)

/** `12:04:05 GET /courses 200 14.2 ms`, or `12:04:05 WARN message  key=value` for other events. */
export function readableLine(json: string): string {
  const { level, time, msg, pid: _pid, ...fields } = JSON.parse(json) as Record<string, unknown>
  const clock = typeof time === 'string' ? time.slice(11, 19) : ''
  if (msg === 'request') {
    const { method, path, status, durationMs } = fields
    return `${clock} ${String(method)} ${String(path)} ${String(status)} ${String(durationMs)} ms`
  }
  const label = typeof level === 'number' && level >= 40 ? ` ${level >= 60 ? 'FATAL' : level >= 50 ? 'ERROR' : 'WARN'}` : ''
  const { err, ...rest } = fields as { err?: { stack?: string } }
  const extra = Object.entries(rest).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
  const stack = err?.stack ? `\n${err.stack}` : err ? `  err=${JSON.stringify(err)}` : ''
  return `${clock}${label} ${String(msg ?? '')}${extra.length ? `  ${extra.join(' ')}` : ''}${stack}`
}

function readableLines(out: NodeJS.WritableStream): DestinationStream {
  return { write: (json: string) => void out.write(readableLine(json) + '\n') }
}

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

/** The caller's X-Request-Id when it is a short plain token, else a fresh one. */
export function requestIdFrom(header: string | undefined): string {
  return header && SANE_REQUEST_ID.test(header) ? header : crypto.randomUUID()
}

// These paths carry a secret (a reset or unsubscribe token) that must not reach the logs.
const SECRET_PATHS = /^\/(reset-password|unsubscribe)\/[^/]+/

/** The path as logged: no query string, secret segments replaced. */
export function loggedPath(url: string): string {
  const query = url.indexOf('?')
  const pathname = query === -1 ? url : url.slice(0, query)
  // Most paths start with neither secret prefix: no pattern to run for them.
  return pathname.startsWith('/reset-password/') || pathname.startsWith('/unsubscribe/') ? pathname.replace(SECRET_PATHS, '/$1/:token') : pathname
}

export interface FinishedRequest {
  method: string
  path: string
  status: number
  durationMs: number
}

/**
 * Gives each request an id (res.locals.requestId, echoed as X-Request-Id) and
 * logs one line when the response is finished. Cookies, bodies and query
 * strings are never logged.
 */
export function requestLog(onFinish: (request: FinishedRequest) => void): express.RequestHandler {
  return (req, res, next) => {
    const started = performance.now()
    const requestId = requestIdFrom(req.get('x-request-id'))
    res.locals.requestId = requestId
    res.setHeader('X-Request-Id', requestId)
    // A response finishes once: a plain listener, without once()'s wrapper.
    res.on('finish', () => {
      const finished = {
        method: req.method,
        path: loggedPath(req.originalUrl),
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      }
      const auth: { user: { id: string } } | null | undefined = res.locals.auth
      const userId = auth?.user.id
      const level = res.statusCode >= 500 ? 'error' : 'info'
      logger[level]({ requestId, ...finished, userId }, 'request')
      onFinish(finished)
    })
    next()
  }
}
