import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

// Worker threads whose entry is a TypeScript file of the app. The built
// server starts the entry's bundle, made beside it by the build
// (vite.worker-bundles.ts: build/workers/<entry>.js). Anything else (Vitest,
// scripts run by tsx) loads the entry through tsx's API: in a worker thread
// Node 20 applies no --import loader to the thread's own entry, and Vitest's
// processes have none. The file is found from the project root: in the built
// server this module is part of build/server/index.js, not next to the file.

const require = createRequire(import.meta.url)

function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
}

// tsx's ESM API (its package exports map tsx/esm/api to this file for import).
const TSX_API = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href

/** True in the built server, whose code is build/server/index.js. */
const fromBuild =
  fileURLToPath(import.meta.url)
    .split(path.sep)
    .slice(-3, -1)
    .join('/') === 'build/server'

/** Starts a worker thread running `file`, a path from the project root such as `app/modules/roster/roster-worker.server.ts`. */
export function startTsWorker(file: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const root = projectRoot()
  const bundle = path.join(root, 'build/workers', file.replace(/\.ts$/, '.js'))
  if (fromBuild && fs.existsSync(bundle)) return new Worker(bundle, options)
  const url = JSON.stringify(pathToFileURL(path.join(root, file)).href)
  return new Worker(`import(${JSON.stringify(TSX_API)}).then(({ tsImport }) => tsImport(${url}, ${url}))`, { ...options, eval: true })
}
