import { describe, expect, test } from 'vitest'
import { isPublicHost, originFromSettings } from '#app/core/public-origin.server.ts'
import { isSafeMethod, isSameOrigin, localOrigins, thisSiteCheck } from '#server/origin.ts'
import { safeRedirect } from '#app/http/safe-redirect.ts'

const SITE = ['https://academy.orken.kz']

describe('same-origin check for mutating requests', () => {
  test('lets reads through whatever their origin', () => {
    expect(isSameOrigin('GET', 'https://evil.example', SITE)).toBe(true)
    expect(isSameOrigin('HEAD', undefined, SITE)).toBe(true)
  })

  test('accepts a post from the accepted origins only: scheme, host and port', () => {
    expect(isSameOrigin('POST', 'https://academy.orken.kz', SITE)).toBe(true)
    expect(isSameOrigin('POST', 'https://academy.orken.kz:443', SITE)).toBe(true)
    expect(isSameOrigin('POST', 'http://academy.orken.kz', SITE)).toBe(false)
    expect(isSameOrigin('POST', 'https://academy.orken.kz:8443', SITE)).toBe(false)
    expect(isSameOrigin('POST', 'http://localhost:3000', ['http://localhost:3000', 'http://127.0.0.1:3000'])).toBe(true)
    expect(isSameOrigin('POST', 'https://evil.example', SITE)).toBe(false)
    expect(isSameOrigin('POST', 'https://academy.orken.kz.evil.example', SITE)).toBe(false)
    expect(isSameOrigin('DELETE', 'http://localhost:3001', ['http://localhost:3000'])).toBe(false)
  })

  test('refuses a post without an Origin, with a bad one, or marked cross-site', () => {
    expect(isSameOrigin('POST', undefined, SITE)).toBe(false)
    expect(isSameOrigin('POST', 'null', SITE)).toBe(false)
    expect(isSameOrigin('POST', 'https://academy.orken.kz', SITE, 'cross-site')).toBe(false)
  })
})

describe('the public origin', () => {
  test('PUBLIC_ORIGIN is read as an origin: required in production, localhost elsewhere, never with a path', () => {
    expect(originFromSettings({ PUBLIC_ORIGIN: 'HTTPS://Academy.Orken.kz:443/' })).toEqual({ ok: true, origin: 'https://academy.orken.kz' })
    expect(originFromSettings({ PORT: '3100' })).toEqual({ ok: true, origin: 'http://localhost:3100' })
    expect(originFromSettings({ NODE_ENV: 'production', PUBLIC_ORIGIN: ' ' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('required in production'),
    })
    for (const bad of [
      'https://academy.orken.kz/app',
      'https://academy.orken.kz?x=1',
      'https://academy.orken.kz/#a',
      'javascript:alert(1)',
      'https://u:p@academy.orken.kz',
      'academy.orken.kz',
    ]) {
      expect(originFromSettings({ PUBLIC_ORIGIN: bad }), bad).toMatchObject({ ok: false, message: expect.stringContaining('PUBLIC_ORIGIN') })
    }
  })

  test('a Host header names the public host only when name and port agree', () => {
    expect(isPublicHost('academy.orken.kz', 'https://academy.orken.kz')).toBe(true)
    expect(isPublicHost('ACADEMY.orken.kz:443', 'https://academy.orken.kz')).toBe(true)
    expect(isPublicHost('academy.orken.kz:8443', 'https://academy.orken.kz')).toBe(false)
    expect(isPublicHost('attacker.example', 'https://academy.orken.kz')).toBe(false)
    expect(isPublicHost('academy.orken.kz@attacker.example', 'https://academy.orken.kz')).toBe(false)
    expect(isPublicHost('attacker.example/academy.orken.kz', 'https://academy.orken.kz')).toBe(false)
    expect(isPublicHost(undefined, 'https://academy.orken.kz')).toBe(false)
  })

  test('the address the server was reached on comes from the socket', () => {
    const socket = (localAddress: string, localPort: number) => ({ socket: { localAddress, localPort } }) as Parameters<typeof localOrigins>[0]
    expect(localOrigins(socket('127.0.0.1', 3000))).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000'])
    expect(localOrigins(socket('::ffff:192.168.1.5', 3000))).toEqual(['http://192.168.1.5:3000'])
    expect(localOrigins(socket('::1', 3000))).toEqual(['http://[::1]:3000', 'http://localhost:3000'])
  })
})

describe('redirect after login', () => {
  test('stays on this site', () => {
    expect(safeRedirect('/admin/users?q=a')).toBe('/admin/users?q=a')
    expect(safeRedirect('//evil.example/x')).toBe('/')
    expect(safeRedirect('/\\evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect(undefined, '/home')).toBe('/home')
  })

  test('refuses what a browser reads as another site: controls and backslashes anywhere', () => {
    for (const to of ['/\t/evil.example/', '/\n/evil.example', '/\r\n//evil.example', '/x\\y', '/\u0000/evil.example', '/\u007f', '\\/evil.example', ' /x']) {
      expect(safeRedirect(to), JSON.stringify(to)).toBe('/')
    }
    expect(safeRedirect('/courses/қазақ?lang=ru#list')).toBe('/courses/%D2%9B%D0%B0%D0%B7%D0%B0%D2%9B?lang=ru#list')
    expect(safeRedirect('/%09/evil.example')).toBe('/%09/evil.example')
  })
})

describe('the production host check, remembering the hosts it accepted', () => {
  // What the check reads of an Express request: its path and its headers.
  const request = (path: string, headers: Record<string, string>) => ({ path, get: (name: string) => headers[name.toLowerCase()] })
  const options = { trustProxy: false, publicOrigin: 'https://academy.orken.kz' }

  test('the public host is served however often it comes; another host is refused every time', () => {
    const forThisSite = thisSiteCheck(options)
    for (let i = 0; i < 3; i++) {
      expect(forThisSite(request('/courses', { host: 'academy.orken.kz' }))).toBe(true)
      expect(forThisSite(request('/courses', { host: 'ACADEMY.orken.kz:443' }))).toBe(true)
      expect(forThisSite(request('/courses', { host: 'evil.example' }))).toBe(false)
      expect(forThisSite(request('/courses', { host: 'academy.orken.kz:8443' }))).toBe(false)
      expect(forThisSite(request('/courses', {}))).toBe(false)
    }
  })

  test("a balancer's /healthz on any host is served without making that host this site's", () => {
    const forThisSite = thisSiteCheck(options)
    expect(forThisSite(request('/healthz', { host: '10.0.0.7:3000' }))).toBe(true)
    expect(forThisSite(request('/courses', { host: '10.0.0.7:3000' }))).toBe(false)
  })

  test('more spellings of the public host than it remembers are still each judged', () => {
    const forThisSite = thisSiteCheck(options)
    const spellings = Array.from(
      { length: 40 },
      (_, i) => [...'academy.orken.kz'].map((c, j) => ((i >> (j % 5)) & 1 ? c.toUpperCase() : c)).join('') + (i % 3 ? ':443' : ''),
    )
    for (const host of [...spellings, 'Academy.Orken.Kz', 'academy.ORKEN.kz:443']) expect(forThisSite(request('/', { host }))).toBe(true)
    expect(forThisSite(request('/', { host: 'academy.orken.kz.evil.example' }))).toBe(false)
  })

  test('behind a trusted proxy the forwarded host is the one judged', () => {
    const forThisSite = thisSiteCheck({ ...options, trustProxy: true })
    expect(forThisSite(request('/', { host: '10.0.0.7', 'x-forwarded-host': 'academy.orken.kz' }))).toBe(true)
    expect(forThisSite(request('/', { host: 'academy.orken.kz', 'x-forwarded-host': 'evil.example' }))).toBe(false)
  })

  test('reading methods need no Origin, in any case of letters; writing ones do', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get', 'Head']) expect(isSafeMethod(method)).toBe(true)
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post', 'TRACE']) expect(isSafeMethod(method)).toBe(false)
  })
})
