import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import type { Database } from '#db/client.server.ts'
import { randomBytes } from '#db/ids.server.ts'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { formatDate } from '#app/i18n/format.ts'
import { DAY, addMs } from '#app/modules/clock/clock.server.ts'
import { enqueueMails } from '#app/modules/mail/outbox.server.ts'

// A new teacher's invitation: a single-use link token that lets the account
// set its first password, valid for 7 days, stored like a password-reset
// token (only its SHA-256) so /reset-password/<token> accepts it; and the
// mail that carries it, in Kazakh, enqueued many at a time.

export const INVITATION_TTL_MS = 7 * DAY

export interface Invitee {
  userId: string
  email: string
  fullName: string
  course: string
  cohort: { title: string; starts_on: string; ends_on: string }
}

const randomToken = () => encodeBase32LowerCaseNoPadding(randomBytes(20))
const tokenId = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)))

/** No password verifies against it (it is not an argon2 hash): the account waits for its invitation link. */
export function unusablePassword(): string {
  return `!invited:${randomToken()}`
}

/** Creates the invitees' tokens and enqueues their mails in `db` (a write's transaction). */
export async function inviteAll(db: Database, invitees: readonly Invitee[], created: Date): Promise<void> {
  if (invitees.length === 0) return
  const tokens = invitees.map(() => randomToken())
  const expires = addMs(created, INVITATION_TTL_MS).toISOString()
  // 5 values a row: 1,000 rows stay well under SQLite's limit on bound variables.
  for (let i = 0; i < invitees.length; i += 1_000) {
    await db
      .insertInto('password_reset_tokens')
      .values(
        invitees.slice(i, i + 1_000).map((invitee, j) => ({
          id: tokenId(tokens[i + j]!),
          user_id: invitee.userId,
          expires_at: expires,
          used_at: null,
          created_at: created.toISOString(),
        })),
      )
      .execute()
  }
  // A cohort's dates read the same in every mail: formatted once.
  const dates = new Map<string, string>()
  const date = (iso: string) => dates.get(iso) ?? (dates.set(iso, formatDate(iso, 'kk')), dates.get(iso)!)
  await enqueueMails(
    db,
    invitees.map((invitee, i) => ({
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
        link: absoluteUrl(`/reset-password/${tokens[i]!}`),
      }),
    })),
  )
}
