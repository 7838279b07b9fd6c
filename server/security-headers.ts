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

/**
 * Sets the security headers and `res.locals.cspNonce`, a fresh random value
 * per request that the HTML renderer puts on its inline scripts. HSTS only on
 * a request that arrived over HTTPS (req.secure honours TRUST_PROXY and
 * X-Forwarded-Proto), so a plain-HTTP local run never pins a browser to HTTPS.
 */
export function securityHeaders(options: { development: boolean }): express.RequestHandler {
  return (req, res, next) => {
    const nonce = crypto.randomBytes(16).toString('base64')
    res.locals.cspNonce = nonce
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, { development: options.development, secure: req.secure }))
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Referrer-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY)
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    next()
  }
}
