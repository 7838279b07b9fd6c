import crypto from 'node:crypto'
import type express from 'express'
import { pino } from 'pino'

// One JSON line per event on stdout; the platform's log collector does the rest.
// The level comes from LOG_LEVEL, read directly because the logger is needed
// before and outside readEnv() (which validates the same variable).
export const logger = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
})

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

/** The caller's X-Request-Id when it is a short plain token, else a fresh one. */
export function requestIdFrom(header: string | undefined): string {
  return header && SANE_REQUEST_ID.test(header) ? header : crypto.randomUUID()
}

// These paths carry a secret (a reset or unsubscribe token) that must not reach the logs.
const SECRET_PATHS = /^\/(reset-password|unsubscribe)\/[^/]+/

/** The path as logged: no query string, secret segments replaced. */
export function loggedPath(url: string): string {
  const pathname = url.split('?')[0] ?? '/'
  return pathname.replace(SECRET_PATHS, '/$1/:token')
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
    res.once('finish', () => {
      const finished = { method: req.method, path: loggedPath(req.originalUrl), status: res.statusCode, durationMs: Math.round((performance.now() - started) * 100) / 100 }
      const auth: { user: { id: string } } | null | undefined = res.locals.auth
      const userId = auth?.user.id
      const level = res.statusCode >= 500 ? 'error' : 'info'
      logger[level]({ requestId, ...finished, userId }, 'request')
      onFinish(finished)
    })
    next()
  }
}
