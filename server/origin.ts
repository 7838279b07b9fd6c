import type { Request } from 'express'
import { isPublicHost } from '#app/core/public-origin.server.ts'
import { trilingualPage } from './plain-page.ts'

// Same-origin check for mutating requests, as in Lucia's CSRF advice: the
// Origin header (which browsers send with every POST) must name this site.
// "This site" is the configured PUBLIC_ORIGIN, never the request's own Host
// header: a client that forges Host can forge a matching Origin too.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Whether a request may act: reads always; writes only from one of the accepted origins. */
export function isSameOrigin(method: string, origin: string | undefined, accepted: readonly string[], fetchSite?: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (fetchSite === 'cross-site') return false
  if (!origin) return false
  try {
    return accepted.includes(new URL(origin).origin)
  } catch {
    return false
  }
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
export function requestedHost(req: Pick<Request, 'get'>, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? req.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined
  return forwarded || req.get('host')
}

/** In production: whether the request names the public host (a balancer's /healthz probe may name any). */
export function isForThisSite(req: Pick<Request, 'get' | 'path'>, options: { trustProxy: boolean; publicOrigin: string }): boolean {
  if (req.path === '/healthz') return true
  return isPublicHost(requestedHost(req, options.trustProxy), options.publicOrigin)
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
