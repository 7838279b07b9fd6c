import type { Database } from '#db/client.server.ts'
import type { MailMessage } from '#db/schema.ts'
import type { Work } from '#app/core/work.server.ts'
import { idRun, newId } from '#db/ids.server.ts'
import { insertRows } from '#db/insert-rows.server.ts'
import type { MailConfig } from '#app/core/config.ts'
import { MINUTE, nowIso } from '#app/modules/clock/clock.server.ts'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import { INVITATION_LINK } from '#app/modules/auth/invitation-link.ts'
import { ELIDED, elideSecrets } from './elide-secrets.ts'

// Mail is written to the outbox in the transaction that decides to send it and
// delivered later by deliverDueMail() (delivery.server.ts): when SMTP is down nothing is lost.
// enqueueMail is one statement of the caller's write: pass it tx.db. The
// delivery and the counts for the server's metrics run outside any request,
// on the database itself.

export interface OutgoingMail {
  kind: string
  userId?: string | null
  to: string
  subject: string
  text: string
}

export const MAX_ATTEMPTS = 8

/** The settings when MAIL_RATE_PER_MINUTE, MAIL_BATCH_SIZE and REMINDER_QUIET_DAYS are not given. */
export const MAIL_DEFAULTS: MailConfig = { ratePerMinute: 600, batchSize: 50, reminderQuietDays: 7 }

/** Mail that invites a person to activate an account: survey reminders wait for the quiet period after it. */
export const INVITATION_KINDS: readonly string[] = ['import_invitation']

export async function enqueueMail(db: Database, mail: OutgoingMail): Promise<string> {
  const [id] = await enqueueMails(db, [mail])
  return id!
}

const MAIL_COLUMNS = ['id', 'kind', 'user_id', 'to_address', 'subject', 'text_body', 'status', 'attempts', 'next_attempt_at', 'created_at'] as const

/** Many messages in few statements (an import's invitations); returns their ids in order. */
export async function enqueueMails(db: Database, mails: readonly OutgoingMail[]): Promise<string[]> {
  const created = nowIso()
  // Many mails at once (invitations to a national roster) get ids that sort in order, so their index pages are written once.
  const ids = mails.length > 1 ? idRun() : null
  const rowIds = mails.map((_, i) => (ids ? ids(i) : newId()))
  const rows = mails.map((mail, i) => [rowIds[i], mail.kind, mail.userId ?? null, mail.to, mail.subject, mail.text, 'pending', 0, created, created])
  // 10 values a row: 500 rows stay under SQLite's limit on bound variables.
  for (let i = 0; i < rows.length; i += 500) await insertRows(db, 'mail_outbox', MAIL_COLUMNS, rows.slice(i, i + 500))
  return rowIds
}

/** Back-off after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1) * MINUTE, 360 * MINUTE)
}

/**
 * An invitation waiting to be sent holds the place of its link (made when it
 * is sent, auth/invitation.server.ts): shown as a sent one's link is shown,
 * with its token elided. The place is the last one, as for the sending.
 */
function withLinkPlace(text: string): string {
  const place = text.lastIndexOf(INVITATION_LINK)
  if (place < 0) return text
  return text.slice(0, place) + absoluteUrl(`/reset-password/${ELIDED}`) + text.slice(place + INVITATION_LINK.length)
}

/** The outbox as admins read it: newest first, the secrets in each mail's links elided (elide-secrets.ts). */
export async function listOutbox(work: Work, status?: MailMessage['status'], asked = 1, pageSize = 50) {
  let q = work.db.selectFrom('mail_outbox')
  if (status) q = q.where('status', '=', status)
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, asked), pages)
  const rows = await q
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  const shown = rows.map((row) => ({
    ...row,
    text_body: elideSecrets(withLinkPlace(row.text_body)),
    last_error: row.last_error === null ? null : elideSecrets(row.last_error),
  }))
  return { rows: shown, page, pages, total, first: (page - 1) * pageSize + 1 }
}

/**
 * The mail still to send and the mail given up on, as the admin's front page
 * and /metrics show them: read from the (status, next_attempt_at) index, never counting
 * the sent mail, which only grows.
 */
export async function outboxBacklog(db: Database): Promise<{ pending: number; failed: number }> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['pending', 'failed'])
    .groupBy('status')
    .execute()
  const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0)
  return { pending: n('pending'), failed: n('failed') }
}
