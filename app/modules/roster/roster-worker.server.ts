// The roster's worker thread: reads and checks one file at a time (see
// read-roster.ts), posting progress, good rows and errors as it goes, then
// its outcome. It touches no database: the main thread gives it the
// reference data and checks the rows against users and cohorts itself.
import { parentPort } from 'node:worker_threads'
import type { PlaceData } from '#app/modules/reference/places.ts'
import { readRoster } from './read-roster.ts'

export interface ReadRequest {
  bytes: Uint8Array
  sheet: string | null
  places: PlaceData
}

if (!parentPort) throw new Error('roster-worker.server.ts runs as a worker thread')
const port = parentPort
port.on('message', (request: ReadRequest) => {
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
