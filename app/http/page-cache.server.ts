import { createHash } from 'node:crypto'

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

// The kept documents, split at their nonce holes. A Map iterates in insertion
// order: re-inserting a key on each use keeps the least recently used first.
const kept = new Map<string, Promise<string[]>>()
let renders = 0

/**
 * The document for `key`, with `nonce` in its holes: kept, being rendered (a
 * concurrent request for the same key waits for that render), or rendered now
 * by `render`, which writes NONCE_HOLE where the nonce goes. A failed render
 * is not kept.
 */
export async function keptPage(key: string, nonce: string, render: () => Promise<string>): Promise<string> {
  let parts = kept.get(key)
  if (parts) {
    kept.delete(key)
  } else {
    renders++
    const rendered = render().then((html) => html.split(NONCE_HOLE))
    parts = rendered
    rendered.then(
      (split) => {
        if (split.reduce((n, part) => n + part.length, 0) > MAX_CHARS && kept.get(key) === rendered) kept.delete(key)
      },
      () => {
        if (kept.get(key) === rendered) kept.delete(key)
      },
    )
  }
  kept.set(key, parts)
  while (kept.size > MAX_DOCUMENTS) kept.delete(kept.keys().next().value!)
  return (await parts).join(escapeAttribute(nonce))
}

/** How many documents are kept and how many renders the cache has asked for (tests and benchmarks read them). */
export function pageCacheStats(): { documents: number; renders: number } {
  return { documents: kept.size, renders }
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
