import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, test } from 'vitest'
import type { CertificateFacts } from '#app/modules/certificates/facts.ts'
import { renderCertificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { sha256Hex } from '#app/modules/certificates/pdf-record.server.ts'
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

  /** Starts a bundle, waits for its ready message, sends `request` and gives back the answer. */
  async function ask(entry: string, request: unknown): Promise<unknown> {
    const worker = new Worker(path.resolve('build/workers', entry.replace(/\.ts$/, '.js')))
    try {
      return await new Promise<unknown>((resolve, reject) => {
        let ready = false
        worker.on('message', (message: unknown) => {
          if (ready) return resolve(message)
          ready = true
          worker.postMessage(request)
        })
        worker.once('error', reject)
        worker.once('exit', (code) => reject(new Error(`the worker stopped with code ${code}`)))
      })
    } finally {
      await worker.terminate()
    }
  }

  test('the certificate bundle renders the bytes the server thread renders', async () => {
    const facts: CertificateFacts = {
      kind: 'certificate',
      number: 'ORK-2026-000007',
      code: 'ABCDEFGHJKLMNPQR',
      holder: 'Дана Серікқызы',
      course: { kk: 'Буллингтің алдын алу', ru: 'Профилактика буллинга' },
      lang: 'kk',
      secondLang: 'ru',
      hours: 72,
      from: '2026-01-12',
      to: '2026-03-02',
      approval: null,
      issued: '2026-03-03',
      revision: 1,
    }
    const qrText = 'https://orken.example.kz/verify/ABCDEFGHJKLMNPQR?t=token'
    const answer = (await ask('app/modules/certificates/pdf-worker.server.ts', { id: 1, facts, qrText, revocation: null })) as {
      type: string
      bytes: Uint8Array
    }
    expect(answer.type).toBe('rendered')
    expect(sha256Hex(answer.bytes)).toBe(sha256Hex(await renderCertificatePdf(facts, qrText)))
  })

  test('the compile bundle compiles a lesson (esbuild loaded from node_modules)', async () => {
    const source = '---\ntitle: Сәлем\nminutes: 5\n---\n\n# Сәлем\n\nThe first lesson.\n'
    const answer = (await ask('app/modules/content/compile-worker.server.ts', { id: 1, source })) as { id: number; result: { ok: boolean; code?: string } }
    expect(answer.result.ok).toBe(true)
    expect(answer.result.code).toContain('The first lesson')
  })
})
