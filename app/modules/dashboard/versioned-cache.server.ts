import type { Work } from '#app/core/work.server.ts'
import { dashboardVersion } from './versions.server.ts'

// The dashboard's figures as a lookup (ADR 031). A value is computed once per
// version of its sources and kept in this process under its key; a reader
// reads the version first, so an entry at that version (or a newer one) is
// never older than what the reader could have seen in the database. Several
// processes sharing PostgreSQL each keep their own entries, all right,
// because the version comes from the database. Concurrent readers of a key
// whose entry is stale share one computation; the least recently used keys
// are dropped beyond the bound. Inside a transaction nothing is kept: it may
// see its own bumps, which a rollback would take back.

interface Entry<V> {
  version: number
  value: Promise<V>
}

export interface VersionedCache<V> {
  /** The value for `key` at the database's current version: kept, being computed, or computed now by `compute`. */
  get(work: Work, key: string, compute: () => Promise<V>): Promise<V>
  /** The value for `key` at `version`, given the version the caller has read. */
  at(version: number, key: string, compute: () => Promise<V>): Promise<V>
  /** How many keys are kept. */
  readonly size: number
  clear(): void
}

// Each database a process opens (one in production, one per test) keeps apart from the others.
const databaseIds = new WeakMap<object, number>()
let databasesSeen = 0
function databaseId(db: object): number {
  let id = databaseIds.get(db)
  if (id === undefined) databaseIds.set(db, (id = ++databasesSeen))
  return id
}

/** A cache of at most `maxKeys` keys, each holding the value of its latest version. */
export function versionedCache<V>(maxKeys: number): VersionedCache<V> {
  // A Map iterates in insertion order: re-inserting a key on each use keeps the least recently used first.
  const entries = new Map<string, Entry<V>>()

  function touch(key: string, entry: Entry<V>): void {
    entries.delete(key)
    entries.set(key, entry)
    while (entries.size > maxKeys) entries.delete(entries.keys().next().value!)
  }

  function at(version: number, key: string, compute: () => Promise<V>): Promise<V> {
    const kept = entries.get(key)
    // An entry at a newer version than the caller read is fresher still: serve it too.
    if (kept && kept.version >= version) {
      touch(key, kept)
      return kept.value
    }
    const entry: Entry<V> = { version, value: Promise.resolve().then(compute) }
    touch(key, entry)
    // A failed computation is not kept: the next reader tries again.
    entry.value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key)
    })
    return entry.value
  }

  return {
    at,
    async get(work, key, compute) {
      if (work.db.isTransaction) return compute()
      return at(await dashboardVersion(work.db), `${databaseId(work.db)}|${key}`, compute)
    },
    get size() {
      return entries.size
    },
    clear() {
      entries.clear()
    },
  }
}
