import fs from 'node:fs'
import path from 'node:path'
import { copyTemplateDatabase } from './databases.ts'
import { TMP_DIR } from './paths.ts'
import { freePort, launchServer, type ServerProcess } from './process.ts'

export interface RunningServer {
  url: string
  /** The server's DATABASE_URL: a SQLite file, or a postgres:// URL under TEST_DATABASE_URL. */
  dbFile: string
  /** Where it writes certificate archives (EXPORTS_DIR). */
  exportsDir: string
  output: () => string
  stop: () => Promise<void>
}

/**
 * Starts the real server (the built app, as `npm start` serves it) on a free
 * port with its own copy of the template database.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort()
  const database = await copyTemplateDatabase(`server_${port}`)
  const exportsDir = path.join(TMP_DIR, `exports-${port}-${Date.now()}`)
  const removeFiles = async () => {
    await database.remove()
    fs.rmSync(exportsDir, { recursive: true, force: true })
  }
  let server: ServerProcess
  try {
    server = await launchServer(port, { DATABASE_URL: database.url, EXPORTS_DIR: exportsDir, ...env })
  } catch (error) {
    await removeFiles()
    throw error
  }
  return {
    url: server.url,
    dbFile: database.url,
    exportsDir,
    output: server.output,
    stop: async () => {
      await server.stop()
      await removeFiles()
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
