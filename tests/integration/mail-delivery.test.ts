import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { DAY, MINUTE, addMs, now, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { STALE_CLAIM_MS, deliverDueMail } from '#app/modules/mail/delivery.server.ts'
import { enqueueMail, enqueueMails } from '#app/modules/mail/outbox.server.ts'
import { createSmtpTransport } from '#app/modules/mail/transport.server.ts'
import { REMINDER_KIND, readUnsubscribeToken } from '#app/modules/mail/unsubscribe.server.ts'
import { runSurveyJobs } from '#app/modules/surveys/scheduler.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { TEST_PUBLIC_ORIGIN, testWork } from '#tests/setup/work.ts'
import { closeAll, decodeBody, decodeHeader, splitMessage, startSmtp, type TestSmtp } from './mail-smtp.ts'

// Delivery at national scale over a real SMTP server on loopback: the rate
// holds over a pinned clock, batches share one connection, temporary refusals
// are retried and permanent ones fail at once, two loops never send a message
// twice; reminders carry one-click unsubscribe headers from the configured
// public origin; a certificate's mail carries its verify link.

const db = createTestDb()
const FROM = 'Orken <no-reply@orken.kz>'
const ORIGIN = 'https://academy.orken.kz'

beforeAll(() => setPublicOrigin(ORIGIN))
afterAll(async () => {
  setPublicOrigin(TEST_PUBLIC_ORIGIN)
  setClockOffset(0)
  await closeAll()
})
beforeEach(async () => {
  await db.deleteFrom('mail_outbox').execute()
})
afterEach(async () => {
  setClockOffset(0)
  await closeAll()
})

const pooled = (smtp: TestSmtp) => createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`, { pool: true })

function queue(count: number, kind = 'test') {
  return enqueueMails(
    db,
    Array.from({ length: count }, (_, i) => ({ kind, to: `teacher-${i}@example.kz`, subject: `Хат ${i}`, text: `Мәтін ${i}` })),
  )
}

async function statuses(): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

describe('the rate and the batches', () => {
  test('at 60 a minute with 200 queued, a tick sends 60 over one connection; the next minute 60 more; none twice', async () => {
    const smtp = await startSmtp()
    const transport = pooled(smtp)
    await queue(200)

    expect(await deliverDueMail(db, transport, FROM, { ratePerMinute: 60, batchSize: 25 })).toEqual({ sent: 60, failed: 0 })
    expect(smtp.messages).toHaveLength(60)
    expect(smtp.connections()).toBe(1)
    // Same minute: nothing left of the rate.
    setClockOffset(30_000)
    expect(await deliverDueMail(db, transport, FROM, { ratePerMinute: 60, batchSize: 25 })).toEqual({ sent: 0, failed: 0 })

    setClockOffset(MINUTE + 1_000)
    expect(await deliverDueMail(db, transport, FROM, { ratePerMinute: 60, batchSize: 25 })).toEqual({ sent: 60, failed: 0 })
    expect(await statuses()).toEqual({ sent: 120, pending: 80 })
    const ids = smtp.messages.map((m) => splitMessage(m).headers.get('x-orken-mail-id'))
    expect(new Set(ids).size).toBe(120)
    transport.close()
  })

  test('two delivery loops at once send each message once', async () => {
    const smtp = await startSmtp()
    const [a, b] = [pooled(smtp), pooled(smtp)]
    await queue(40)
    const [first, second] = await Promise.all([
      deliverDueMail(db, a, FROM, { ratePerMinute: 1000, batchSize: 5 }),
      deliverDueMail(db, b, FROM, { ratePerMinute: 1000, batchSize: 5 }),
    ])
    expect(first.sent + second.sent).toBe(40)
    expect(first.sent).toBeGreaterThan(0)
    expect(second.sent).toBeGreaterThan(0)
    const ids = smtp.messages.map((m) => splitMessage(m).headers.get('x-orken-mail-id'))
    expect(ids).toHaveLength(40)
    expect(new Set(ids).size).toBe(40)
    a.close()
    b.close()
  })

  test('a claim left by a process that died is taken back once stale, not before', async () => {
    const smtp = await startSmtp()
    const [id] = await queue(1)
    await db.updateTable('mail_outbox').set({ status: 'sending', claimed_at: now().toISOString() }).where('id', '=', id!).execute()
    const transport = pooled(smtp)
    setClockOffset(STALE_CLAIM_MS - MINUTE)
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 0 })
    setClockOffset(STALE_CLAIM_MS + MINUTE)
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 1, failed: 0 })
    expect(await statuses()).toEqual({ sent: 1 })
    transport.close()
  })
})

describe('failures', () => {
  test('a 4xx is retried after its back-off and then sent; a 5xx fails at once; neither holds up the rest of the batch', async () => {
    let deferred = true
    const smtp = await startSmtp({
      rejectRcpt: (address) => (address.startsWith('busy') && deferred ? 451 : address.startsWith('gone') ? 550 : null),
    })
    const transport = pooled(smtp)
    const busy = await enqueueMail(db, { kind: 'test', to: 'busy@example.kz', subject: 'Busy', text: 'Later' })
    const gone = await enqueueMail(db, { kind: 'test', to: 'gone@example.kz', subject: 'Gone', text: 'Never' })
    await queue(3)

    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 3, failed: 2 })
    const row = (id: string) => db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(await row(busy)).toMatchObject({ status: 'pending', attempts: 1 })
    expect((await row(busy)).last_error).toContain('451')
    expect(await row(gone)).toMatchObject({ status: 'failed', attempts: 1 })
    expect((await row(gone)).last_error).toContain('550')

    deferred = false
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 0, failed: 0 })
    setClockOffset(MINUTE + 1_000)
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 1, failed: 0 })
    expect(await row(busy)).toMatchObject({ status: 'sent', attempts: 2, last_error: null })
    expect(await row(gone)).toMatchObject({ status: 'failed', attempts: 1 })
    expect(smtp.recipients.filter((r) => r.startsWith('gone'))).toHaveLength(1)
    transport.close()
  })
})

describe('what a message carries', () => {
  test('a survey reminder has List-Unsubscribe (one-click) at the public origin with a valid token; an invitation has none', async () => {
    const smtp = await startSmtp()
    const course = await createTestCourse(db)
    await db
      .updateTable('course_versions')
      .set({ manifest: JSON.stringify({ ...course.manifest, surveys: { pre: 'course-pre' } }) })
      .where('id', '=', course.versionId)
      .execute()
    const cohortId = await createTestCohort(db, course)
    const teacher = await createUser(db)
    const e = await enrol(testWork(db, { actorId: teacher.id }), { userId: teacher.id, cohortId, source: 'self', today: '2026-06-01' })
    expect(e.ok).toBe(true)
    await runSurveyJobs(testWork(db))
    // An invitation, to someone else: transactional, no header.
    await enqueueMail(db, { kind: 'import_invitation', userId: (await createUser(db)).id, to: 'new@example.kz', subject: 'Шақыру', text: 'Белсендіріңіз' })

    const transport = pooled(smtp)
    await deliverDueMail(db, transport, FROM)
    transport.close()
    const parsed = smtp.messages.map((m) => splitMessage(m))
    const reminder = parsed.find((m) => m.headers.get('to')?.includes(teacher.email))!
    const invitation = parsed.find((m) => m.headers.get('to')?.includes('new@example.kz'))!
    expect(reminder).toBeDefined()
    const header = reminder.headers.get('list-unsubscribe')!
    const url = /^<(.+)>$/.exec(header)?.[1]
    expect(url).toMatch(new RegExp(`^${ORIGIN}/unsubscribe/`))
    expect(await readUnsubscribeToken(db, url!.slice(`${ORIGIN}/unsubscribe/`.length))).toEqual({ userId: teacher.id, kind: REMINDER_KIND })
    expect(reminder.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    expect(invitation.headers.has('list-unsubscribe')).toBe(false)
    expect(invitation.headers.has('list-unsubscribe-post')).toBe(false)
  })

  test('"certificate issued": in the teacher\'s language, with the verify link from the public origin, sent once', async () => {
    const smtp = await startSmtp()
    const course = await createTestCourse(db)
    const cohortId = await createTestCohort(db, course)
    const teacher = await createUser(db, { locale: 'ru', fullName: 'Ирина Ковалёва' })
    const e = await enrol(testWork(db, { actorId: teacher.id }), { userId: teacher.id, cohortId, source: 'self', today: '2026-06-01' })
    if (!e.ok) throw new Error(e.error)
    await db
      .updateTable('enrolments')
      .set({ status: 'completed', completed_at: addMs(now(), -DAY).toISOString(), lessons_done: 4 })
      .where('id', '=', e.enrolmentId)
      .execute()

    const issued = await issueCertificate(testWork(db), e.enrolmentId)
    if (!issued.ok) throw new Error(issued.error)
    // Issued again (idempotent): no second mail.
    await issueCertificate(testWork(db), e.enrolmentId)
    const cert = await db.selectFrom('certificates').select(['code', 'number']).where('id', '=', issued.certificateId).executeTakeFirstOrThrow()
    const rows = await db.selectFrom('mail_outbox').selectAll().where('user_id', '=', teacher.id).where('kind', '=', 'certificate_issued').execute()
    expect(rows).toHaveLength(1)

    const transport = pooled(smtp)
    expect(await deliverDueMail(db, transport, FROM)).toEqual({ sent: 1, failed: 0 })
    transport.close()
    const { headers, body } = splitMessage(smtp.messages[0]!)
    expect(decodeHeader(headers.get('subject')!)).toBe('Өркен Academy: ваш сертификат по курсу «Тестовый курс» готов')
    const text = decodeBody(headers, body)
    expect(text).toContain('Здравствуйте, Ирина Ковалёва!')
    expect(text).toContain(`№ ${cert.number}`)
    expect(text).toContain(`${ORIGIN}/verify/${cert.code}`)
    expect(headers.has('list-unsubscribe')).toBe(false)
  })
})
