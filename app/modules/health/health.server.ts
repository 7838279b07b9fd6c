import { sql } from 'kysely'
import type { Work } from '#app/core/work.server.ts'

/** Whether the database answers, and how long it took: what a load balancer's probe asks. */
export async function databaseHealth(work: Work): Promise<{ ok: true; latencyMs: number } | { ok: false }> {
  const started = performance.now()
  try {
    await sql`select 1`.execute(work.db)
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 }
  } catch {
    return { ok: false }
  }
}
