import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

// The server as a process the test owns: started on a database and an uploads
// directory the test chooses, so that it can be killed outright and started
// again on the same files, as a crashed deployment is restarted.

export interface ServerProcess {
  url: string
  /** The process started: under server/cluster.ts, the primary. */
  pid: number
  /** Everything it wrote to stdout and stderr. */
  output: () => string
  /** SIGKILL to the server and every process it started: no shutdown code runs. */
  crash: () => Promise<void>
  /** SIGTERM, as a deployment stops it, and waits for it to exit. */
  stop: () => Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Starts the built server (as `npm run serve` does, or `npm run serve:cluster`
 * with script server/cluster.ts) on `port` with `env` on top of the test
 * environment, and resolves once /healthz answers (within `startMs`).
 */
export async function launchServer(port: number, env: Record<string, string>, script = 'server/index.ts', startMs = 20_000): Promise<ServerProcess> {
  if (!fs.existsSync(path.resolve('build/server/index.js'))) {
    throw new Error('No build: run `npm run build` before the HTTP tests (npm test does).')
  }
  let log = ''
  // Its own process group, so that a crash takes any worker it forks too.
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    // Its public origin is the address the tests reach it on, so the links it writes lead back to it.
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', PG_POOL_MAX: '4', PUBLIC_ORIGIN: `http://127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  child.stdout.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr.on('data', (d: Buffer) => (log += d.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    try {
      process.kill(-child.pid!, name)
    } catch {
      // the group is already gone
    }
    await exited
  }
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + startMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited early:\n${log}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await signal('SIGKILL')
      throw new Error(`Server did not start in ${startMs / 1000} s:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url, pid: child.pid!, output: () => log, crash: () => signal('SIGKILL'), stop: () => signal('SIGTERM') }
}
