import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { sessionLogin, startServer, type RunningServer } from '#tests/setup/server.ts'

// The web app manifests a phone installs the site from: the whole site, and
// /centre on its own for coordinators (it works offline under its service
// worker's scope). Every icon they name is a PNG of the stated size.

let server: RunningServer
let db: Database
const login = sessionLogin(() => server)

beforeAll(async () => {
  server = await startServer()
  db = openDatabase(server.dbFile)
}, 30_000)

afterAll(async () => {
  await db?.destroy()
  await server?.stop()
})

/** A PNG's size from its header: the signature, then the IHDR chunk's width and height (big-endian). */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true)
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR')
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`
}

interface Icon {
  src: string
  sizes: string
  type: string
  purpose?: string
}

async function manifest(path: string) {
  const res = await fetch(server.url + path)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/)
  return (await res.json()) as Record<string, unknown> & { icons: Icon[] }
}

async function checkIcons(icons: Icon[]) {
  expect(icons.some((i) => i.sizes === '192x192' && (i.purpose ?? 'any').includes('any'))).toBe(true)
  expect(icons.some((i) => i.sizes === '512x512' && (i.purpose ?? 'any').includes('any'))).toBe(true)
  expect(icons.some((i) => i.purpose?.includes('maskable'))).toBe(true)
  for (const icon of icons) {
    expect(icon.type).toBe('image/png')
    const res = await fetch(new URL(icon.src, server.url))
    expect(res.status, icon.src).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(pngSize(Buffer.from(await res.arrayBuffer())), icon.src).toBe(icon.sizes)
  }
}

describe('web app manifests', () => {
  test('the site’s manifest: the brand, Kazakh, standalone from /, theme colours and icons', async () => {
    const site = await manifest('/manifest.webmanifest')
    expect(site).toMatchObject({
      id: '/',
      name: 'Өркен Academy',
      lang: 'kk',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#0b5a55',
      background_color: '#ffffff',
    })
    expect(typeof site.short_name).toBe('string')
    expect((site.short_name as string).length).toBeLessThanOrEqual(12)
    await checkIcons(site.icons)
  })

  test('the centre’s manifest starts at /centre and stays in its service worker’s scope', async () => {
    const centre = await manifest('/centre.webmanifest')
    expect(centre).toMatchObject({ id: '/centre', start_url: '/centre', scope: '/centre', display: 'standalone', lang: 'kk', theme_color: '#0b5a55' })
    await checkIcons(centre.icons)
  })

  test('pages link the manifest and the theme colour; /centre links its own', async () => {
    const home = await (await fetch(server.url + '/')).text()
    expect(home).toContain('<link rel="manifest" href="/manifest.webmanifest"/>')
    expect(home).toContain('<meta name="theme-color" content="#0b5a55"/>')
    expect(home).toContain('<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>')
    const apple = await fetch(server.url + '/icons/apple-touch-icon.png')
    expect(pngSize(Buffer.from(await apple.arrayBuffer()))).toBe('180x180')

    const coordinator = await createUser(db, { roles: ['coordinator'] })
    const centre = await fetch(server.url + '/centre', { headers: { Cookie: await login(coordinator) } })
    expect(centre.status).toBe(200)
    const html = await centre.text()
    expect(html).toContain('<link rel="manifest" href="/centre.webmanifest"/>')
    expect(html).not.toContain('href="/manifest.webmanifest"')
  })
})
