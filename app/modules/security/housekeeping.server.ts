import type { Database } from '#db/client.server.ts'
import { deleteExpiredRegistrations } from '#app/modules/auth/registration.server.ts'
import { deleteExpiredSessions } from '#app/modules/auth/session.server.ts'
import { pruneRateLimitEvents } from './rate-limit.server.ts'

/**
 * The hourly clean-up of records that only expire: old rate-limit events,
 * sessions whose time is up and registrations never confirmed. Each step is idempotent, so several processes may run it.
 */
export async function pruneExpired(db: Database): Promise<void> {
  await pruneRateLimitEvents(db)
  await deleteExpiredSessions(db)
  await deleteExpiredRegistrations(db)
}
