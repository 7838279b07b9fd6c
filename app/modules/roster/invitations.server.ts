import type { Database } from '#db/client.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { formatDate } from '#app/i18n/format.ts'
import { INVITATION_LINK } from '#app/modules/auth/invitation-link.ts'
import { enqueueMails } from '#app/modules/mail/outbox.server.ts'

// A new teacher's invitation: a mail in Kazakh, enqueued many at a time,
// whose link to set a first password is made when it is sent
// (auth/invitation.server.ts).

export interface Invitee {
  userId: string
  email: string
  fullName: string
  course: string
  cohort: { title: string; starts_on: string; ends_on: string }
}

/** Enqueues the invitees' mails in `db` (a write's transaction). */
export async function inviteAll(db: Database, invitees: readonly Invitee[]): Promise<void> {
  if (invitees.length === 0) return
  // A cohort's dates read the same in every mail: formatted once.
  const dates = new Map<string, string>()
  const date = (iso: string) => dates.get(iso) ?? (dates.set(iso, formatDate(iso, 'kk')), dates.get(iso)!)
  await enqueueMails(
    db,
    invitees.map((invitee) => ({
      kind: 'import_invitation',
      userId: invitee.userId,
      to: invitee.email,
      subject: translate('kk', 'import.mail.subject', { course: invitee.course }),
      text: translate('kk', 'import.mail.body', {
        name: invitee.fullName,
        course: invitee.course,
        cohort: invitee.cohort.title,
        starts: date(invitee.cohort.starts_on),
        ends: date(invitee.cohort.ends_on),
        link: INVITATION_LINK,
      }),
    })),
  )
}
