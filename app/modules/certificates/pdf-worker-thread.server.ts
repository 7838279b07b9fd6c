import type { Worker } from 'node:worker_threads'
import { startTsWorker } from '#app/core/ts-worker.server.ts'
import type { CertificateFacts, Revocation } from './facts.ts'
import type { RenderReply, RenderRequest } from './pdf-worker.server.ts'

// Certificate PDFs rendered in a worker thread (pdf-worker.server.ts), for the
// jobs that render many in a row: a ZIP of a cohort's thousand certificates
// kept the server's thread busy for seconds, each render a few milliseconds
// (the first ones, before the code is compiled, tens). One thread per
// process, started by the first job that asks for it and ended when the last
// such job lets it go. A single download renders on the server's thread
// still: one render is shorter than a thread's start.

const WORKER_FILE = 'app/modules/certificates/pdf-worker.server.ts'

interface RenderThread {
  worker: Worker
  pending: Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>
  users: number
}

let current: RenderThread | null = null
let nextId = 1

function startThread(): RenderThread {
  const worker = startTsWorker(WORKER_FILE)
  const self: RenderThread = { worker, pending: new Map(), users: 0 }
  worker.on('message', (message: RenderReply) => {
    if (message.type === 'ready') return
    const waiting = self.pending.get(message.id)
    self.pending.delete(message.id)
    if (message.type === 'rendered') {
      pdfThreadStats.renders++
      waiting?.resolve(message.bytes)
    } else waiting?.reject(new Error(`rendering a certificate failed: ${message.message}`))
    if (!self.pending.size) worker.unref()
  })
  const stopped = (error: Error) => {
    if (current === self) current = null
    for (const waiting of self.pending.values()) waiting.reject(error)
    self.pending.clear()
  }
  worker.on('error', (error) => stopped(new Error(`the certificate thread failed: ${error.message}`)))
  worker.on('exit', (code) => stopped(new Error(`the certificate thread stopped (exit code ${code})`)))
  // A thread with nothing to render keeps no script or test process alive.
  worker.unref()
  return self
}

/** Renders certificates in the shared thread; `release` when done with it. */
export interface PdfRenderer {
  render: (facts: CertificateFacts, qrText: string, revocation?: Revocation | null) => Promise<Uint8Array>
  release: () => Promise<void>
}

/**
 * The process's certificate thread, started if none runs. Renders come back
 * in the order asked; a thread that fails rejects what it had and the next
 * render starts another.
 */
export function pdfRenderer(): PdfRenderer {
  let thread = (current ??= startThread())
  thread.users++
  let released = false
  return {
    render: (facts, qrText, revocation = null) => {
      if (released) return Promise.reject(new Error('this certificate renderer was released'))
      if (current !== thread) {
        // The thread stopped: this user moves to a new one.
        thread = current ??= startThread()
        thread.users++
      }
      const id = nextId++
      const { worker, pending } = thread
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.ref()
        worker.postMessage({ id, facts, qrText, revocation } satisfies RenderRequest)
      })
    },
    release: async () => {
      if (released) return
      released = true
      thread.users--
      if (thread.users > 0) return
      if (current === thread) current = null
      await thread.worker.terminate()
    },
  }
}

/** How many PDFs certificate threads of this process have rendered (a test shows a ZIP job uses one). */
export const pdfThreadStats = { renders: 0 }

/** Whether a certificate thread runs in this process (for tests). */
export function pdfThreadRunning(): boolean {
  return current !== null
}
