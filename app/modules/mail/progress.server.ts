import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { HOUR, addMs, nowIso } from '#app/modules/clock/clock.server.ts'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'
import { MAIL_DEFAULTS } from './outbox.server.ts'

// How far the outbox has got, for the admins watching a national import's
// invitations go out: counts by kind and status, what went in the last hour,
// and when the queue will be empty at the configured rate.

export interface KindProgress {
  kind: string
  pending: number
  sending: number
  sent: number
  failed: number
  total: number
  /** Minutes until this kind's waiting mail is sent, behind nothing else, at the rate; 0 when none waits. */
  minutesLeft: number
}

export interface OutboxProgress {
  kinds: KindProgress[]
  waiting: number
  sentLastHour: number
  ratePerMinute: number
  /** Minutes until the whole queue is sent at the rate; 0 when it is empty. */
  minutesLeft: number
}

export async function outboxProgress(work: Work): Promise<OutboxProgress> {
  const ratePerMinute = (work.config.mail ?? MAIL_DEFAULTS).ratePerMinute
  const [rows, lastHour] = await Promise.all([
    work.db
      .selectFrom('mail_outbox')
      .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['kind', 'status'])
      .execute(),
    work.db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sent_at', '>', addMs(work.now(), -HOUR).toISOString())
      .executeTakeFirstOrThrow(),
  ])
  const byKind = new Map<string, KindProgress>()
  for (const r of rows) {
    const k = byKind.get(r.kind) ?? { kind: r.kind, pending: 0, sending: 0, sent: 0, failed: 0, total: 0, minutesLeft: 0 }
    k[r.status] += Number(r.n)
    k.total += Number(r.n)
    byKind.set(r.kind, k)
  }
  const minutes = (n: number) => Math.ceil(n / ratePerMinute)
  const kinds = [...byKind.values()].map((k) => ({ ...k, minutesLeft: minutes(k.pending + k.sending) })).sort((a, b) => b.total - a.total)
  const waiting = kinds.reduce((sum, k) => sum + k.pending + k.sending, 0)
  return { kinds, waiting, sentLastHour: Number(lastHour.n), ratePerMinute, minutesLeft: minutes(waiting) }
}

/** Failed messages made due again per transaction: tens of thousands at once held the one connection for seconds. */
const RETRY_STEP = 2_000

/**
 * Sends a failed message again (or every failed one, a few thousand per
 * transaction): it is due at once with a fresh count of attempts. Audited, as
 * an admin's act on someone's mail.
 */
export async function retryFailedMail(work: Work, id: string | 'all'): Promise<Result<{ retried: number }, 'notFound'>> {
  const retry = (ids: string[]) =>
    write(work, async (tx) => {
      const updated = await tx.db
        .updateTable('mail_outbox')
        .set({ status: 'pending', attempts: 0, next_attempt_at: nowIso() })
        .where('status', '=', 'failed')
        .where('id', 'in', ids)
        .executeTakeFirst()
      return Number(updated.numUpdatedRows)
    })
  let retried = 0
  if (id !== 'all') retried = await retry([id])
  else
    for (;;) {
      const failed = await work.db.selectFrom('mail_outbox').select('id').where('status', '=', 'failed').limit(RETRY_STEP).execute()
      if (failed.length === 0) break
      retried += await retry(failed.map((m) => m.id))
      await yieldToServer()
    }
  if (retried === 0) return fail('notFound')
  await write(work, async (tx) => tx.audit({ action: 'outbox.retry', targetType: 'mail', targetId: id === 'all' ? null : id, details: { retried } }))
  return ok({ retried })
}
