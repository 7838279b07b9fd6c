import type { Worker } from 'node:worker_threads'
import { databaseAddress } from '#db/client.server.ts'
import { WriteTurns } from '#db/write-turns.server.ts'
import type { Result } from '#app/core/result.ts'
import { publicOrigin } from '#app/core/public-origin.server.ts'
import { startTsWorker } from '#app/core/ts-worker.server.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import type { RowError } from '#app/modules/jobs/import-outcomes.server.ts'
import { clockSettings } from '#app/modules/clock/clock.server.ts'
import type { RosterRead } from './read-roster.ts'
import type { RosterJob } from './roster-outcome.server.ts'
import { resumeRoster, runRoster, type ReadOutcome, type RosterReader } from './roster-run.server.ts'
import type { CheckedRow } from './roster-rows.ts'
import type { LogLevel, RunRequest, WorkerRequest } from './roster-worker.server.ts'

// Where a roster job runs: in a worker thread of its own for each job
// (roster-worker.server.ts), which opens its own connection to the database,
// so that the server's thread only answers requests meanwhile. Its writes
// take turns with the server's (db/write-turns.server.ts): between two of
// the job's steps, a page's write goes first. A database no other thread can
// open (in memory) has the job run here, only its reading in the worker.

const WORKER_FILE = 'app/modules/roster/roster-worker.server.ts'

type Task = RunRequest['task']

/** Runs the roster job `task` to its end; it records its own outcome. Rejects when the thread fails. */
export function runRosterJob(job: RosterJob, task: Task): Promise<void> {
  const database = databaseAddress(job.work.db)
  if (!database) return task.kind === 'import' ? runRoster(job, task.bytes, readInWorker) : resumeRoster(job)
  const { work } = job
  // A copy of the bytes moves to the worker: the caller's stay usable.
  const bytes = task.kind === 'import' ? task.bytes.slice() : null
  const request: RunRequest = {
    type: 'run',
    task: bytes ? { kind: 'import', bytes } : { kind: 'resume' },
    jobId: job.id,
    params: job.params,
    actorId: work.actorId,
    clientIp: work.clientIp,
    requestId: work.requestId,
    config: work.config,
    publicOrigin: publicOrigin(),
    clock: clockSettings(),
    database,
  }
  const transfer = bytes ? [bytes.buffer] : []
  return onWorker<void>((worker, settle) => (message: WorkerMessage) => {
    switch (message.type) {
      case 'ready':
        return worker.postMessage(request satisfies WorkerRequest, transfer)
      case 'log':
        return work.log[message.level](message.fields, message.message)
      case 'finished':
        return settle({ ok: true, value: undefined })
      case 'crashed':
        return settle({ ok: false, error: new Error(`the roster thread failed: ${message.message}`) })
    }
  }).finally(() => {
    // A thread that stopped inside a transaction (terminated, out of memory) leaves its write turn free.
    if (database.writeTurns) new WriteTurns(database.writeTurns).freeFromWorker()
  })
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'log'; level: LogLevel; fields: Record<string, unknown>; message?: string }
  | { type: 'finished' }
  | { type: 'progress'; processed: number; total: number }
  | { type: 'rows'; rows: CheckedRow[] }
  | { type: 'errors'; errors: RowError[] }
  | { type: 'done'; result: Result<RosterRead, ImportMessage> }
  | { type: 'crashed'; message: string }

type Settle<T> = (outcome: { ok: true; value: T } | { ok: false; error: Error }) => void

/** Starts the roster's worker and settles once `listen`'s handler settles, or the thread fails or stops. */
function onWorker<T>(listen: (worker: Worker, settle: Settle<T>) => (message: WorkerMessage) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = startTsWorker(WORKER_FILE)
    let settled = false
    const settle: Settle<T> = (outcome) => {
      if (settled) return
      settled = true
      if (outcome.ok) resolve(outcome.value)
      else reject(outcome.error)
      void worker.terminate()
    }
    worker.on('message', listen(worker, settle))
    worker.on('error', (error) => settle({ ok: false, error }))
    worker.on('exit', (code) => settle({ ok: false, error: new Error(`the roster thread stopped (exit code ${code})`) }))
  })
}

/** Reads and checks a roster in the worker thread, for a job that runs on this thread. */
const readInWorker: RosterReader = (request, progress) => {
  const rows: CheckedRow[] = []
  const errors: RowError[] = []
  return onWorker<Result<ReadOutcome, ImportMessage>>((worker, settle) => (message) => {
    switch (message.type) {
      case 'ready': {
        const owned = request.bytes.slice()
        return worker.postMessage({ type: 'read', ...request, bytes: owned } satisfies WorkerRequest, [owned.buffer])
      }
      case 'progress':
        return progress(message.processed, message.total)
      case 'rows':
        return void rows.push(...message.rows)
      case 'errors':
        return void errors.push(...message.errors)
      case 'done':
        return settle({ ok: true, value: message.result.ok ? { ok: true, value: { ...message.result.value, rows, errors } } : message.result })
      case 'crashed':
        return settle({ ok: false, error: new Error(`the roster reader failed: ${message.message}`) })
    }
  })
}
