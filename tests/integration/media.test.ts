import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseRange, resolveMediaPath, serveMediaFile, statMediaFile } from '#app/modules/media/serve-file.server.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'

// Course media: the file server on its own (a folder of our own files), the
// route over real HTTP, and the committed media files read back with real tools.

const MEDIA = path.resolve('content/media')
const root = path.join(TMP_DIR, `media-${process.pid}`)
const outside = path.join(TMP_DIR, `media-outside-${process.pid}.svg`)
const clip = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256))

beforeAll(() => {
  fs.rmSync(root, { recursive: true, force: true })
  fs.mkdirSync(path.join(root, 'course', 'folder.svg'), { recursive: true })
  fs.writeFileSync(path.join(root, 'course', 'clip.mp4'), clip)
  for (const ext of ['svg', 'png', 'jpg', 'jpeg', 'webp', 'pdf', 'webm', 'vtt', 'js', 'html']) fs.writeFileSync(path.join(root, 'course', `file.${ext}`), 'x')
  fs.writeFileSync(path.join(root, 'course', '.hidden.svg'), '<svg/>')
  fs.writeFileSync(outside, '<svg>secret</svg>')
  fs.symlinkSync(outside, path.join(root, 'course', 'link.svg'))
})

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true })
  fs.rmSync(outside, { force: true })
})

const serve = (name: string, headers: Record<string, string> = {}, method = 'GET') => serveMediaFile(root, name, { method, headers: new Headers(headers) })

async function bytes(res: Response | null) {
  expect(res).not.toBeNull()
  return Buffer.from(await res!.arrayBuffer())
}

describe('media paths', () => {
  test.each([
    ['a parent folder', '../media-outside.svg'],
    ['a parent folder further in', 'course/../../media-outside.svg'],
    ['a dot segment', 'course/./file.svg'],
    ['an encoded parent folder', '%2e%2e/%2e%2e/package.json'],
    ['an encoded slash', 'course%2F..%2F..%2Ffile.svg'],
    ['an absolute path', '/etc/passwd'],
    ['a drive letter', 'C:/Windows/win.ini'],
    ['backslashes', 'course\\..\\..\\file.svg'],
    ['a NUL byte', 'course/file.svg\0.png'],
    ['an empty name', ''],
    ['an empty segment', 'course//file.svg'],
    ['a hidden file', 'course/.hidden.svg'],
    ['a script', 'course/file.js'],
    ['an HTML page', 'course/file.html'],
    ['no extension', 'course/clip'],
  ])('%s is refused', async (_name, name) => {
    expect(resolveMediaPath(root, name)).toBeNull()
    expect(await serve(name)).toBeNull()
  })

  test('a plain name resolves inside the folder', () => {
    expect(resolveMediaPath(root, 'course/clip.mp4')).toBe(path.join(root, 'course', 'clip.mp4'))
  })

  test('a missing file, a folder and a link that leads out of the folder are not found', async () => {
    expect(await statMediaFile(root, 'course/missing.mp4')).toBeNull()
    expect(await statMediaFile(root, 'course/folder.svg')).toBeNull()
    expect(await statMediaFile(root, 'course/link.svg')).toBeNull()
  })
})

describe('media responses', () => {
  test.each([
    ['svg', 'image/svg+xml'],
    ['png', 'image/png'],
    ['jpg', 'image/jpeg'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
    ['pdf', 'application/pdf'],
    ['webm', 'video/webm'],
    ['vtt', 'text/vtt; charset=utf-8'],
  ])('.%s is served as %s and never sniffed', async (ext, type) => {
    const res = await serve(`course/file.${ext}`)
    expect(res?.status).toBe(200)
    expect(res?.headers.get('content-type')).toBe(type)
    expect(res?.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res?.headers.get('cache-control')).toBe('public, max-age=86400')
    expect(res?.headers.get('content-security-policy')).toBe(ext === 'svg' ? "default-src 'none'; style-src 'unsafe-inline'" : null)
  })

  test('without a Range header the whole file is sent', async () => {
    const res = await serve('course/clip.mp4')
    expect(res?.status).toBe(200)
    expect(res?.headers.get('content-type')).toBe('video/mp4')
    expect(res?.headers.get('accept-ranges')).toBe('bytes')
    expect(res?.headers.get('content-length')).toBe('1000')
    expect((await bytes(res)).equals(clip)).toBe(true)
  })

  test.each([
    ['bytes=10-19', 10, 19],
    ['bytes=0-0', 0, 0],
    ['bytes=990-', 990, 999],
    ['bytes=995-5000', 995, 999],
    ['bytes=-100', 900, 999],
    ['bytes=-5000', 0, 999],
  ])('%s sends bytes %i to %i with 206', async (range, start, end) => {
    const res = await serve('course/clip.mp4', { Range: range })
    expect(res?.status).toBe(206)
    expect(res?.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`)
    expect(res?.headers.get('content-length')).toBe(String(end - start + 1))
    expect((await bytes(res)).equals(clip.subarray(start, end + 1))).toBe(true)
  })

  test.each(['bytes=1000-', 'bytes=5000-6000', 'bytes=-0'])('%s cannot be satisfied: 416', async (range) => {
    const res = await serve('course/clip.mp4', { Range: range })
    expect(res?.status).toBe(416)
    expect(res?.headers.get('content-range')).toBe('bytes */1000')
    expect(await bytes(res)).toHaveLength(0)
  })

  test.each(['bytes=20-10', 'items=0-10', 'bytes=0-1,5-6', 'bytes=abc'])('%s is ignored and the whole file sent', async (range) => {
    const res = await serve('course/clip.mp4', { Range: range })
    expect(res?.status).toBe(200)
    expect(await bytes(res)).toHaveLength(1000)
  })

  test('parseRange reads the three forms', () => {
    expect(parseRange(null, 10)).toBeNull()
    expect(parseRange('bytes=2-4', 10)).toEqual({ start: 2, end: 4 })
    expect(parseRange('bytes=7-', 10)).toEqual({ start: 7, end: 9 })
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 })
    expect(parseRange('bytes=-', 10)).toBeNull()
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable')
  })

  test('a strong ETag from size and time; 304 when the browser has it', async () => {
    const first = await serve('course/clip.mp4')
    const etag = first!.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
    await first!.body?.cancel()
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await serve('course/clip.mp4', { 'If-None-Match': header, Range: 'bytes=0-9' })
      expect(again?.status).toBe(304)
      expect(again?.headers.get('etag')).toBe(etag)
      expect(await bytes(again)).toHaveLength(0)
    }
    const other = await serve('course/clip.mp4', { 'If-None-Match': '"something-else"' })
    expect(other?.status).toBe(200)
    await other!.body?.cancel()

    const file = path.join(root, 'course', 'clip.mp4')
    fs.utimesSync(file, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'))
    const changed = await serve('course/clip.mp4', { 'If-None-Match': etag })
    expect(changed?.status).toBe(200)
    expect(changed?.headers.get('etag')).not.toBe(etag)
    await changed!.body?.cancel()
  })

  test('If-Range with an old ETag gets the whole new file, not a part of it', async () => {
    const current = (await statMediaFile(root, 'course/clip.mp4'))!.etag
    const stale = await serve('course/clip.mp4', { Range: 'bytes=0-9', 'If-Range': '"0-0"' })
    expect(stale?.status).toBe(200)
    expect(await bytes(stale)).toHaveLength(1000)
    const fresh = await serve('course/clip.mp4', { Range: 'bytes=0-9', 'If-Range': current })
    expect(fresh?.status).toBe(206)
    expect(await bytes(fresh)).toHaveLength(10)
  })

  test('HEAD answers the headers without opening the file', async () => {
    const res = await serve('course/clip.mp4', { Range: 'bytes=0-99' }, 'HEAD')
    expect(res?.status).toBe(206)
    expect(res?.headers.get('content-length')).toBe('100')
    expect(res?.body).toBeNull()
  })
})

describe('the committed media', () => {
  const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(MEDIA, file), '-'], { encoding: 'utf8' })
  const pdfInfo = (file: string) => execFileSync('pdfinfo', [path.join(MEDIA, file)], { encoding: 'utf8' })

  test.each([
    ['bullying-prevention/incident-checklist.pdf', ['Тоқтату', 'Қауіпсіздік', 'Хабарлау және тіркеу'], ['Остановить', 'Безопасность', 'План мер']],
    [
      'child-wellbeing/observation-sheet.pdf',
      ['Оқушыны бақылау парағы', 'Бақылау', 'Жазбалар – сол күні'],
      ['Лист наблюдения за учеником', 'Записи – в тот же день'],
    ],
  ])('%s is a two-page A4 sheet, Kazakh page first', (file, kazakh, russian) => {
    const info = pdfInfo(file)
    expect(info).toMatch(/Pages:\s+2\n/)
    expect(info).toContain('595.28 x 841.89 pts (A4)')
    const [kk = '', ru = ''] = pdfText(file).split('\f')
    for (const word of kazakh) expect(kk).toContain(word)
    for (const word of russian) expect(ru).toContain(word)
  })

  test('the roles figure is a small, labelled SVG without scripts', () => {
    const svg = fs.readFileSync(path.join(MEDIA, 'bullying-prevention/roles.svg'), 'utf8')
    expect(Buffer.byteLength(svg)).toBeLessThan(20_000)
    expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title>/)
    expect(svg).toMatch(/<desc id="[^"]+">[^<]+<\/desc>/)
    for (const role of ['Бастамашы', 'Инициатор', 'Қорғаушылар', 'Защитники', 'Бейтарап бақылаушылар', 'Пассивные наблюдатели']) expect(svg).toContain(role)
    expect(svg).not.toMatch(/<script|\bon[a-z]+=/i)
  })

  test('the video starts playing before it has all loaded and its captions cover it in both languages', () => {
    const video = fs.readFileSync(path.join(MEDIA, 'child-wellbeing/early-signs.mp4'))
    expect(video.length).toBeLessThan(1.5 * 1024 * 1024)
    expect(video.indexOf('moov')).toBeLessThan(video.indexOf('mdat'))
    const cues = (lang: string) => {
      const vtt = fs.readFileSync(path.join(MEDIA, `child-wellbeing/early-signs.${lang}.vtt`), 'utf8')
      expect(vtt.startsWith('WEBVTT\n')).toBe(true)
      return [...vtt.matchAll(/^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$/gm)].map((m) => `${m[1]}-${m[2]}`)
    }
    expect(cues('kk').length).toBeGreaterThan(3)
    expect(cues('ru')).toEqual(cues('kk'))
    expect(cues('kk').at(-1)).toMatch(/-00:00:(2\d|30)\.\d{3}$/)
  })
})

describe('media over HTTP', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer()
  }, 30_000)

  afterAll(async () => {
    await server?.stop()
  })

  test('the roles figure: SVG that may not run scripts, cached for a day, 304 when unchanged', async () => {
    const res = await fetch(`${server.url}/media/bullying-prevention/roles.svg`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml')
    // The server's own policy comes first (server/security-headers.ts); a browser enforces both.
    expect(res.headers.get('content-security-policy')?.split(', ')).toContain("default-src 'none'; style-src 'unsafe-inline'")
    // The server sets nosniff on every response too; the Express adapter appends ours.
    expect(res.headers.get('x-content-type-options')).toMatch(/^nosniff(, nosniff)?$/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400')
    expect(await res.text()).toContain('Бастамашы')
    const again = await fetch(`${server.url}/media/bullying-prevention/roles.svg`, { headers: { 'If-None-Match': res.headers.get('etag')! } })
    expect(again.status).toBe(304)
  })

  test('a byte range of the video, as a player seeks', async () => {
    const file = path.join(MEDIA, 'child-wellbeing/early-signs.mp4')
    const size = fs.statSync(file).size
    const res = await fetch(`${server.url}/media/child-wellbeing/early-signs.mp4`, { headers: { Range: 'bytes=1000-5999' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-type')).toBe('video/mp4')
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(res.headers.get('content-range')).toBe(`bytes 1000-5999/${size}`)
    const body = Buffer.from(await res.arrayBuffer())
    expect(body.equals(fs.readFileSync(file).subarray(1000, 6000))).toBe(true)
    const beyond = await fetch(`${server.url}/media/child-wellbeing/early-signs.mp4`, { headers: { Range: `bytes=${size}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`)
  })

  test('the captions are WebVTT', async () => {
    const res = await fetch(`${server.url}/media/child-wellbeing/early-signs.ru.vtt`)
    expect(res.headers.get('content-type')).toBe('text/vtt; charset=utf-8')
    expect(await res.text()).toMatch(/^WEBVTT\n/)
  })

  test.each([
    '/media/..%2F..%2Fpackage.json',
    '/media/bullying-prevention%2F..%2F..%2Fpackage.json',
    '/media/%2e%2e/%2e%2e/package.json',
    '/media/bullying-prevention/..%5C..%5Cpackage.json',
    '/media/bullying-prevention/roles.svg%00.pdf',
    '/media/%2Fetc%2Fpasswd',
    '/media/bullying-prevention/missing.pdf',
  ])('%s is not found', async (url) => {
    const res = await fetch(server.url + url)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('"name"')
  })

  test('a refused path is not logged as a server error', () => {
    expect(server.output()).not.toMatch(/ErrorResponse|Unexpected Server Error/)
  })
})
