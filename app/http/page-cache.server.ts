import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { deflatedPiece, gzipOfPieces, type DeflatedPiece } from './gzip-pieces.server.ts'

// A page without scripts (a route whose handle says `hydrate: false`) is a
// pure function of what its loaders returned, its address and its language:
// nothing else reaches its render but the CSP nonce, which differs on every
// request. So the document is rendered once per set of those inputs and kept;
// a request whose loaders returned the same data gets the kept HTML with its
// own nonce filled in (ADR 037). The key is the inputs themselves (hashed),
// never a version someone must remember to move: any change of a figure or a
// reader's progress is a change of the key, and two readers whose data differ
// never share a document. Who is reading (the name in the header) is a hole
// like the nonce, so that a thousand teachers on the same page of the same
// test share one render (ADR 038). Authorization is untouched: the loaders
// run, and throw their 403/404/redirect, before a key exists.

/**
 * A hole in a kept document: a value that differs per response, written by
 * the render as this mark and filled in, escaped, on each response. The marks
 * are private-use characters no page contains.
 */
export const hole = (name: string) => `\uE002${name}\uE002`
const HOLE = /\uE002([a-z-]+)\uE002/
const MARK = '\uE002'

/** Where the nonce goes in a kept document. */
export const NONCE_HOLE = hole('nonce')

/** The value of each hole of a response, by its mark (`hole(name)`). */
export type Fills = Readonly<Record<string, string>>

const MAX_DOCUMENTS = 400
/** A document larger than this is served but not kept (a bound on memory: 400 × 1 MB at most). */
const MAX_CHARS = 1_000_000

class NotPlainData extends Error {}

// A sealed value stands in a key's JSON as this mark and its own hash: a
// private-use character no page's data contains (a string that begins with
// it makes the page unkeepable, so no data can pass for a sealed value).
const SEALED = '\uE003'
const sealedHashes = new WeakMap<object, string>()

// Only plain objects, arrays and primitives have a faithful JSON form: a Map,
// a Set or a class instance would stringify to `{}` and make different data
// look the same. Such a page is rendered every time instead.
function plainOnly(_key: string, value: unknown): unknown {
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new NotPlainData()
  if (typeof value === 'string' && value.startsWith(SEALED)) throw new NotPlainData()
  if (value !== null && typeof value === 'object') {
    const sealed = sealedHashes.get(value)
    if (sealed !== undefined) return sealed
    if (!Array.isArray(value)) {
      const proto: unknown = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) throw new NotPlainData()
    }
  }
  return value
}

function digest(inputs: unknown): string | null {
  let json: string
  try {
    json = JSON.stringify(inputs, plainOnly)
  } catch (error) {
    if (error instanceof NotPlainData) return null
    throw error
  }
  return createHash('sha256').update(json).digest('base64url')
}

/** The key of a document rendered from `inputs`, or null when they are not plain data. */
export function pageKey(inputs: unknown): string | null {
  return digest(inputs)
}

/**
 * Freezes plain data deeply and hashes it once, so that every page key that
 * contains this very object, or any object inside it, costs a lookup instead
 * of its JSON: for a loader that returns the same large parts (a dashboard's
 * figures at one version) to many readers. The data can no longer change, so
 * the hashes stay true. Data that is not plain is returned frozen but
 * unsealed (hashed each time).
 */
export function sealed<T>(value: T): T {
  if (value !== null && typeof value === 'object') seal(value, new Set())
  return value
}

// Inner objects first: each is hashed once, and its parent's JSON holds only its hash.
function seal(value: object, seen: Set<object>): void {
  if (sealedHashes.has(value) || seen.has(value)) return
  seen.add(value)
  Object.freeze(value)
  for (const child of Object.values(value)) if (child !== null && typeof child === 'object') seal(child as object, seen)
  const hash = digest(value)
  if (hash !== null) sealedHashes.set(value, SEALED + hash)
}

const views = new WeakMap<object, Map<string, unknown>>()
/** Views kept per source: a bound for keys that come from a request (a chart's indicator, a language). */
const VIEWS_PER_SOURCE = 64

/**
 * What `make` builds from `source` for `key`, made once per source object and
 * key, and sealed: a loader's re-shaping of a cached value (a dashboard at one
 * version) is then paid once per version, not per request, and the page key
 * hashes it once. `source` must never change, and `key` must name everything
 * else `make` reads.
 */
export function viewOf<T>(source: object, key: string, make: () => T): T {
  let made = views.get(source)
  if (!made) views.set(source, (made = new Map()))
  if (made.has(key)) return made.get(key) as T
  if (made.size >= VIEWS_PER_SOURCE) made.clear()
  const view = sealed(make())
  made.set(key, view)
  return view
}

/** A content coding a kept document is sent in. */
export type Encoding = 'br' | 'gzip'

/** A rendered document as kept: its text between holes, or null when it cannot be kept (a hole's mark was cut or altered). */
interface Kept {
  /** The document split at its holes: text at even indexes, a hole's name at odd ones. */
  parts: string[] | null
  /** A document without holes: its bytes in each coding, compressed on first demand. */
  encoded: Partial<Record<Encoding, Buffer>>
  /** A document with holes: its text parts compressed as pieces of a gzip stream, on first demand. */
  pieces: DeflatedPiece[] | null
}

export interface KeptPage {
  readonly html: string
  /**
   * The document in a coding the client accepts, from parts compressed once:
   * a document without holes in Brotli or gzip, one with holes (a nonce, a
   * reader's name) in gzip, its fills stored between the compressed text.
   * Null when no such coding is accepted.
   */
  encoded(accepted: ReadonlySet<Encoding>): { encoding: Encoding; bytes: Buffer } | null
}

// Compressed once per document and then served many times: better than the
// per-response compression's defaults, still a few milliseconds for a large page.
const compress: Record<Encoding, (html: string) => Buffer> = {
  br: (html) => brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: html.length } }),
  gzip: (html) => gzipSync(html, { level: 9 }),
}
let compressions = 0

// The kept documents. A Map iterates in insertion order: re-inserting a key
// on each use keeps the least recently used first.
const kept = new Map<string, Promise<Kept>>()
let renders = 0

function split(html: string, fills: Fills): string[] | null {
  const parts = html.split(HOLE)
  for (let i = 0; i < parts.length; i++) {
    // A mark left in the text, or a hole this request has no value for: the render altered a mark.
    if (i % 2 === 0 ? parts[i]!.includes(MARK) : !(hole(parts[i]!) in fills)) return null
  }
  return parts
}

/**
 * The document for `key`, with each request's `fills` in its holes: kept,
 * being rendered (a concurrent request for the same key waits for that
 * render), or rendered now by `render`, which writes each hole's mark where
 * its value goes. Null when the rendered document cannot be kept: a page
 * that altered a mark (it used the value, not only showed it) is rendered by
 * the caller as usual. A failed render is not kept.
 */
export async function keptPage(key: string, fills: Fills, render: () => Promise<string>): Promise<KeptPage | null> {
  let entry = kept.get(key)
  if (entry) {
    kept.delete(key)
  } else {
    renders++
    const rendered = render().then((html): Kept => ({ parts: split(html, fills), encoded: {}, pieces: null }))
    entry = rendered
    rendered.then(
      ({ parts }) => {
        if ((parts?.reduce((n, part) => n + part.length, 0) ?? 0) > MAX_CHARS && kept.get(key) === rendered) kept.delete(key)
      },
      () => {
        if (kept.get(key) === rendered) kept.delete(key)
      },
    )
  }
  kept.set(key, entry)
  while (kept.size > MAX_DOCUMENTS) kept.delete(kept.keys().next().value!)
  const document = await entry
  const { parts } = document
  if (!parts || !parts.every((part, i) => i % 2 === 0 || hole(part) in fills)) return null
  let html: string | undefined
  return {
    get html() {
      return (html ??= parts.map((part, i) => (i % 2 === 0 ? part : escapeAttribute(fills[hole(part)]!))).join(''))
    },
    encoded(accepted) {
      if (parts.length === 1) {
        const encoding = accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null
        if (!encoding) return null
        if (!document.encoded[encoding]) compressions++
        return { encoding, bytes: (document.encoded[encoding] ??= compress[encoding](parts[0]!)) }
      }
      if (!accepted.has('gzip')) return null
      if (!document.pieces) compressions++
      const pieces = (document.pieces ??= parts.filter((_, i) => i % 2 === 0).map(deflatedPiece))
      const bytes = gzipOfPieces(parts.map((part, i) => (i % 2 === 0 ? pieces[i / 2]! : Buffer.from(escapeAttribute(fills[hole(part)]!), 'utf8'))))
      return { encoding: 'gzip', bytes }
    },
  }
}

/** The codings a kept document may be sent in, from the request's Accept-Encoding (a coding with q=0 is refused). */
export function acceptedEncodings(acceptEncoding: string | null): Set<Encoding> {
  const accepted = new Set<Encoding>()
  for (const item of (acceptEncoding ?? '').split(',')) {
    const [coding, ...params] = item.trim().toLowerCase().split(';')
    if (params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p))) continue
    const name = coding?.trim()
    if (name === 'br' || name === 'gzip') accepted.add(name)
  }
  return accepted
}

/** How many documents are kept, and how many renders and compressions of a document's text the cache has made (tests and benchmarks read them). */
export function pageCacheStats(): { documents: number; renders: number; compressions: number } {
  return { documents: kept.size, renders, compressions }
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
