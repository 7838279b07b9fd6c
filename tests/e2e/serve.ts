// Starts the server for the browser tests on a database of their own.
import fs from 'node:fs'
import path from 'node:path'

const file = path.resolve(process.env.DATABASE_URL ?? 'tests/.tmp/e2e.db')
fs.mkdirSync(path.dirname(file), { recursive: true })
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
await import('../../server/index.ts')
