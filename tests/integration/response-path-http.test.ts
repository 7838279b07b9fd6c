import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { gunzipSync, gzipSync } from 'node:zlib'
import compression from 'compression'
import express from 'express'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { contentSecurityPolicy, freshNonce, securityHeaders } from '#server/security-headers.ts'

// The shared request path (ADR 038, request-path amendment) on a real Express
// app over real HTTP: the patched Remix adapter writes a Fetch Response's body
// in batches, ending a body that is complete within its first batch with
// res.end(body), so that `compression` sees its length; and the security
// headers put a fresh nonce into a policy written once. The server loads the
// adapter's CommonJS build, so that is the one used here.
const adapter = createRequire(import.meta.url)('@remix-run/express/dist/server.js') as {
  sendRemixResponse: (res: express.Response, response: Response) => Promise<void>
}

/** Answers for the test, set per path before the request is made. */
const answers = new Map<string, () => Response>()
/** A kept page's bytes handed to the adapter beside a Response, as entry.server.tsx does through the load context. */
const keptBodies = new Map<string, (response: Response) => { response: Response; body: Buffer }>()
let server: http.Server
let base: string

beforeAll(async () => {
  const app = express()
  app.set('trust proxy', true)
  app.use(compression({ threshold: 1024 }))
  app.use(securityHeaders({ development: false }))
  app.get('/nonce', (_req, res) => void res.json({ nonce: res.locals.cspNonce as string }))
  // As the session middleware does before Remix answers: a refreshed session cookie.
  app.use('/remix/cookies', (_req, res, next) => {
    res.append('Set-Cookie', 'orken_session=refreshed; Path=/; HttpOnly')
    next()
  })
  app.get('/remix/:name', (req, res, next) => {
    const answer = answers.get(req.params.name)
    if (!answer) return next()
    const response = answer()
    const kept = keptBodies.get(req.params.name)
    if (kept) res.locals.keptBody = kept(response)
    adapter.sendRemixResponse(res, response).catch(next)
  })
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

interface Received {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
  /** How many bytes had arrived when the stream under test was let go on (see `onFirstData`). */
  firstDataBytes: number
}

function get(path: string, headers: Record<string, string> = {}, onFirstData?: () => void): Promise<Received> {
  return new Promise((resolve, reject) => {
    http
      .get(base + path, { headers }, (res) => {
        const chunks: Buffer[] = []
        let firstDataBytes = 0
        res.on('data', (chunk: Buffer) => {
          if (chunks.length === 0) {
            firstDataBytes = chunk.length
            onFirstData?.()
          }
          chunks.push(chunk)
        })
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), firstDataBytes }))
      })
      .on('error', reject)
  })
}

const encoder = new TextEncoder()
const text = (length: number, letter = 'ә') => letter.repeat(length)

describe('the Remix adapter writes a response body', () => {
  test('a small body goes out whole, with its length and without gzip, however it is asked', async () => {
    answers.set('small', () => Response.json({ status: 'ok', database: 'ok' }, { headers: { 'Cache-Control': 'no-store' } }))
    const res = await get('/remix/small', { 'Accept-Encoding': 'gzip' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers['transfer-encoding']).toBeUndefined()
    expect(res.headers['content-length']).toBe(String(res.body.length))
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers.vary).toContain('Accept-Encoding')
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({ status: 'ok', database: 'ok' })
  })

  test('a body over the threshold is gzipped for a client that takes gzip, and sent plain to one that does not', async () => {
    const page = `<p>${text(3000)}</p>`
    answers.set('large', () => new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8' } }))
    const zipped = await get('/remix/large', { 'Accept-Encoding': 'gzip' })
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.body.length).toBeLessThan(Buffer.byteLength(page))
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(page)
    const plain = await get('/remix/large', { 'Accept-Encoding': 'identity' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers['content-length']).toBe(String(Buffer.byteLength(page)))
    expect(plain.body.toString('utf8')).toBe(page)
  })

  test('chunks the stream already holds go out as one body with its length, in order', async () => {
    const parts = ['<!DOCTYPE html>', '<html lang="kk">', `<body>${text(100, 'ғ')}</body>`, '</html>']
    answers.set('chunks', () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const part of parts) controller.enqueue(encoder.encode(part))
          controller.close()
        },
      })
      return new Response(body, { headers: { 'Content-Type': 'text/html; charset=utf-8' } })
    })
    const res = await get('/remix/chunks')
    expect(res.headers['transfer-encoding']).toBeUndefined()
    expect(res.headers['content-length']).toBe(String(res.body.length))
    expect(res.body.toString('utf8')).toBe(parts.join(''))
  })

  test('a stream still being produced is sent as it comes: the first part reaches the client before the rest is made', async () => {
    let goOn: () => void = () => {}
    const wentOn = new Promise<void>((resolve) => (goOn = resolve))
    answers.set('streamed', () => {
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode('shell;'))
          // The rest waits until the client has read the shell: held back, the test would never end.
          await wentOn
          controller.enqueue(encoder.encode('rest;'))
          controller.enqueue(encoder.encode('end'))
          controller.close()
        },
      })
      return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
    })
    const res = await get('/remix/streamed', { 'Accept-Encoding': 'identity' }, goOn)
    expect(res.firstDataBytes).toBeGreaterThan(0)
    expect(res.headers['transfer-encoding']).toBe('chunked')
    expect(res.body.toString('utf8')).toBe('shell;rest;end')
  })

  test('a stream still being produced is gzipped and flushed part by part for a client that takes gzip', async () => {
    let goOn: () => void = () => {}
    const wentOn = new Promise<void>((resolve) => (goOn = resolve))
    const shell = text(2000, 'қ')
    answers.set('streamed-gzip', () => {
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode(shell))
          await wentOn
          controller.enqueue(encoder.encode('end'))
          controller.close()
        },
      })
      return new Response(body, { headers: { 'Content-Type': 'text/html; charset=utf-8' } })
    })
    const res = await get('/remix/streamed-gzip', { 'Accept-Encoding': 'gzip' }, goOn)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(res.body).toString('utf8')).toBe(shell + 'end')
  })

  test("the response's headers join those set before it: cookies added, a Content-Type without charset given one", async () => {
    answers.set('cookies', () => {
      const headers = new Headers({ 'Content-Type': 'text/html', 'X-Answer': 'kept' })
      headers.append('Set-Cookie', 'lang=kk; Path=/')
      headers.append('Set-Cookie', 'seen=1; Path=/')
      return new Response('<p>сәлем</p>', { headers })
    })
    const res = await get('/remix/cookies')
    expect(res.headers['set-cookie']).toEqual(['orken_session=refreshed; Path=/; HttpOnly', 'lang=kk; Path=/', 'seen=1; Path=/'])
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['x-answer']).toBe('kept')
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(res.body.toString('utf8')).toBe('<p>сәлем</p>')
  })

  test("a kept page's compressed bytes, handed over beside their response, go out as they are", async () => {
    const page = `<p>${text(3000)}</p>`
    const zipped = gzipSync(page, { level: 9 })
    const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'gzip', 'Content-Length': String(zipped.length) }
    answers.set('kept', () => new Response(null, { headers }))
    keptBodies.set('kept', (response) => ({ response, body: zipped }))
    const res = await get('/remix/kept', { 'Accept-Encoding': 'gzip' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers['content-length']).toBe(String(zipped.length))
    // Not compressed again by `compression`: the very bytes handed over.
    expect(res.body.equals(zipped)).toBe(true)
    expect(gunzipSync(res.body).toString('utf8')).toBe(page)
  })

  test('bytes handed over for another response are never sent with this one', async () => {
    answers.set('replaced', () => new Response(null, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } }))
    // As for a HEAD request, whose response Remix replaces by one without a body.
    keptBodies.set('replaced', () => ({ response: new Response(null), body: Buffer.from('<p>kept for another response</p>') }))
    const res = await get('/remix/replaced')
    expect(res.status).toBe(200)
    expect(res.body.length).toBe(0)
  })

  test('a response without a body ends with its status and headers', async () => {
    answers.set('empty', () => new Response(null, { status: 204, headers: { 'X-Answer': 'none' } }))
    const res = await get('/remix/empty')
    expect(res.status).toBe(204)
    expect(res.headers['x-answer']).toBe('none')
    expect(res.body.length).toBe(0)
  })
})

describe('security headers', () => {
  test('each response carries the policy written for its kind of request, with its own nonce', async () => {
    const seen = new Set<string>()
    for (const secure of [false, true]) {
      for (let i = 0; i < 5; i++) {
        const res = await get('/nonce', secure ? { 'X-Forwarded-Proto': 'https' } : {})
        const { nonce } = JSON.parse(res.body.toString('utf8')) as { nonce: string }
        expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy(nonce, { development: false, secure }))
        expect(Boolean(res.headers['strict-transport-security'])).toBe(secure)
        expect(res.headers['x-frame-options']).toBe('DENY')
        seen.add(nonce)
      }
    }
    expect(seen.size).toBe(10)
  })

  test('nonces are 16 random bytes each, none repeated, across refills of the pool', () => {
    const nonces = Array.from({ length: 1000 }, () => freshNonce())
    expect(new Set(nonces).size).toBe(nonces.length)
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
  })

  test('the development policy, which has no nonce, is sent whole', async () => {
    const dev = express().use(securityHeaders({ development: true }))
    dev.get('/', (_req, res) => void res.send('ok'))
    const listening = dev.listen(0, '127.0.0.1')
    await new Promise((resolve) => listening.once('listening', resolve))
    try {
      const res = await fetch(`http://127.0.0.1:${(listening.address() as AddressInfo).port}/`)
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy('unused', { development: true, secure: false }))
    } finally {
      await new Promise((resolve) => listening.close(resolve))
    }
  })
})
