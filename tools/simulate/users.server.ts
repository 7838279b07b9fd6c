import { userSearchText } from '#app/modules/auth/users.server.ts'
import { inBatches, insertRows, refresh, type SimContext } from './batches.server.ts'
import type { Random } from './random.ts'
import type { SimUser } from './world.ts'

/**
 * Simulated accounts cannot log in: like an imported account waiting for its
 * invitation (import.server.ts), the hash is not an argon2 hash, so no
 * password verifies against it. One value for all: hashing 57,000 passwords
 * would take minutes, and a known password on a database that may also hold
 * real accounts (--force) would be a door left open.
 */
export const SIMULATED_PASSWORD_HASH = '!simulated'

/** Writes the accounts created by the simulation's "today", oldest first, with their role. */
export async function writeUsers(ctx: SimContext, rng: Random, users: SimUser[]): Promise<SimUser[]> {
  const written = users.filter((u) => u.createdAt <= ctx.untilStamp).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
  await inBatches(ctx, 'users', written, 2_500, async (trx, batch) => {
    await insertRows(
      trx,
      'users',
      batch.map((u) => ({
        id: u.id,
        email: u.email,
        iin: u.iin,
        full_name: u.fullName,
        search_text: userSearchText(u.fullName, u.email, u.iin),
        phone: u.phone,
        region_code: u.regionCode,
        school_id: u.schoolId,
        password_hash: SIMULATED_PASSWORD_HASH,
        locale: u.lang,
        is_active: 1,
        is_demo: 0,
        created_at: u.createdAt,
        updated_at: u.createdAt,
        deactivated_at: null,
      })),
    )
    await insertRows(
      trx,
      'user_roles',
      batch.map((u) => ({
        id: rng.id(),
        user_id: u.id,
        role: u.kind === 'trainer' ? ('trainer' as const) : ('teacher' as const),
        scope: '',
        region_code: null,
        school_id: null,
        granted_by: null,
        granted_at: u.createdAt,
      })),
    )
    await refresh(
      ctx,
      trx,
      ['registered_site_users'],
      batch.map((u) => u.id),
    )
  })
  return written
}
