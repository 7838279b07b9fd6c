import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import remixConfig from './remix.config.js'
import { workerBundles } from './vite.worker-bundles.ts'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  plugins: [remix(remixConfig), workerBundles()],
  build: { target: 'es2020', cssMinify: true },
  server: { port: 5173 },
})
