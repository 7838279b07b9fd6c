// A worker thread that compiles lessons for compile-mdx.server.ts, one at a
// time: a compile can take seconds of CPU, and in a thread of its own it never
// holds the server's event loop; if it takes too long, the thread is stopped.
import { parentPort } from 'node:worker_threads'
import { runCompile } from './compile-run.server.ts'

export interface CompileRequest {
  id: number
  source: string
}

if (!parentPort) throw new Error('compile-worker.server.ts runs as a worker thread')
const port = parentPort
port.on('message', (request: CompileRequest) => {
  void runCompile(request.source).then(
    (result) => port.postMessage({ id: request.id, result }),
    (error: unknown) => port.postMessage({ id: request.id, result: { ok: false, problems: [{ line: 1, column: 1, message: String(error) }] } }),
  )
})
port.postMessage({ ready: true })
