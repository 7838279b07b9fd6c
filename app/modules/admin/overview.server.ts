import type { Database } from '#db/client.server.ts'
import type { Role } from '#db/schema.ts'
import { DAY, now } from '#app/modules/clock/clock.server.ts'
import { outboxCounts } from '#app/modules/mail/outbox.server.ts'
import { ROLES } from '#app/modules/auth/roles.ts'

/**
 * Head counts for the admin front page. `regions` null means the whole country
 * (an admin); otherwise only users registered in those regions are counted.
 */
export async function adminOverview(db: Database, regions: string[] | null) {
  let roleQuery = db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['user_roles.role', (eb) => eb.fn.count<number>('users.id').distinct().as('n')])
    .where('users.is_active', '=', 1)
    .groupBy('user_roles.role')
  if (regions) roleQuery = roleQuery.where('users.region_code', 'in', regions.length ? regions : [''])
  const roleRows = await roleQuery.execute()
  const roleCounts = ROLES.map((role: Role) => ({ role, count: Number(roleRows.find((r) => r.role === role)?.n ?? 0) }))

  let newQuery = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>=', new Date(now().getTime() - 7 * DAY).toISOString())
  if (regions) newQuery = newQuery.where('region_code', 'in', regions.length ? regions : [''])
  const newUsers = await newQuery.executeTakeFirstOrThrow()

  const regionRows = regions
    ? await db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en']).where('code', 'in', regions.length ? regions : ['']).execute()
    : null
  return {
    roleCounts,
    newUsers7d: Number(newUsers.n),
    regions: regionRows,
    outbox: regions ? null : await outboxCounts(db),
  }
}
