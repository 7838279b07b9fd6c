import type { Request } from 'express'
import { isPublicHost } from '#app/core/public-origin.server.ts'
import { trilingualPage } from './plain-page.ts'

// Same-origin check for mutating requests, as in Lucia's CSRF advice: the
// Origin header (which browsers send with every POST) must name this site.
// "This site" is the configured PUBLIC_ORIGIN, never the request's own Host
// header: a client that forges Host can forge a matching Origin too.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Whether the method only reads (GET, HEAD, OPTIONS): such a request needs no Origin check. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method) || SAFE_METHODS.has(method.toUpperCase())
}

/** Whether a request may act: reads always; writes only from one of the accepted origins. */
export function isSameOrigin(method: string, origin: string | undefined, accepted: readonly string[], fetchSite?: string): boolean {
  if (isSafeMethod(method)) return true
  if (fetchSite === 'cross-site') return false
  if (!origin) return false
  try {
    return accepted.includes(new URL(origin).origin)
  } catch {
    return false
  }
}

/** What the host checks read of an Express request: its path and its headers. */
export interface RequestHead {
  path: string
  get(name: string): string | undefined
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/

/**
 * The origins a browser shows when it reached this server directly, read
 * from the socket (not from any header): `http://<local address>:<port>`,
 * and `http://localhost:<port>` on loopback. Accepted outside production
 * only, so that development and tests work on whatever address they use.
 */
export function localOrigins(req: Pick<Request, 'socket'>): string[] {
  const address = req.socket.localAddress?.replace(/^::ffff:/, '')
  const port = req.socket.localPort
  if (!address || !port) return []
  const origins = [`http://${address.includes(':') ? `[${address}]` : address}:${port}`]
  if (LOOPBACK.test(address)) origins.push(`http://localhost:${port}`)
  return origins.map((o) => new URL(o).origin)
}

/**
 * The host a request was sent to: the Host header, or behind a trusted proxy
 * the first X-Forwarded-Host when the proxy sets one.
 */
export function requestedHost(req: Pick<RequestHead, 'get'>, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? req.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined
  return forwarded || req.get('host')
}

/** In production: whether the request names the public host (a balancer's /healthz probe may name any). */
export function isForThisSite(req: RequestHead, options: { trustProxy: boolean; publicOrigin: string }): boolean {
  if (req.path === '/healthz') return true
  return isPublicHost(requestedHost(req, options.trustProxy), options.publicOrigin)
}

const REMEMBERED_HOSTS = 16

/**
 * isForThisSite for one configuration, remembering the Host values it
 * accepted (at most 16: in practice the public host, as browsers spell it),
 * so that a request naming one of them costs a lookup instead of two URL
 * parses. A refused host is never remembered: every refusal is worked out.
 */
export function thisSiteCheck(options: { trustProxy: boolean; publicOrigin: string }): (req: RequestHead) => boolean {
  const accepted = new Set<string>()
  return (req) => {
    const host = requestedHost(req, options.trustProxy)
    if (host !== undefined && accepted.has(host)) return true
    if (!isForThisSite(req, options)) return false
    if (host !== undefined && accepted.size < REMEMBERED_HOSTS && isPublicHost(host, options.publicOrigin)) accepted.add(host)
    return true
  }
}

export const forbiddenCrossOrigin = trilingualPage(403, {
  kk: 'Сұрау басқа сайттан жіберілген, сондықтан қабылданбады. Бетті қайта ашып, әрекетті қайталаңыз.',
  ru: 'Запрос отправлен с другого сайта и поэтому отклонён. Откройте страницу заново и повторите действие.',
  en: 'The request came from another site and was refused. Open the page again and retry.',
})

// 421 Misdirected Request: this server does not answer for the host the request named.
export const misdirectedRequest = trilingualPage(421, {
  kk: 'Бұл сервер сұраудағы сайт атауына жауап бермейді. Сайттың ресми мекенжайын ашыңыз.',
  ru: 'Этот сервер не обслуживает адрес сайта, указанный в запросе. Откройте официальный адрес сайта.',
  en: 'This server does not answer for the site address the request named. Open the site at its official address.',
})
