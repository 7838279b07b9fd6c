import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, test } from 'vitest'
import { WORKER_ENTRIES } from '../../vite.worker-bundles.ts'

// The build bundles each worker thread's entry beside the server
// (build/workers/<entry>.js), and the built server starts those bundles
// without tsx: each must start on plain Node and say it is ready.

describe('worker bundles', () => {
  test.each(WORKER_ENTRIES)('%s is built and starts on plain Node', async (entry) => {
    const bundle = path.resolve('build/workers', entry.replace(/\.ts$/, '.js'))
    expect(fs.existsSync(bundle), `${bundle}: run the build first`).toBe(true)
    const worker = new Worker(bundle)
    try {
      const first = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
        worker.once('exit', (code) => reject(new Error(`the worker stopped with code ${code}`)))
      })
      // The compile worker says so in its own older form.
      expect([{ type: 'ready' }, { ready: true }]).toContainEqual(first)
    } finally {
      await worker.terminate()
    }
  })
})
