import { describe, expect, test } from 'vitest'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { keptPage, NONCE_HOLE, pageKey, preferredEncoding } from '#app/http/page-cache.server.ts'

// The page cache's two halves: the key names the inputs exactly, and a kept
// document is rendered once and served with each request's own nonce.

let keys = 0
const freshKey = () => `test-${++keys}`

describe('pageKey', () => {
  test('equal data give one key; any difference, however deep, another', () => {
    const data = { root: { user: { id: 'u1', fullName: 'Әлия' } }, lesson: { done: [false, true], minutes: 12 } }
    expect(pageKey(['/learn/a/b/c', 'kk', data])).toBe(pageKey(['/learn/a/b/c', 'kk', structuredClone(data)]))
    expect(pageKey(['/learn/a/b/c', 'kk', data])).not.toBe(pageKey(['/learn/a/b/c', 'ru', data]))
    expect(pageKey(['/learn/a/b/c', 'kk', data])).not.toBe(pageKey(['/learn/a/b/c?x=1', 'kk', data]))
    const otherReader = structuredClone(data)
    otherReader.root.user.fullName = 'Бота'
    expect(pageKey(['/learn/a/b/c', 'kk', data])).not.toBe(pageKey(['/learn/a/b/c', 'kk', otherReader]))
    const otherProgress = structuredClone(data)
    otherProgress.lesson.done[0] = true
    expect(pageKey(['/learn/a/b/c', 'kk', data])).not.toBe(pageKey(['/learn/a/b/c', 'kk', otherProgress]))
  })

  test('data without a faithful JSON form (a Map, a Set, a bigint) has no key, so its page is never kept', () => {
    expect(pageKey([{ done: new Set(['a']) }])).toBeNull()
    expect(pageKey([{ byRegion: new Map([['KZ-75', 1]]) }])).toBeNull()
    expect(pageKey([{ n: 1n }])).toBeNull()
  })
})

describe('keptPage', () => {
  test('renders once, then fills each request’s nonce, escaped, into the kept document', async () => {
    const key = freshKey()
    let renders = 0
    const render = async () => {
      renders++
      return `<style nonce="${NONCE_HOLE}"></style><p>body</p><script nonce="${NONCE_HOLE}"></script>`
    }
    expect((await keptPage(key, 'abc+/=', render)).html).toBe('<style nonce="abc+/="></style><p>body</p><script nonce="abc+/="></script>')
    expect((await keptPage(key, 'x"y', render)).html).toBe('<style nonce="x&#34;y"></style><p>body</p><script nonce="x&#34;y"></script>')
    expect(renders).toBe(1)
  })

  test('concurrent requests for a key not kept yet share one render', async () => {
    const key = freshKey()
    let renders = 0
    const render = () => new Promise<string>((resolve) => setTimeout(() => resolve(`<p>${++renders}</p>`), 10))
    const pages = await Promise.all([keptPage(key, 'n', render), keptPage(key, 'n', render), keptPage(key, 'n', render)])
    expect(pages.map((p) => p.html)).toEqual(['<p>1</p>', '<p>1</p>', '<p>1</p>'])
    expect(renders).toBe(1)
  })

  test('a failed render is not kept: the next request renders again', async () => {
    const key = freshKey()
    await expect(keptPage(key, 'n', () => Promise.reject(new Error('broken')))).rejects.toThrow('broken')
    expect((await keptPage(key, 'n', async () => '<p>mended</p>')).html).toBe('<p>mended</p>')
  })

  test('a document without holes is compressed once per coding; one with a nonce is not', async () => {
    const plain = await keptPage(freshKey(), 'n', async () => '<p>Сәлем, әлем</p>'.repeat(50))
    const br = plain.body('br')!
    expect(brotliDecompressSync(br).toString('utf8')).toBe(plain.html)
    expect(gunzipSync(plain.body('gzip')!).toString('utf8')).toBe(plain.html)
    expect(plain.body('br')).toBe(br)
    const withNonce = await keptPage(freshKey(), 'n', async () => `<script nonce="${NONCE_HOLE}"></script>`)
    expect(withNonce.body('gzip')).toBeNull()
  })
})

describe('preferredEncoding', () => {
  test('Brotli first, then gzip; a coding with q=0 is refused', () => {
    expect(preferredEncoding('gzip, deflate, br, zstd')).toBe('br')
    expect(preferredEncoding('gzip, deflate')).toBe('gzip')
    expect(preferredEncoding('br;q=0, gzip;q=0.5')).toBe('gzip')
    expect(preferredEncoding('gzip;q=0')).toBeNull()
    expect(preferredEncoding('identity')).toBeNull()
    expect(preferredEncoding(null)).toBeNull()
  })
})
