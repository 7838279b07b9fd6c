import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest'
import { now, setClockOffset, setNow } from '#app/modules/clock/clock.server.ts'
import { MAX_ATTEMPTS, backoffMs, enqueueMail } from '#app/modules/mail/outbox.server.ts'
import { deliverDueMail } from '#app/modules/mail/delivery.server.ts'
import { createSmtpTransport } from '#app/modules/mail/transport.server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { closeAll, decodeBody, decodeHeader, splitMessage, startSmtp, type TestSmtp } from './mail-smtp.ts'

const db = createTestDb()
const FROM = 'Orken <no-reply@orken.kz>'

// ---- helpers over the outbox ----

function row(id: string) {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** Moves the clock just past a message's next attempt. */
async function moveClockPastNextAttempt(id: string) {
  const next = new Date((await row(id)).next_attempt_at).getTime()
  setNow(new Date(next + 1_000))
}

function withMailId(smtp: TestSmtp, id: string): string[] {
  return smtp.messages.filter((m) => splitMessage(m).headers.get('x-orken-mail-id') === id)
}

beforeEach(async () => {
  await db.deleteFrom('mail_outbox').execute()
})
afterEach(async () => {
  setClockOffset(0)
  await closeAll()
})
afterAll(async () => {
  setClockOffset(0)
  await closeAll()
})

describe('deliverDueMail over real SMTP', () => {
  test('delivers a due message once, marks it sent, with the id header and the Kazakh text intact', async () => {
    const smtp = await startSmtp()
    const subject = 'Өркен Academy: құпиясөзді қалпына келтіру'
    const text = 'Сәлеметсіз бе, Әлия!\n\nPlain ASCII line: reset link https://orken.kz/reset-password/abc\n\nҚұрметпен, Өркен Academy'
    const id = await enqueueMail(db, { kind: 'test', to: 'aliya@example.kz', subject, text })

    const report = await deliverDueMail(db, createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`), FROM)
    expect(report).toEqual({ sent: 1, failed: 0 })

    const after = await row(id)
    expect(after).toMatchObject({ status: 'sent', attempts: 1, last_error: null })
    expect(after.sent_at).not.toBeNull()

    expect(smtp.messages).toHaveLength(1)
    expect(withMailId(smtp, id)).toHaveLength(1)
    expect(smtp.recipients).toEqual(['aliya@example.kz'])
    const { headers, body } = splitMessage(smtp.messages[0]!)
    expect(headers.get('to')).toContain('aliya@example.kz')
    expect(headers.get('from')).toContain('no-reply@orken.kz')
    expect(decodeHeader(headers.get('subject')!)).toBe(subject)
    const decoded = decodeBody(headers, body).replace(/\r\n/g, '\n')
    expect(decoded).toContain('Plain ASCII line: reset link https://orken.kz/reset-password/abc')
    expect(decoded).toContain('Сәлеметсіз бе, Әлия!')
    expect(decoded).toContain('Құрметпен, Өркен Academy')

    // Nothing is due any more: a second run sends nothing.
    expect(await deliverDueMail(db, createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`), FROM)).toEqual({ sent: 0, failed: 0 })
    expect(smtp.messages).toHaveLength(1)
  })

  test.each([450, 421])('a recipient refused for now with %i leaves the mail pending with back-off, not retried early', async (code) => {
    const smtp = await startSmtp({ rejectRcpt: code })
    const transport = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`)
    const id = await enqueueMail(db, { kind: 'test', to: 'refused@example.kz', subject: 'Hello', text: 'Body' })

    const t0 = now().getTime()
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 1 })
    const t1 = now().getTime()

    const failed = await row(id)
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, sent_at: null })
    expect(failed.last_error).toEqual(expect.stringContaining(String(code)))
    const next = new Date(failed.next_attempt_at).getTime()
    expect(backoffMs(1)).toBe(60_000)
    expect(next).toBeGreaterThanOrEqual(t0 + 60_000)
    expect(next).toBeLessThanOrEqual(t1 + 60_000)
    expect(smtp.recipients).toHaveLength(1)
    expect(smtp.messages).toHaveLength(0)

    // Not retried before its time.
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 0 })
    setClockOffset(30_000)
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 0 })
    expect(smtp.recipients).toHaveLength(1)
    expect((await row(id)).attempts).toBe(1)

    // Once due it is tried again, and the back-off doubles.
    await moveClockPastNextAttempt(id)
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 1 })
    expect(smtp.recipients).toHaveLength(2)
    expect((await row(id)).attempts).toBe(2)
  })

  test('with no server listening the mail stays pending, and is delivered once when the server is back', async () => {
    const first = await startSmtp()
    const port = first.port
    await first.close()
    const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`)
    const id = await enqueueMail(db, { kind: 'test', to: 'later@example.kz', subject: 'Delayed', text: 'Delivered after an outage' })

    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 1 })
    const failed = await row(id)
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, sent_at: null })
    expect(failed.last_error).toBeTruthy()

    const smtp = await startSmtp({ port })
    // Back, but the message is not yet due.
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 0 })
    expect(smtp.messages).toHaveLength(0)

    await moveClockPastNextAttempt(id)
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 1, failed: 0 })
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 0 })

    expect(smtp.messages).toHaveLength(1)
    expect(withMailId(smtp, id)).toHaveLength(1)
    const { headers, body } = splitMessage(smtp.messages[0]!)
    expect(decodeBody(headers, body)).toContain('Delivered after an outage')
    const sent = await row(id)
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, last_error: null })
  })

  test('a recipient refused for good (550) fails at once, its error kept, never tried again', async () => {
    const smtp = await startSmtp({ rejectRcpt: 550 })
    const transport = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`)
    const id = await enqueueMail(db, { kind: 'test', to: 'nobody@example.kz', subject: 'Hello', text: 'Body' })

    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 1 })
    const failed = await row(id)
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, sent_at: null })
    expect(failed.last_error).toContain('550')
    setClockOffset(7 * 24 * 3_600_000)
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 0 })
    expect(smtp.recipients).toHaveLength(1)
  })

  test(`after ${MAX_ATTEMPTS} temporary failures the mail is marked failed and no longer tried`, async () => {
    const smtp = await startSmtp({ rejectRcpt: 451 })
    const transport = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`)
    const id = await enqueueMail(db, { kind: 'test', to: 'never@example.kz', subject: 'Never', text: 'Never delivered' })

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 1 })
      const current = await row(id)
      expect(current.attempts).toBe(attempt)
      expect(current.status).toBe(attempt < MAX_ATTEMPTS ? 'pending' : 'failed')
      await moveClockPastNextAttempt(id)
    }

    setClockOffset(7 * 24 * 3_600_000)
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 0 })
    expect(smtp.recipients).toHaveLength(MAX_ATTEMPTS)
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, sent_at: null })
    expect((await row(id)).last_error).toContain('451')
  })
})
