import type { Transporter } from 'nodemailer'
import type { Database } from '#db/client.server.ts'
import type { MailMessage } from '#db/schema.ts'
import { withInvitationLink } from '#app/modules/auth/invitation.server.ts'
import { MINUTE, addMs, now, nowIso } from '#app/modules/clock/clock.server.ts'
import { MAIL_DEFAULTS, MAX_ATTEMPTS, backoffMs } from './outbox.server.ts'
import { listUnsubscribeHeaders } from './unsubscribe.server.ts'

// Delivery of the outbox at the rate the SMTP provider allows. Each tick takes
// what the rate leaves for the last minute, claims it in batches (one short
// UPDATE each, so two processes never send a message twice), and sends each
// message in turn, awaited, over the transport's pooled connection. The rate
// is counted in the database (claimed_at of the last minute), so it holds
// across ticks, restarts and processes.

/** A claim older than this belongs to a process that died mid-send: the message is due again. */
export const STALE_CLAIM_MS = 10 * MINUTE

export interface DeliveryOptions {
  /** At most this many attempts in any minute. */
  ratePerMinute?: number
  /** Messages claimed at once. */
  batchSize?: number
}

export interface DeliveryReport {
  sent: number
  failed: number
}

/**
 * Sends the mail that is due, oldest first, within the rate. A temporary
 * failure (a 4xx reply, no connection) is retried with back-off until
 * MAX_ATTEMPTS; a permanent one (a 5xx reply: no such mailbox) fails at once.
 * Failed mail stays visible to admins, who may send it again.
 */
export async function deliverDueMail(db: Database, transport: Transporter, from: string, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const rate = options.ratePerMinute ?? MAIL_DEFAULTS.ratePerMinute
  const batchSize = options.batchSize ?? MAIL_DEFAULTS.batchSize
  await reclaimStale(db)
  const report = { sent: 0, failed: 0 }
  let budget = rate - (await attemptsInLastMinute(db))
  while (budget > 0) {
    const batch = await claimDue(db, Math.min(batchSize, budget))
    if (batch.length === 0) break
    budget -= batch.length
    for (const mail of batch) {
      if (await deliverOne(db, transport, from, mail)) report.sent++
      else report.failed++
    }
  }
  return report
}

async function attemptsInLastMinute(db: Database): Promise<number> {
  const since = addMs(now(), -MINUTE).toISOString()
  const row = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('claimed_at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function reclaimStale(db: Database): Promise<void> {
  const before = addMs(now(), -STALE_CLAIM_MS).toISOString()
  await db.updateTable('mail_outbox').set({ status: 'pending' }).where('status', '=', 'sending').where('claimed_at', '<', before).execute()
}

/** Claims up to `limit` due messages in one statement; the status is checked again on the row itself, so a message is claimed once. */
async function claimDue(db: Database, limit: number): Promise<MailMessage[]> {
  const at = nowIso()
  const claimed = await db
    .updateTable('mail_outbox')
    .set({ status: 'sending', claimed_at: at })
    .where('status', '=', 'pending')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit),
    )
    .returningAll()
    .execute()
  return claimed.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))
}

/** A reply in the 5xx range: the server will refuse this message however often it is tried. */
function isPermanent(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'responseCode' in error ? Number(error.responseCode) : NaN
  return code >= 500 && code < 600
}

async function deliverOne(db: Database, transport: Transporter, from: string, mail: MailMessage): Promise<boolean> {
  const attempts = mail.attempts + 1
  try {
    const headers = { 'X-Orken-Mail-Id': mail.id, ...(await listUnsubscribeHeaders(db, mail)) }
    // An invitation gets its link now, a new one at each attempt: one that was never delivered was never read.
    const text = await withInvitationLink(db, mail, now())
    await transport.sendMail({ from, to: mail.to_address, subject: mail.subject, text, headers })
    await db.updateTable('mail_outbox').set({ status: 'sent', attempts, sent_at: nowIso(), last_error: null }).where('id', '=', mail.id).execute()
    return true
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const final = isPermanent(error) || attempts >= MAX_ATTEMPTS
    await db
      .updateTable('mail_outbox')
      .set({
        attempts,
        last_error: message.slice(0, 500),
        status: final ? 'failed' : 'pending',
        next_attempt_at: addMs(now(), backoffMs(attempts)).toISOString(),
      })
      .where('id', '=', mail.id)
      .execute()
    return false
  }
}
