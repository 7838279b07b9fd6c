import type { Database } from '#db/client.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { enqueueMail } from './outbox.server.ts'

// "Your certificate is issued": written in the transaction that issues it
// (certificates/issue.server.ts), in the teacher's language, with the public
// verification link, so that the teacher can forward it to an employer.

export const CERTIFICATE_MAIL_KIND = 'certificate_issued'

export interface IssuedDocument {
  userId: string
  kind: 'certificate' | 'attendance'
  number: string
  course: { kk?: string; ru?: string; en?: string }
  /** The verification page, from the public origin. */
  verifyUrl: string
}

/** Queues the mail on `db` (the issuing write's tx.db); nothing for a user without an address. */
export async function enqueueCertificateMail(db: Database, issued: IssuedDocument): Promise<void> {
  const user = await db.selectFrom('users').select(['email', 'full_name', 'locale']).where('id', '=', issued.userId).executeTakeFirst()
  if (!user?.email) return
  const locale = user.locale
  const course = pickLocalized(issued.course, locale)
  const params = { name: user.full_name, course, number: issued.number, link: issued.verifyUrl }
  const keys =
    issued.kind === 'certificate'
      ? ({ subject: 'delivery.certificate.subject', body: 'delivery.certificate.body' } as const)
      : ({ subject: 'delivery.attendance.subject', body: 'delivery.attendance.body' } as const)
  await enqueueMail(db, {
    kind: CERTIFICATE_MAIL_KIND,
    userId: issued.userId,
    to: user.email,
    subject: translate(locale, keys.subject, params),
    text: translate(locale, keys.body, params),
  })
}
