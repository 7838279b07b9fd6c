// The security headers of every response, and the per-request nonce that lets
// the page's own inline scripts (Remix's hand-off, React's streaming) run under
// a Content-Security-Policy that refuses every other inline script. See
// docs/decisions/014-security-headers.md.
import crypto from 'node:crypto'
import type express from 'express'

/**
 * What the app loads, and from where:
 * - scripts: the built modules under /assets, started by Remix's nonced inline
 *   scripts; 'strict-dynamic' trusts what those import. 'self' only matters to
 *   browsers without 'strict-dynamic' (CSP level 2), which ignore it otherwise.
 * - styles: stylesheets from /assets (Uppy's too). Style attributes stay
 *   allowed: pages render them (chart bars, map swatches, meters) and Uppy's
 *   Dashboard sets them; they cannot run script.
 * - images and media: own files, Uppy's data: icons and blob: thumbnails, and
 *   any HTTPS address, since a lesson's <Figure> and <Video> may name one
 *   (components/authoring/snippets.ts isSafeAddress).
 * - fetches and uploads (tus at /uploads/tus), the service worker of the
 *   centre page, forms: this origin only.
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean; secure: boolean }): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': [`'nonce-${nonce}'`, "'strict-dynamic'", "'self'"],
    'style-src': ["'self'"],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'media-src': ["'self'", 'https:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'frame-src': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  }
  if (options.development) {
    // Vite's dev server injects inline scripts and <style> elements and talks
    // over a WebSocket; none of that exists in a build.
    directives['script-src'] = ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
    directives['style-src'] = ["'self'", "'unsafe-inline'"]
    directives['connect-src'] = ["'self'", 'ws:', 'wss:']
  }
  const policy = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(' ')}`)
  if (options.secure) policy.push('upgrade-insecure-requests')
  return policy.join('; ')
}

// Features a page could ask the browser for; the app uses none of them.
const PERMISSIONS_POLICY = ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'midi'].map((feature) => `${feature}=()`).join(', ')

const NONCE_BYTES = 16
// Random bytes are drawn 4 KiB at a time and handed out 16 per nonce: one call
// to the system's generator per 256 requests instead of one per request (the
// way Node's crypto.randomUUID() buffers its own). Each nonce still takes
// bytes no other nonce took.
const nonceBytes = Buffer.alloc(NONCE_BYTES * 256)
let nonceOffset = nonceBytes.length

/** A fresh nonce: 16 random bytes, in base64. */
export function freshNonce(): string {
  if (nonceOffset === nonceBytes.length) {
    crypto.randomFillSync(nonceBytes)
    nonceOffset = 0
  }
  const nonce = nonceBytes.toString('base64', nonceOffset, nonceOffset + NONCE_BYTES)
  nonceOffset += NONCE_BYTES
  return nonce
}

const NONCE_MARK = 'NONCE'

/**
 * Sets the security headers and `res.locals.cspNonce`, a fresh random value
 * per request that the HTML renderer puts on its inline scripts. HSTS only on
 * a request that arrived over HTTPS (req.secure honours TRUST_PROXY and
 * X-Forwarded-Proto), so a plain-HTTP local run never pins a browser to HTTPS.
 * The policy is written once per kind of request (plain or secure); a request
 * only puts its nonce between the two halves.
 */
export function securityHeaders(options: { development: boolean }): express.RequestHandler {
  const halves = (secure: boolean) => contentSecurityPolicy(NONCE_MARK, { development: options.development, secure }).split(NONCE_MARK)
  const policy = { plain: halves(false), secure: halves(true) }
  return (req, res, next) => {
    const secure = req.secure
    const [before, after] = secure ? policy.secure : policy.plain
    const nonce = freshNonce()
    res.locals.cspNonce = nonce
    // Without a nonce mark (the development policy) the halves are the whole policy.
    res.setHeader('Content-Security-Policy', after === undefined ? before! : before + nonce + after)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Referrer-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY)
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    next()
  }
}
