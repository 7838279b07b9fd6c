import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Result } from '#app/core/result.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import type { RowError } from '#app/modules/jobs/import-outcomes.server.ts'
import type { RosterRead } from './read-roster.ts'
import type { CheckedRow } from './roster-rows.ts'
import type { ReadRequest } from './roster-worker.server.ts'

// Runs read-roster.ts in a worker thread of its own for each file, so that
// parsing and checking 100,000 rows never holds the server's event loop. The
// worker is a TypeScript file loaded through tsx's API, found from the project
// root, as the lesson compiler's is (compile-mdx.server.ts says why).

const require = createRequire(import.meta.url)

function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
}
const WORKER_FILE = pathToFileURL(path.join(projectRoot(), 'app/modules/roster/roster-worker.server.ts')).href
const TSX_API = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href
const WORKER_BOOT = `import(${JSON.stringify(TSX_API)}).then(({ tsImport }) => tsImport(${JSON.stringify(WORKER_FILE)}, ${JSON.stringify(WORKER_FILE)}))`

export interface ReadOutcome extends RosterRead {
  rows: CheckedRow[]
  errors: RowError[]
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; processed: number; total: number }
  | { type: 'rows'; rows: CheckedRow[] }
  | { type: 'errors'; errors: RowError[] }
  | { type: 'done'; result: Result<RosterRead, ImportMessage> }
  | { type: 'crashed'; message: string }

/**
 * Reads and checks a roster in a worker thread. `progress` is called as the
 * worker reports (at most every few thousand rows); a worker that fails
 * rejects the promise.
 */
export function readInWorker(request: ReadRequest, progress: (processed: number, total: number) => void): Promise<Result<ReadOutcome, ImportMessage>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_BOOT, { eval: true })
    const rows: CheckedRow[] = []
    const errors: RowError[] = []
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      fn()
      void worker.terminate()
    }
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'ready': {
          // A copy of the bytes moves to the worker: the caller's stay usable (one copy of 20 MB is a few milliseconds).
          const owned = request.bytes.slice()
          try {
            worker.postMessage({ ...request, bytes: owned } satisfies ReadRequest, [owned.buffer])
          } catch (error) {
            settle(() => reject(error instanceof Error ? error : new Error(String(error))))
          }
          return
        }
        case 'progress':
          return progress(message.processed, message.total)
        case 'rows':
          for (const row of message.rows) rows.push(row)
          return
        case 'errors':
          for (const error of message.errors) errors.push(error)
          return
        case 'done':
          return settle(() => resolve(message.result.ok ? { ok: true, value: { ...message.result.value, rows, errors } } : message.result))
        case 'crashed':
          return settle(() => reject(new Error(`the roster reader failed: ${message.message}`)))
      }
    })
    worker.on('error', (error) => settle(() => reject(error)))
    worker.on('exit', (code) => settle(() => reject(new Error(`the roster reader stopped (exit code ${code})`))))
  })
}
