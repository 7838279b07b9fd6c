import type { Kysely } from 'kysely'

// Mail delivery at national scale: a message being sent is claimed
// (status 'sending', claimed_at) so that two delivery loops never send it
// twice, and a claim left by a process that died is taken back once stale.
// claimed_at is also the time of a message's latest attempt, which the rate
// limit counts over the last minute. The quiet period before survey reminders
// looks up a user's recent invitations by user and kind.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('claimed_at', 'text').execute()
  await db.schema.createIndex('mail_outbox_claimed').on('mail_outbox').column('claimed_at').execute()
  await db.schema.createIndex('mail_outbox_sent').on('mail_outbox').column('sent_at').execute()
  await db.schema.createIndex('mail_outbox_user_kind').on('mail_outbox').columns(['user_id', 'kind', 'created_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_user_kind').execute()
  await db.schema.dropIndex('mail_outbox_sent').execute()
  await db.schema.dropIndex('mail_outbox_claimed').execute()
  await db.schema.alterTable('mail_outbox').dropColumn('claimed_at').execute()
}
