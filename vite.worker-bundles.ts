import path from 'node:path'
import { build } from 'esbuild'
import type { Plugin } from 'vite'

// Worker threads the built server starts, bundled beside it: each entry's
// own code in one file, its packages loaded from node_modules as usual. The
// server then starts build/workers/<entry>.js directly instead of compiling
// the entry and everything it imports through tsx first (app/core/ts-worker
// .server.ts), which took a national import's thread 1–3 s to start.

export const WORKER_ENTRIES = [
  'app/modules/roster/roster-worker.server.ts',
  'app/modules/certificates/pdf-worker.server.ts',
  'app/modules/content/compile-worker.server.ts',
  'app/modules/auth/hash-worker.server.ts',
]

export function workerBundles(): Plugin {
  let ssr = false
  let outDir = 'build'
  return {
    name: 'orken-worker-bundles',
    apply: 'build',
    configResolved(config) {
      ssr = Boolean(config.build.ssr)
      outDir = path.resolve(config.root, config.build.outDir, '..')
    },
    // After the server's bundle, so that every build of the server has its workers beside it.
    async closeBundle() {
      if (!ssr) return
      await build({
        entryPoints: WORKER_ENTRIES.map((entry) => ({ in: entry, out: entry.replace(/\.ts$/, '') })),
        outdir: path.join(outDir, 'workers'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        charset: 'utf8',
        logLevel: 'warning',
      })
    },
  }
}
