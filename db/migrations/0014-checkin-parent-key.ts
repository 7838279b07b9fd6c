import type { Kysely } from 'kysely'
import { nowIso } from '#app/modules/clock/clock.server.ts'

// A parent checks in to a session once (security review, finding 10): the
// same phone, however typed, or without a phone the same name, counted twice
// before. parent_key holds that identity (app/modules/parents/parent-key.ts)
// and a unique index per session makes the database refuse a second one, so
// concurrent posts cannot double count either. Anonymous check-ins (no name,
// no phone) keep a null key and are not told apart.
//
// Only sessions whose code still works can take new check-ins, so only their
// rows get a key here (hundreds of sessions, not the whole history). The rule
// is copied as it stands today, so this migration never changes meaning; where
// such a session already holds a repeat, the first check-in takes the key and
// the repeat keeps none (it stays, as history, and is not deleted).

function keyOf(name: string | null, phone: string | null): string | null {
  const digits = (phone ?? '').replace(/\D/g, '')
  if (digits) {
    if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) return `phone:+7${digits.slice(1)}`
    if (digits.length === 10 && digits.startsWith('7')) return `phone:+7${digits}`
    return `phone:${phone!.trim().startsWith('+') ? '+' : ''}${digits}`
  }
  const typed = (name ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('kk')
  return typed ? `name:${typed}` : null
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('parent_checkins').addColumn('parent_key', 'text').execute()
  const rows = await db
    .selectFrom('parent_checkins as c')
    .innerJoin('parent_sessions as s', 's.id', 'c.session_id')
    .select(['c.id', 'c.session_id', 'c.name', 'c.phone'])
    .where('s.code_expires_at', '>', nowIso())
    .where('c.user_id', 'is', null)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute()
  const taken = new Set<string>()
  for (const row of rows) {
    const key = keyOf(row.name, row.phone)
    if (!key || taken.has(`${row.session_id} ${key}`)) continue
    taken.add(`${row.session_id} ${key}`)
    await db.updateTable('parent_checkins').set({ parent_key: key }).where('id', '=', row.id).execute()
  }
  await db.schema
    .createIndex('parent_checkins_parent')
    .on('parent_checkins')
    .columns(['session_id', 'parent_key'])
    .unique()
    .where('parent_key', 'is not', null)
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('parent_checkins_parent').execute()
  await db.schema.alterTable('parent_checkins').dropColumn('parent_key').execute()
}
