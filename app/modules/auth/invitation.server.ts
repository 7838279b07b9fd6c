import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import type { Database } from '#db/client.server.ts'
import { randomBytes } from '#db/ids.server.ts'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import { DAY, addMs } from '#app/modules/clock/clock.server.ts'
import { tokenId } from './password-reset.server.ts'
import { INVITATION_LINK } from './invitation-link.ts'

// An invited account's first password is set through a single-use link,
// stored like a password-reset token (only its SHA-256) so /reset-password/
// accepts it. The link is made when its mail is sent, not when the mail is
// queued: its 7 days start when the teacher can first read it, however long a
// national batch waits for the mail rate, and an import of 52,400 teachers
// writes no token at all (their random keys made every step rewrite the
// whole token index).

export const INVITATION_TTL_MS = 7 * DAY

const randomToken = () => encodeBase32LowerCaseNoPadding(randomBytes(20))

/** No password verifies against it (it is not an argon2 hash): the account waits for its invitation link. */
export function unusablePassword(): string {
  return '!invited'
}

/**
 * The text of a mail as it is sent: the invitation link, when the text holds
 * its place, is made now for the mail's account. The place is the last one in
 * the text, after anything the invited person's name could hold.
 */
export async function withInvitationLink(db: Database, mail: { user_id: string | null; text_body: string }, at: Date): Promise<string> {
  const place = mail.text_body.lastIndexOf(INVITATION_LINK)
  if (place < 0 || mail.user_id === null) return mail.text_body
  const token = randomToken()
  await db
    .insertInto('password_reset_tokens')
    .values({ id: tokenId(token), user_id: mail.user_id, expires_at: addMs(at, INVITATION_TTL_MS).toISOString(), used_at: null, created_at: at.toISOString() })
    .execute()
  return mail.text_body.slice(0, place) + absoluteUrl(`/reset-password/${token}`) + mail.text_body.slice(place + INVITATION_LINK.length)
}
