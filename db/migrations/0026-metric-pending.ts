import type { Kysely } from 'kysely'

// Subjects whose metrics a write left for later (ADR 042): a row per event,
// written in the event's transaction and removed by the transaction that
// refreshes them. A row per event, not per subject, so that a refresh that
// read a subject before a later event committed never removes that event's
// row.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metric_pending')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('metric_pending').execute()
}
