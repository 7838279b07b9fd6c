import type { Work } from '#app/core/work.server.ts'
import type { Role } from '#db/schema.ts'
import { DAY } from '#app/modules/clock/clock.server.ts'
import { outboxBacklog } from '#app/modules/mail/outbox.server.ts'
import { ROLES } from '#app/modules/auth/roles.ts'
import { versionedCache } from '#app/modules/dashboard/versioned-cache.server.ts'

// Counting the roles reads every account: done once per change of the accounts or the figures (ADR 031).
const roleCountsCache = versionedCache<{ role: Role; count: number }[]>(64)
// The accounts of the last 7 days are some 14,000 index entries nationally: counted once per
// minute and change of the accounts. The week ends at the minute's start, so the figure is
// the same for every reader in that minute.
const newUsersCache = versionedCache<number>(64)
const MINUTE_MS = 60_000

/**
 * Head counts for the admin front page. `regions` null means the whole country
 * (an admin); otherwise only users registered in those regions are counted.
 */
export async function adminOverview(work: Work, regions: string[] | null) {
  const { db } = work
  const roleCounts = await roleCountsCache.get(work, regions?.join(',') ?? '*', () => countRoles(work, regions))

  const minuteStart = Math.floor(work.now().getTime() / MINUTE_MS) * MINUTE_MS
  const newUsers = await newUsersCache.get(work, `${regions?.join(',') ?? '*'}|${minuteStart}`, async () => {
    let newQuery = db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('created_at', '>=', new Date(minuteStart - 7 * DAY).toISOString())
    if (regions) newQuery = newQuery.where('region_code', 'in', regions.length ? regions : [''])
    return Number((await newQuery.executeTakeFirstOrThrow()).n)
  })

  const regionRows = regions
    ? await db
        .selectFrom('regions')
        .select(['code', 'name_kk', 'name_ru', 'name_en'])
        .where('code', 'in', regions.length ? regions : [''])
        .execute()
    : null
  return {
    roleCounts,
    newUsers7d: newUsers,
    regions: regionRows,
    outbox: regions ? null : await outboxBacklog(db),
  }
}

/** Active accounts per role, in the regions given (null: all). */
async function countRoles(work: Work, regions: string[] | null) {
  const { db } = work
  // Counted from user_roles alone, leaving out the few deactivated accounts (or
  // keeping a region's active ones): joining every role to its account read
  // the whole users table on each load of the dashboard.
  const roleRows = await db
    .selectFrom('user_roles')
    .select(['role', (eb) => eb.fn.count<number>('user_id').distinct().as('n')])
    .where((eb) =>
      regions
        ? eb(
            'user_id',
            'in',
            eb
              .selectFrom('users')
              .select('id')
              .where('is_active', '=', 1)
              .where('region_code', 'in', regions.length ? regions : ['']),
          )
        : eb('user_id', 'not in', eb.selectFrom('users').select('id').where('is_active', '=', 0)),
    )
    .groupBy('role')
    .execute()
  return ROLES.map((role: Role) => ({ role, count: Number(roleRows.find((r) => r.role === role)?.n ?? 0) }))
}
