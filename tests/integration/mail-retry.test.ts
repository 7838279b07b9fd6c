import { describe, expect, test } from 'vitest'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { retryFailedMail } from '#app/modules/mail/progress.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// "Send all again" after a national mail server refused every invitation:
// tens of thousands of failed messages made due again a few thousand per
// transaction, the sent ones untouched, one audit row for the act.

const db = createTestDb()

async function outbox(status: 'failed' | 'sent', count: number, tag: string) {
  const at = nowIso()
  for (let i = 0; i < count; i += 500) {
    await db
      .insertInto('mail_outbox')
      .values(
        Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
          id: `${tag}-${String(i + j).padStart(6, '0')}`,
          kind: 'import_invitation',
          user_id: null,
          to_address: `${tag}${i + j}@example.kz`,
          subject: 'Өркен Academy',
          text_body: 'Сәлеметсіз бе!',
          status,
          attempts: 8,
          next_attempt_at: at,
          last_error: status === 'failed' ? '550 mailbox unavailable' : null,
          created_at: at,
          sent_at: status === 'sent' ? at : null,
        })),
      )
      .execute()
  }
}

describe('sending every failed mail again', () => {
  test('makes each failed one due with fresh attempts, in steps, leaves sent ones alone, and is audited once', async () => {
    await db.deleteFrom('mail_outbox').execute()
    await outbox('failed', 4_500, 'failed')
    await outbox('sent', 3, 'sent')
    const admin = await createUser(db, { roles: ['admin'] })
    const result = await retryFailedMail(testWork(db, { actorId: admin.id }), 'all')
    expect(result).toEqual({ ok: true, value: { retried: 4_500 } })
    const byStatus = await db
      .selectFrom('mail_outbox')
      .select(['status', 'attempts', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['status', 'attempts'])
      .orderBy('status')
      .execute()
    expect(byStatus.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { status: 'pending', attempts: 0, n: 4_500 },
      { status: 'sent', attempts: 8, n: 3 },
    ])
    const audits = await db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('action', '=', 'outbox.retry').execute()
    expect(audits.map((a) => ({ actor: a.actor_user_id, details: JSON.parse(a.details) }))).toEqual([{ actor: admin.id, details: { retried: 4_500 } }])
    // Nothing failed is left: a second press finds nothing and records nothing.
    expect(await retryFailedMail(testWork(db, { actorId: admin.id }), 'all')).toEqual({ ok: false, error: 'notFound' })
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'outbox.retry').execute()).toHaveLength(1)
  })
})
