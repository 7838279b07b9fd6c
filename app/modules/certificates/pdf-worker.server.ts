// A worker thread that renders certificate PDFs for pdf-worker-thread.server.ts:
// the same renderer as the server's own (pdf.server.ts), so the same facts give
// the same bytes here as there. It gets the facts and gives back the bytes;
// it never opens the database.
import { parentPort } from 'node:worker_threads'
import type { CertificateFacts, Revocation } from './facts.ts'
import { renderCertificatePdf } from './pdf.server.ts'

export interface RenderRequest {
  id: number
  facts: CertificateFacts
  qrText: string
  revocation: Revocation | null
}

export type RenderReply = { type: 'ready' } | { type: 'rendered'; id: number; bytes: Uint8Array } | { type: 'failed'; id: number; message: string }

if (!parentPort) throw new Error('pdf-worker.server.ts runs as a worker thread')
const port = parentPort
const reply = (message: RenderReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

port.on('message', (request: RenderRequest) => {
  renderCertificatePdf(request.facts, request.qrText, request.revocation).then(
    // The bytes move to the server's thread rather than being copied.
    (bytes) => reply({ type: 'rendered', id: request.id, bytes }, [bytes.buffer as ArrayBuffer]),
    (error: unknown) => reply({ type: 'failed', id: request.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  )
})
reply({ type: 'ready' })
