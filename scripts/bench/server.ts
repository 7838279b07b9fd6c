// Shared by the benchmarks: start the built server on a fresh database in its
// own process, and stop it again.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface BenchServer {
  url: string
  dbFile: string
  /** The server's process (under serve:cluster, the primary). */
  pid: number
  output: () => string
  stop: () => Promise<void>
}

/** Starts `script` (server/index.ts, or server/cluster.ts for every core). */
export async function startBenchServer(port: number, env: Record<string, string> = {}, script = 'server/index.ts'): Promise<BenchServer> {
  if (!fs.existsSync('build/server/index.js')) throw new Error('No build: run `npm run build` first.')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-bench-'))
  const dbFile = env.DATABASE_URL ?? path.join(dir, 'bench.db')
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : []), '--import', 'tsx', script],
    {
      // In production the server answers for PUBLIC_ORIGIN's host only: here, the address the benchmark uses.
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: dbFile,
        PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        // Production refuses to start without mail unless told: a benchmark sends none unless it passes SMTP_URL.
        ...((env.SMTP_URL ?? process.env.SMTP_URL) ? {} : { MAIL_DISABLED: 'true' }),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let log = ''
  child.stdout.on('data', (d: Buffer) => (log += d))
  child.stderr.on('data', (d: Buffer) => (log += d))
  let stopping = false
  // A server that dies under the benchmark says why, before the client's errors do.
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`the server stopped (${signal ?? code}):\n${log.slice(-6_000)}\n`)
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    dbFile,
    pid: child.pid!,
    output: () => log,
    stop: async () => {
      stopping = true
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}
