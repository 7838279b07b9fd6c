// The roster's worker thread. Asked to run an import (or resume one), it
// opens its own connection to the database, taking write turns with the
// server's thread (db/write-turns.server.ts), and does the whole job there:
// reading, checks, staging, applying, inviting, reporting progress in the
// job's row. Asked only to read a file (for a database no other thread can
// open), it reads and checks it and hands the rows back.
import { parentPort } from 'node:worker_threads'
import { openWorkerDatabase, type DatabaseAddress } from '#db/client.server.ts'
import type { AppConfig } from '#app/core/config.ts'
import type { Logger, LogFn } from '#app/core/log.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { systemWork } from '#app/core/work.server.ts'
import { adoptClock, type clockSettings } from '#app/modules/clock/clock.server.ts'
import { jobHandle } from '#app/modules/jobs/jobs.server.ts'
import { readRoster } from './read-roster.ts'
import type { RosterParams, RosterResult } from './roster-outcome.server.ts'
import { readHere, resumeRoster, runRoster, type ReadRequest } from './roster-run.server.ts'

export interface RunRequest {
  type: 'run'
  task: { kind: 'import'; bytes: Uint8Array } | { kind: 'resume' }
  jobId: string
  params: RosterParams
  actorId: string | null
  clientIp: string | null
  requestId: string | null
  config: AppConfig
  publicOrigin: string
  clock: ReturnType<typeof clockSettings>
  database: DatabaseAddress
}

export type WorkerRequest = RunRequest | ({ type: 'read' } & ReadRequest)

export type LogLevel = keyof Logger

if (!parentPort) throw new Error('roster-worker.server.ts runs as a worker thread')
const port = parentPort

/** Fields as they can cross to the server's thread: an error as its message and stack. */
function cloneable(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? { message: value.message, stack: value.stack } : value]),
  )
}

const forward = (level: LogLevel): LogFn =>
  ((first: string | Record<string, unknown>, message?: string) =>
    port.postMessage(
      typeof first === 'string' ? { type: 'log', level, fields: {}, message: first } : { type: 'log', level, fields: cloneable(first), message },
    )) as LogFn
const log: Logger = { info: forward('info'), warn: forward('warn'), error: forward('error') }

async function run(request: RunRequest): Promise<void> {
  adoptClock(request.clock)
  setPublicOrigin(request.publicOrigin)
  const db = openWorkerDatabase(request.database)
  try {
    const work = { ...systemWork(db, request.config, log), actorId: request.actorId, clientIp: request.clientIp, requestId: request.requestId }
    const job = jobHandle<RosterParams, RosterResult>(work, request.jobId, request.params)
    if (request.task.kind === 'import') await runRoster(job, request.task.bytes, readHere)
    else await resumeRoster(job)
  } finally {
    await db.destroy()
  }
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'run') {
    void run(request).then(
      () => port.postMessage({ type: 'finished' }),
      (error: unknown) => port.postMessage({ type: 'crashed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    )
    return
  }
  void readRoster(request.bytes, request.sheet, request.places, {
    progress: (processed, total) => port.postMessage({ type: 'progress', processed, total }),
    rows: (rows) => port.postMessage({ type: 'rows', rows }),
    errors: (errors) => port.postMessage({ type: 'errors', errors }),
  }).then(
    (result) => port.postMessage({ type: 'done', result }),
    (error: unknown) => port.postMessage({ type: 'crashed', message: String(error) }),
  )
})
port.postMessage({ type: 'ready' })
