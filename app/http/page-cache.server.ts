import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

// A page without scripts (a route whose handle says `hydrate: false`) is a
// pure function of what its loaders returned, its address and its language:
// nothing else reaches its render but the CSP nonce, which differs on every
// request. So the document is rendered once per set of those inputs and kept;
// a request whose loaders returned the same data gets the kept HTML with its
// own nonce filled in (ADR 037). The key is the inputs themselves (hashed),
// never a version someone must remember to move: any change of a figure, a
// reader's progress or a name is a change of the key, and two readers whose
// data differ never share a document. Authorization is untouched: the loaders
// run, and throw their 403/404/redirect, before a key exists.

/** Where the nonce goes in a kept document: private-use characters no page contains. */
export const NONCE_HOLE = '\uE002nonce\uE002'

const MAX_DOCUMENTS = 400
/** A document larger than this is served but not kept (a bound on memory: 400 × 1 MB at most). */
const MAX_CHARS = 1_000_000

class NotPlainData extends Error {}

// Only plain objects, arrays and primitives have a faithful JSON form: a Map,
// a Set or a class instance would stringify to `{}` and make different data
// look the same. Such a page is rendered every time instead.
function plainOnly(_key: string, value: unknown): unknown {
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new NotPlainData()
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) throw new NotPlainData()
  }
  return value
}

/** The key of a document rendered from `inputs`, or null when they are not plain data. */
export function pageKey(inputs: unknown): string | null {
  let json: string
  try {
    json = JSON.stringify(inputs, plainOnly)
  } catch (error) {
    if (error instanceof NotPlainData) return null
    throw error
  }
  return createHash('sha256').update(json).digest('base64url')
}

/** A content coding a kept document is stored in, besides its text. */
export type Encoding = 'br' | 'gzip'

interface Kept {
  /** The document split at its nonce holes. */
  parts: string[]
  /** Its compressed bytes, made on first demand; only for a document without holes, which is the same for every response. */
  encoded: Partial<Record<Encoding, Buffer>>
}

export interface KeptPage {
  html: string
  /** The document's bytes in `encoding`, compressed once; null when it has holes, which differ per response. */
  body(encoding: Encoding): Buffer | null
}

// Compressed once per document and then served many times: better than the
// per-response compression's defaults, still a few milliseconds for a large page.
const compress: Record<Encoding, (html: string) => Buffer> = {
  br: (html) => brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: html.length } }),
  gzip: (html) => gzipSync(html, { level: 9 }),
}

// The kept documents. A Map iterates in insertion order: re-inserting a key
// on each use keeps the least recently used first.
const kept = new Map<string, Promise<Kept>>()
let renders = 0

/**
 * The document for `key`, with `nonce` in its holes: kept, being rendered (a
 * concurrent request for the same key waits for that render), or rendered now
 * by `render`, which writes NONCE_HOLE where the nonce goes. A failed render
 * is not kept.
 */
export async function keptPage(key: string, nonce: string, render: () => Promise<string>): Promise<KeptPage> {
  let entry = kept.get(key)
  if (entry) {
    kept.delete(key)
  } else {
    renders++
    const rendered = render().then((html): Kept => ({ parts: html.split(NONCE_HOLE), encoded: {} }))
    entry = rendered
    rendered.then(
      ({ parts }) => {
        if (parts.reduce((n, part) => n + part.length, 0) > MAX_CHARS && kept.get(key) === rendered) kept.delete(key)
      },
      () => {
        if (kept.get(key) === rendered) kept.delete(key)
      },
    )
  }
  kept.set(key, entry)
  while (kept.size > MAX_DOCUMENTS) kept.delete(kept.keys().next().value!)
  const { parts, encoded } = await entry
  const html = parts.join(escapeAttribute(nonce))
  return {
    html,
    body(encoding) {
      if (parts.length > 1) return null
      return (encoded[encoding] ??= compress[encoding](html))
    },
  }
}

/**
 * The coding to send a kept document in, from the request's Accept-Encoding:
 * Brotli, else gzip, else none (a coding with q=0 is refused).
 */
export function preferredEncoding(acceptEncoding: string | null): Encoding | null {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((item) => item.trim().toLowerCase().split(';'))
      .filter(([, ...params]) => !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p)))
      .map(([coding]) => coding),
  )
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null
}

/** How many documents are kept and how many renders the cache has asked for (tests and benchmarks read them). */
export function pageCacheStats(): { documents: number; renders: number } {
  return { documents: kept.size, renders }
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
