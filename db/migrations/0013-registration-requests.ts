import type { Kysely } from 'kysely'

// A registration waits here until its email address is confirmed: the form
// answers every submission alike (new, email taken, IIN taken), so the account
// is created only when the link mailed to the new address is used. Pending
// requests hold no unique email or IIN: a stranger's unconfirmed request can
// never keep the real owner from registering. The token itself is never
// stored, only its SHA-256 (hex), as for password resets.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registration_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('iin', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('registration_requests_expires').on('registration_requests').columns(['expires_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registration_requests').execute()
}
