import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

// Worker threads whose entry is a TypeScript file of the app, loaded through
// tsx's API: in a worker thread Node 20 applies no --import loader to the
// thread's own entry, and Vitest's processes have none. The file is found
// from the project root: in the built server this module is part of
// build/server/index.js, not next to the file.

const require = createRequire(import.meta.url)

function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
}

// tsx's ESM API (its package exports map tsx/esm/api to this file for import).
const TSX_API = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href

/** Starts a worker thread running `file`, a path from the project root such as `app/modules/roster/roster-worker.server.ts`. */
export function startTsWorker(file: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const url = JSON.stringify(pathToFileURL(path.join(projectRoot(), file)).href)
  return new Worker(`import(${JSON.stringify(TSX_API)}).then(({ tsImport }) => tsImport(${url}, ${url}))`, { ...options, eval: true })
}
