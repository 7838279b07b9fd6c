// A thread of its own for argon2id (password.server.ts). It first lowers its
// own scheduling priority, so that on a busy machine the server's threads,
// which answer pages, come before a hash: in a login storm the logins wait
// for the CPU and the pages of those already in do not.
import fs from 'node:fs'
import os from 'node:os'
import { parentPort } from 'node:worker_threads'
import { hashSync, verifySync } from '@node-rs/argon2'
import { HASH_OPTIONS, HASH_THREAD_NICE, type HashReply, type HashRequest, type HashThreadMessage } from './hash-options.ts'

if (!parentPort) throw new Error('hash-worker.server.ts runs as a worker thread')
const port = parentPort

/**
 * This thread's id for the scheduler. On Linux a thread is a task of its own
 * (/proc/thread-self names it) and setpriority() on its id sets this thread's
 * niceness alone. Null elsewhere: the thread then runs at the server's priority.
 */
function ownThreadId(): number | null {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isInteger(tid) && tid > 0 ? tid : null
  } catch {
    return null
  }
}

const tid = ownThreadId()
let nice: number | null = null
if (tid !== null) {
  try {
    // Never above the process's own: a server started at a lower priority keeps its hashes there too.
    os.setPriority(tid, Math.max(HASH_THREAD_NICE, os.getPriority(tid)))
    nice = os.getPriority(tid)
  } catch {
    nice = null
  }
}

port.on('message', (request: HashRequest) => {
  try {
    const reply: HashReply =
      request.op === 'hash'
        ? { id: request.id, ok: true, value: hashSync(request.password, HASH_OPTIONS) }
        : request.op === 'verify'
          ? { id: request.id, ok: true, value: verifySync(request.hash, request.password) }
          : { id: request.id, ok: true, value: nice }
    port.postMessage(reply)
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies HashReply)
  }
})
port.postMessage({ type: 'ready' } satisfies HashThreadMessage)
