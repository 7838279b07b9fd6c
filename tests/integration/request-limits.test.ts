import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MAX_MANIFEST_PARTS, MAX_PATH_LENGTH, MAX_PATH_SEGMENTS, pathRefusal } from '#server/request-limits.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'

// Crafted paths are refused before Remix's route matching, which costs seconds
// for a path of thousands of segments (ADR 016); the app's own addresses and
// Remix's own manifest requests still go through.

let server: RunningServer

beforeAll(async () => {
  server = await startServer()
}, 30_000)

afterAll(async () => {
  await server?.stop()
})

const deep = (segments: number) => '/' + Array.from({ length: segments }, () => 'a').join('/')
const get = (path: string) => fetch(server.url + path, { redirect: 'manual', headers: { Cookie: 'orken_lang=en' } })

describe('pathRefusal', () => {
  test('draws the lines where the constants say', () => {
    expect(pathRefusal(deep(MAX_PATH_SEGMENTS), '')).toBeNull()
    expect(pathRefusal(deep(MAX_PATH_SEGMENTS + 1), '')).toEqual({ status: 414 })
    expect(pathRefusal('/' + 'x'.repeat(MAX_PATH_LENGTH - 1), '')).toBeNull()
    expect(pathRefusal('/' + 'x'.repeat(MAX_PATH_LENGTH), '')).toEqual({ status: 414 })
    expect(pathRefusal('/__manifest', `p=${encodeURIComponent(deep(MAX_PATH_SEGMENTS + 1))}&version=1`)).toEqual({ status: 400 })
    const many = (count: number, segments: number) => Array.from({ length: count }, () => `p=${deep(segments)}`).join('&')
    expect(pathRefusal('/__manifest', many(MAX_MANIFEST_PARTS / 20, 20))).toBeNull()
    expect(pathRefusal('/__manifest', many(MAX_MANIFEST_PARTS / 20 + 1, 20))).toEqual({ status: 400 })
  })
})

describe('the server', () => {
  test('a path of thousands of segments is refused at once with 414, in three languages, with the security headers', async () => {
    for (const path of [deep(3700), deep(MAX_PATH_SEGMENTS + 1), '/courses/' + 'x'.repeat(MAX_PATH_LENGTH)]) {
      const res = await get(path)
      expect(res.status, path.slice(0, 40)).toBe(414)
      const body = await res.text()
      expect(body).toContain('Бет мекенжайы тым ұзын')
      expect(body).toContain('Адрес страницы слишком длинный')
      expect(body).toContain('The page address is too long')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })

  test('a deep path within the limit is still the app’s own 404 page', async () => {
    const res = await get(deep(MAX_PATH_SEGMENTS))
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Page not found')
  })

  test('the manifest answers the paths a page links to, and refuses a crafted path or too many parts', async () => {
    const home = await (await get('/')).text()
    const version = /\/assets\/manifest-([0-9a-f]+)\.js/.exec(home)?.[1]
    expect(version, 'the manifest module in the home page').toBeDefined()
    const manifest = (query: string) => get(`/__manifest?${query}&version=${version}`)

    const links = await manifest('p=%2Fcourses&p=%2Flogin&p=%2Fverify')
    expect(links.status).toBe(200)
    const patches = (await links.json()) as Record<string, { path?: string }>
    expect(Object.values(patches).map((r) => r.path)).toEqual(expect.arrayContaining(['courses', 'login']))

    // As sent by an attacker: raw slashes keep the URL under Remix's own 7,680-character limit.
    expect((await manifest(`p=${deep(3700)}`)).status).toBe(400)
    expect((await manifest(`p=${encodeURIComponent(deep(MAX_PATH_SEGMENTS + 1))}`)).status).toBe(400)
    const tooMany = Array.from({ length: MAX_MANIFEST_PARTS / 20 + 1 }, () => `p=${deep(20)}`).join('&')
    expect((await manifest(tooMany)).status).toBe(400)
  })
})
