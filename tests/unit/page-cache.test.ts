import { describe, expect, test } from 'vitest'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import {
  acceptedEncodings,
  hole,
  keptPage,
  NONCE_HOLE,
  pageCacheStats,
  pageKey,
  sealed,
  viewOf,
  type Encoding,
  type Fills,
} from '#app/http/page-cache.server.ts'

// The page cache's two halves: the key names the inputs exactly, and a kept
// document is rendered once and served with each request's own nonce.

let keys = 0
const freshKey = () => `test-${++keys}`
const nonce = (value: string): Fills => ({ [NONCE_HOLE]: value })
const codings = (...names: Encoding[]) => new Set<Encoding>(names)
/** keptPage for a document that can be kept. */
async function kept(key: string, fills: Fills, render: () => Promise<string>) {
  const page = await keptPage(key, fills, render)
  if (!page) throw new Error('the document was not kept')
  return page
}

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

describe('sealed data', () => {
  test('is frozen to its depths, and a key holding it names its content: equal content one key, other content another', () => {
    const figures = sealed({ regions: [{ code: 'KZ-75', values: { teachers_trained: 3 } }] })
    expect(Object.isFrozen(figures.regions[0]!.values)).toBe(true)
    expect(() => {
      ;(figures.regions[0]!.values as { teachers_trained: number }).teachers_trained = 4
    }).toThrow(TypeError)
    const page = (data: unknown) => pageKey(['/admin', 'kk', { user: 'u1', data }])
    expect(page(figures)).toBe(page(figures))
    expect(page(figures)).toBe(page(sealed(structuredClone(figures))))
    expect(page(figures)).not.toBe(page(sealed({ regions: [{ code: 'KZ-75', values: { teachers_trained: 4 } }] })))
    // A part taken out of a sealed value is sealed too, and names its own content.
    expect(page(figures.regions)).toBe(page(sealed(structuredClone(figures)).regions))
    expect(page(figures.regions)).not.toBe(page(figures))
    // Unsealed, the same content is hashed in full: another key, never a wrong one.
    expect(page(structuredClone(figures))).not.toBe(page(figures))
  })

  test('cannot be forged: data with a string that looks like a sealed value has no key', () => {
    expect(pageKey(['/admin', { name: '\uE003anything' }])).toBeNull()
  })

  test('a view is made once per source object and key, then shared, sealed', () => {
    const source = { version: 1 }
    let made = 0
    const make = () => ({ n: ++made })
    const first = viewOf(source, 'kk', make)
    expect(viewOf(source, 'kk', make)).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(viewOf(source, 'ru', make)).not.toBe(first)
    expect(viewOf({ version: 2 }, 'kk', make).n).toBe(3)
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
    expect((await kept(key, nonce('abc+/='), render)).html).toBe('<style nonce="abc+/="></style><p>body</p><script nonce="abc+/="></script>')
    expect((await kept(key, nonce('x"y'), render)).html).toBe('<style nonce="x&#34;y"></style><p>body</p><script nonce="x&#34;y"></script>')
    expect(renders).toBe(1)
  })

  test('concurrent requests for a key not kept yet share one render', async () => {
    const key = freshKey()
    let renders = 0
    const render = () => new Promise<string>((resolve) => setTimeout(() => resolve(`<p>${++renders}</p>`), 10))
    const pages = await Promise.all([kept(key, nonce('n'), render), kept(key, nonce('n'), render), kept(key, nonce('n'), render)])
    expect(pages.map((p) => p.html)).toEqual(['<p>1</p>', '<p>1</p>', '<p>1</p>'])
    expect(renders).toBe(1)
  })

  test('a failed render is not kept: the next request renders again', async () => {
    const key = freshKey()
    await expect(keptPage(key, nonce('n'), () => Promise.reject(new Error('broken')))).rejects.toThrow('broken')
    expect((await kept(key, nonce('n'), async () => '<p>mended</p>')).html).toBe('<p>mended</p>')
  })

  test('a document without holes is compressed once per coding, Brotli first', async () => {
    const before = pageCacheStats().compressions
    const plain = await kept(freshKey(), nonce('n'), async () => '<p>Сәлем, әлем</p>'.repeat(50))
    const br = plain.encoded(codings('gzip', 'br'))!
    expect(br.encoding).toBe('br')
    expect(brotliDecompressSync(br.bytes).toString('utf8')).toBe(plain.html)
    const gzip = plain.encoded(codings('gzip'))!
    expect(gzip.encoding).toBe('gzip')
    expect(gunzipSync(gzip.bytes).toString('utf8')).toBe(plain.html)
    expect(plain.encoded(codings('br', 'gzip'))!.bytes).toBe(br.bytes)
    expect(plain.encoded(codings())).toBeNull()
    expect(pageCacheStats().compressions - before).toBe(2)
  })

  test('a document with a nonce is gzipped from its text compressed once, each response with its own nonce', async () => {
    const key = freshKey()
    const render = async () => `<script nonce="${NONCE_HOLE}">1</script>` + '<p>Сәлем, әлем</p>'.repeat(50)
    const before = pageCacheStats().compressions
    for (const value of ['бірінші', 'екінші', 'үшінші']) {
      const page = await kept(key, nonce(value), render)
      const gzip = page.encoded(codings('br', 'gzip'))!
      expect(gzip.encoding).toBe('gzip')
      expect(gunzipSync(gzip.bytes).toString('utf8')).toBe(page.html)
      expect(page.html).toContain(`<script nonce="${value}">`)
    }
    expect(pageCacheStats().compressions - before).toBe(1)
    // A client that takes Brotli only gets the text, for the server's own compression.
    expect((await kept(key, nonce('n'), render)).encoded(codings('br'))).toBeNull()
  })
})

describe('the reader’s holes', () => {
  const name = hole('reader-name')
  test('two readers share one render, each with their own name, escaped', async () => {
    const key = freshKey()
    let renders = 0
    const render = async () => {
      renders++
      return `<header><span class="user-name">${name}</span></header><main>бір мәтін</main>`
    }
    expect((await kept(key, { [name]: 'Әлия Нұрланқызы' }, render)).html).toContain('<span class="user-name">Әлия Нұрланқызы</span>')
    expect((await kept(key, { [name]: '<b>Бота</b> & Co' }, render)).html).toContain('<span class="user-name">&#60;b&#62;Бота&#60;/b&#62; &#38; Co</span>')
    expect(renders).toBe(1)
  })

  test('a render that altered a mark (it used the value, not only showed it) is not served from the cache, nor rendered again', async () => {
    const key = freshKey()
    let renders = 0
    const render = async () => {
      renders++
      return `<p>${name.slice(0, 3)}</p>`
    }
    expect(await keptPage(key, { [name]: 'Әлия' }, render)).toBeNull()
    expect(await keptPage(key, { [name]: 'Бота' }, render)).toBeNull()
    expect(renders).toBe(1)
  })

  test('a document with the reader’s name is compressed once, whoever reads it, and each reader’s bytes spell their own page', async () => {
    const key = freshKey()
    const render = async () => `<p>${name}</p>` + '<p>Сәлем, әлем</p>'.repeat(50) + `<footer>${name}</footer>`
    const before = pageCacheStats().compressions
    const readers = ['Әлия', 'Бота', 'Әлия', '<b>Дана</b>']
    for (const reader of readers) {
      const page = await kept(key, { [name]: reader }, render)
      const gzip = page.encoded(codings('gzip'))!
      expect(gunzipSync(gzip.bytes).toString('utf8')).toBe(page.html)
      expect(page.html.startsWith(`<p>${reader.replace('<b>', '&#60;b&#62;').replace('</b>', '&#60;/b&#62;')}</p>`)).toBe(true)
    }
    expect(pageCacheStats().compressions - before).toBe(1)
  })
})

describe('acceptedEncodings', () => {
  test('Brotli and gzip as the request names them; a coding with q=0 is refused, others ignored', () => {
    expect([...acceptedEncodings('gzip, deflate, br, zstd')].sort()).toEqual(['br', 'gzip'])
    expect([...acceptedEncodings('gzip, deflate')]).toEqual(['gzip'])
    expect([...acceptedEncodings('br;q=0, gzip;q=0.5')]).toEqual(['gzip'])
    expect([...acceptedEncodings('BR ; q=1')]).toEqual(['br'])
    expect([...acceptedEncodings('gzip;q=0')]).toEqual([])
    expect([...acceptedEncodings('identity')]).toEqual([])
    expect([...acceptedEncodings(null)]).toEqual([])
  })
})
