import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { TEMPLATE_DB, TMP_DIR } from './paths.ts'

export interface RunningServer {
  url: string
  dbFile: string
  output: () => string
  stop: () => Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Starts the real server (the built app, as `npm start` serves it) on a free
 * port with its own copy of the template database.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!fs.existsSync(path.resolve('build/server/index.js'))) {
    throw new Error('No build: run `npm run build` before the HTTP tests (npm test does).')
  }
  const port = await freePort()
  const dbFile = path.join(TMP_DIR, `server-${port}-${Date.now()}.db`)
  fs.copyFileSync(TEMPLATE_DB, dbFile)
  let log = ''
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: dbFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited early:\n${log}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`Server did not start in 20 s:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    dbFile,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true })
    },
  }
}

/**
 * Logs users in over HTTP as a browser's login form does and keeps one session
 * cookie per user: `const login = sessionLogin(() => server)`, then
 * `headers: { Cookie: await login(user) }`.
 */
export function sessionLogin(server: () => RunningServer): (user: { id: string; email: string; password: string }) => Promise<string> {
  const cookies = new Map<string, string>()
  return async (user) => {
    if (!cookies.has(user.id)) {
      const { url } = server()
      const res = await fetch(url + '/login', {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
        body: new URLSearchParams({ login: user.email, password: user.password }).toString(),
      })
      if (res.status !== 302) throw new Error(`login of ${user.email} answered ${res.status}`)
      const session = res.headers.getSetCookie().find((c) => c.startsWith('orken_session='))
      cookies.set(user.id, session!.split(';')[0]!)
    }
    return cookies.get(user.id)!
  }
}
