import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

// SQLite in WAL mode copies the log back into the database file (a
// checkpoint) from inside whichever commit finds the log past 1,000 pages,
// and that commit waits for the copy and its fsync: on this machine 10-20 ms
// each, every few steps of a national import, and any request's commit may be
// the one that pays. The server turns that off for its connections and runs
// the checkpoints from a thread of its own instead, with a connection of its
// own: PASSIVE, so it never waits for or blocks a reader or writer, every
// second. See docs/decisions/033-background-checkpoints.md.

const require = createRequire(import.meta.url)
const DRIVER = require.resolve('better-sqlite3')

const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
db.pragma('busy_timeout = 0')
const checkpoint = (mode) => {
  try {
    db.pragma('wal_checkpoint(' + mode + ')')
  } catch {
    // Another checkpoint running, or the database busy: the next tick tries again.
  }
}
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  checkpoint('TRUNCATE')
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  /** Stops the thread after a last checkpoint that empties the log. */
  stop(): Promise<void>
}

export interface CheckpointerOptions {
  intervalMs?: number
  /** Told when the thread stops unexpectedly: the caller should checkpoint on commit again. */
  onFailure?: (error: Error) => void
}

/** Checkpoints the SQLite database at `file` from a worker thread every `intervalMs`. */
export function startCheckpointer(file: string, { intervalMs = 1_000, onFailure }: CheckpointerOptions = {}): Checkpointer {
  const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file, driver: DRIVER, intervalMs } })
  worker.unref()
  let stopping = false
  worker.on('error', (error) => {
    if (!stopping) onFailure?.(error)
  })
  worker.on('exit', (code) => {
    if (!stopping) onFailure?.(new Error(`the checkpoint thread stopped (exit code ${code})`))
  })
  return {
    stop: () => {
      stopping = true
      return new Promise<void>((resolve) => {
        worker.once('exit', () => resolve())
        worker.postMessage('stop')
      })
    },
  }
}
