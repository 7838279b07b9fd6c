import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { now, setClockOffset, setNow } from '#app/modules/clock/clock.server.ts'
import { MAX_ATTEMPTS, backoffMs, enqueueMail } from '#app/modules/mail/outbox.server.ts'
import { deliverDueMail } from '#app/modules/mail/delivery.server.ts'
import { createSmtpTransport } from '#app/modules/mail/transport.server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'

const db = createTestDb()
const FROM = 'Orken <no-reply@orken.kz>'

// ---- a real SMTP server on loopback ----

interface TestSmtp {
  port: number
  /** Raw messages as received (headers and encoded body). */
  messages: string[]
  /** RCPT TO commands seen, accepted or not. */
  recipients: string[]
  close(): Promise<void>
}

const open = new Set<TestSmtp>()

function startSmtp(options: { port?: number; rejectRcpt?: number } = {}): Promise<TestSmtp> {
  const messages: string[] = []
  const recipients: string[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      recipients.push(address.address)
      if (options.rejectRcpt) {
        return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: options.rejectRcpt }))
      }
      callback()
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks).toString('utf8'))
        callback()
      })
    },
  })
  // A client hanging up mid-session is not a test failure; an unhandled 'error' would be.
  server.on('error', () => {})
  return new Promise((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const smtp: TestSmtp = {
        port: (server.server.address() as AddressInfo).port,
        messages,
        recipients,
        close: () => {
          open.delete(smtp)
          return new Promise<void>((done) => server.close(() => done()))
        },
      }
      open.add(smtp)
      resolve(smtp)
    })
  })
}

async function closeAll() {
  await Promise.all([...open].map((s) => s.close()))
}

// ---- reading a raw message without a MIME library ----

function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ')
  const headers = new Map<string, string>()
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body: raw.slice(at + 4) }
}

function decodeQuotedPrintable(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = []
  const input = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16))
      i += 2
    } else if (c === '_' && underscoreIsSpace) {
      bytes.push(0x20)
    } else {
      bytes.push(...Buffer.from(c, 'utf8'))
    }
  }
  return Buffer.from(bytes)
}

/** Decodes RFC 2047 encoded words (UTF-8, B or Q), joining adjacent words' bytes. */
function decodeHeader(value: string): string {
  const word = /=\?utf-8\?([bq])\?([^?]*)\?=/gi
  const joined = value.replace(/\?=\s+=\?/g, '?==?')
  let out = ''
  let pending: Buffer[] = []
  let last = 0
  for (const m of joined.matchAll(word)) {
    const between = joined.slice(last, m.index)
    if (between) {
      out += Buffer.concat(pending).toString('utf8') + between
      pending = []
    }
    pending.push(m[1]!.toLowerCase() === 'b' ? Buffer.from(m[2]!, 'base64') : decodeQuotedPrintable(m[2]!, true))
    last = m.index + m[0].length
  }
  return out + Buffer.concat(pending).toString('utf8') + joined.slice(last)
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body, false).toString('utf8')
  return body
}

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
