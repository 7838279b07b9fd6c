import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as client from '#db/client.server.ts'

// The built server bundles the app's copy of db/client.server.ts while
// server/index.ts opens the database through its own copy: the address a
// worker thread needs must be found from either copy.

const opened: client.Database[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy()
})

describe('databaseAddress', () => {
  it('is found by another copy of the module than the one that opened the database', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orken-address-')), 'app.db')
    const db = client.openDatabase(file)
    opened.push(db)
    // A query string makes the module loader evaluate the file again: a second copy with its own state.
    const other = (await import(/* @vite-ignore */ `${'../../db/client.server.ts'}?second-copy`)) as typeof client
    expect(other).not.toBe(client)
    const address = other.databaseAddress(db)
    expect(address?.url).toBe(file)
    expect(address?.writeTurns).toBeInstanceOf(SharedArrayBuffer)
  })

  it('is null for an in-memory database, which no other thread can open', () => {
    const db = client.openDatabase(':memory:')
    opened.push(db)
    expect(client.databaseAddress(db)).toBeNull()
  })
})
