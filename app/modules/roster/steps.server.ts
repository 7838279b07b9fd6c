import { isMainThread } from 'node:worker_threads'
import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import { RUNNER, yieldToServer } from '#app/modules/jobs/jobs.server.ts'

// How the roster's writing steps take turns with the site (ADR 025): each
// step is one short transaction that also proves the job is still this
// process's, so a process that lost the job stops, and the one that resumed
// it carries on from the job's cursor.

export type Phase = 'reading' | 'checking' | 'staging' | 'saving' | 'inviting'

/**
 * Between two steps the job waits as long as its last step took (at most
 * 100 ms). On SQLite the one connection serves every request's queries in
 * turn, and a page's next query is queued only after its previous one
 * answered: yielding alone would let the next step take the connection
 * first every time, so a page of twenty queries would wait for twenty steps.
 */
export async function pace(stepStarted: number): Promise<void> {
  // In the roster's own thread (roster-thread.server.ts) the write turns share the database: a page's write waits one step at most.
  if (!isMainThread) return
  await yieldToServer()
  await new Promise((resolve) => setTimeout(resolve, Math.min(100, performance.now() - stepStarted)))
}

/** The job was failed as interrupted, or another process took it over: this one stops. */
export class RosterLost extends Error {
  constructor(jobId: string) {
    super(`roster job ${jobId} is no longer this process's`)
  }
}

/** Records progress inside a step's transaction; throws RosterLost when the job is no longer ours. */
export async function claim(
  db: Database,
  work: Work,
  jobId: string,
  set: { processed: number; total?: number; phase?: Phase; cursor?: number; result?: string },
): Promise<void> {
  const updated = await db
    .updateTable('jobs')
    .set({ ...set, heartbeat_at: work.now().toISOString() })
    .where('id', '=', jobId)
    .where('status', '=', 'running')
    .where('runner', '=', RUNNER)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) throw new RosterLost(jobId)
}
