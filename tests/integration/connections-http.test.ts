import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import { afterAll, describe, expect, test } from 'vitest'
import { copyTemplateDatabase, type DatabaseCopy } from '#tests/setup/databases.ts'
import { freePort, launchServer, type ServerProcess } from '#tests/setup/process.ts'

// How the server takes connections (ADR 040): a queue of 4,096 connections
// not yet accepted (the kernel's net.core.somaxconn caps it), where Node's
// default of 511 dropped the rest of a synchronized start, and idle
// connections kept 75 s, beyond a page's reading time.

const started: { server: ServerProcess; database: DatabaseCopy }[] = []

afterAll(async () => {
  for (const { server, database } of started) {
    await server.stop()
    await database.remove()
  }
})

async function start(script: string, env: Record<string, string> = {}) {
  const port = await freePort()
  const database = await copyTemplateDatabase(`connections_${port}`)
  const server = await launchServer(port, { DATABASE_URL: database.url, ...env }, script, 60_000)
  started.push({ server, database })
  return { port, url: server.url }
}

/** The accept queue's size of the socket listening on `port`, as the kernel reports it (`ss`: Send-Q of a listening socket). */
function acceptQueue(port: number): number {
  const out = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim()
  const columns = out.split('\n')[0]!.trim().split(/\s+/)
  return Number(columns[2])
}

const expectedQueue = Math.min(4096, Number(fs.readFileSync('/proc/sys/net/core/somaxconn', 'utf8')))

describe('connections', () => {
  test('one server process queues 4,096 connections (or the kernel cap) and keeps an idle one 75 s', async () => {
    const { port, url } = await start('server/index.ts')
    expect(expectedQueue).toBeGreaterThan(511)
    expect(acceptQueue(port)).toBe(expectedQueue)
    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      const agent = new http.Agent({ keepAlive: true })
      http
        .get(`${url}/healthz`, { agent }, (res) => {
          res.resume()
          res.on('end', () => {
            agent.destroy()
            const header = res.headers['keep-alive']
            resolve(typeof header === 'string' ? header : undefined)
          })
        })
        .on('error', reject)
    })
    expect(keepAlive).toBe('timeout=75')
  })

  test('serve:cluster queues as many on the socket its workers share', async () => {
    const { port } = await start('server/cluster.ts', { WEB_CONCURRENCY: '2' })
    expect(acceptQueue(port)).toBe(expectedQueue)
  })
})
