import { sql, type Kysely } from 'kysely'

// The admin front page counts accounts per role and those registered in the
// last seven days on every load. At national scale (tens of thousands of
// accounts) both read every account: 35 and 12 ms of each dashboard request.
// The role counts now look up the few deactivated accounts (a partial index)
// instead of every active one; the new accounts are a range of created_at.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('users_created').on('users').columns(['created_at']).execute()
  await db.schema
    .createIndex('users_deactivated')
    .on('users')
    .columns(['id'])
    .where(sql<boolean>`is_active = 0`)
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['users_deactivated', 'users_created']) await db.schema.dropIndex(index).execute()
}
