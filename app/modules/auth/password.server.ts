import type { Worker } from 'node:worker_threads'
import { startTsWorker } from '#app/core/ts-worker.server.ts'
import type { HashReply, HashRequest, HashThreadMessage } from './hash-options.ts'

// argon2id runs on threads of its own (hash-worker.server.ts), at most two
// per process, each one hash at a time; the rest wait here in order. They
// ran on libuv's four threads, which compression and file reads share, at
// the server's priority: in a login storm (a whole region at 9:00) the hashes
// took the cores from the pages. The hash threads run at a lower priority, so
// on a busy machine the pages come first and the logins queue. See
// docs/decisions/013-cluster-and-load.md.
const MAX_CONCURRENT_HASHES = 2
const WORKER_FILE = 'app/modules/auth/hash-worker.server.ts'

type Job = { request: DistributiveOmit<HashRequest, 'id'>; resolve: (value: HashReply) => void; reject: (error: Error) => void }
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never

interface HashThread {
  worker: Worker
  job: Job | null
}

const threads: HashThread[] = []
const queue: Job[] = []
let nextId = 1

function startThread(): HashThread {
  const thread: HashThread = { worker: startTsWorker(WORKER_FILE), job: null }
  thread.worker.on('message', (reply: HashThreadMessage) => {
    if ('type' in reply) return
    const job = thread.job
    thread.job = null
    job?.resolve(reply)
    dispatch()
  })
  const stopped = (error: Error) => {
    const index = threads.indexOf(thread)
    if (index >= 0) threads.splice(index, 1)
    const job = thread.job
    thread.job = null
    job?.reject(error)
    dispatch()
  }
  thread.worker.on('error', (error) => stopped(new Error(`the password hashing thread failed: ${error.message}`)))
  thread.worker.on('exit', (code) => stopped(new Error(`the password hashing thread stopped (exit code ${code})`)))
  // An idle thread keeps no script or test process alive.
  thread.worker.unref()
  threads.push(thread)
  return thread
}

/** Gives waiting jobs to idle threads, starting threads up to the limit. */
function dispatch() {
  while (queue.length) {
    const thread = threads.find((t) => t.job === null) ?? (threads.length < MAX_CONCURRENT_HASHES ? startThread() : null)
    if (!thread) return
    const job = queue.shift()!
    thread.job = job
    thread.worker.ref()
    thread.worker.postMessage({ ...job.request, id: nextId++ } satisfies HashRequest)
  }
  for (const thread of threads) if (thread.job === null) thread.worker.unref()
}

function run(request: DistributiveOmit<HashRequest, 'id'>): Promise<HashReply> {
  return new Promise<HashReply>((resolve, reject) => {
    queue.push({ request, resolve, reject })
    dispatch()
  })
}

export async function hashPassword(password: string): Promise<string> {
  const reply = await run({ op: 'hash', password })
  if (!reply.ok) throw new Error(`hashing a password failed: ${reply.message}`)
  return String(reply.value)
}

/** False for a wrong password and for a stored hash the library cannot read; a thread that fails throws. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const reply = await run({ op: 'verify', hash: passwordHash, password })
  return reply.ok && reply.value === true
}

/** The niceness of a hash thread as the system reports it (null where the platform has none): for tests and diagnostics. */
export async function hashThreadNiceness(): Promise<number | null> {
  const reply = await run({ op: 'nice' })
  if (!reply.ok) throw new Error(reply.message)
  return typeof reply.value === 'number' ? reply.value : null
}
