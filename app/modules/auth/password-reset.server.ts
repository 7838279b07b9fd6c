import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { actingAs, write, type Work } from '#app/core/work.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { HOUR, addMs } from '#app/modules/clock/clock.server.ts'
import { consumeRateLimit, type RateLimitRule } from '#app/modules/security/rate-limit.server.ts'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import { enqueueMail } from '#app/modules/mail/outbox.server.ts'
import { setPassword } from './users.server.ts'

export const RESET_TOKEN_TTL_MS = HOUR

const RESET_MAIL_RULE: RateLimitRule = { bucket: 'reset:account', max: 3, windowMs: HOUR }

/** What the database keeps of a link's token: its SHA-256, never the token. */
export function tokenId(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

/**
 * Sends a single-use reset link valid for one hour, when the address belongs to
 * an active account. Says nothing either way, so the form does not reveal who
 * is registered. Older unused links of the account stop working.
 */
export async function requestPasswordReset(work: Work, email: string): Promise<void> {
  const user = await work.db
    .selectFrom('users')
    .select(['id', 'email', 'full_name', 'locale', 'is_active'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst()
  if (!user || user.is_active !== 1) return
  // However many addresses ask, one account gets at most three links an hour.
  if ((await consumeRateLimit(work, RESET_MAIL_RULE, user.id)).limited) return
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)))
  const created = work.now()
  const link = absoluteUrl(`/reset-password/${token}`)
  await write(work, async (tx) => {
    const trx = tx.db
    await trx.updateTable('password_reset_tokens').set({ used_at: created.toISOString() }).where('user_id', '=', user.id).where('used_at', 'is', null).execute()
    await trx
      .insertInto('password_reset_tokens')
      .values({
        id: tokenId(token),
        user_id: user.id,
        expires_at: addMs(created, RESET_TOKEN_TTL_MS).toISOString(),
        used_at: null,
        created_at: created.toISOString(),
      })
      .execute()
    await enqueueMail(trx, {
      kind: 'password_reset',
      userId: user.id,
      to: user.email,
      subject: translate(user.locale, 'mail.reset.subject'),
      text: translate(user.locale, 'mail.reset.body', { name: user.full_name, link }),
    })
    tx.audit({ action: 'user.password_reset_request', targetType: 'user', targetId: user.id, actorId: null })
  })
}

/** The account a reset token belongs to, when the token is unused and unexpired. */
export async function findValidResetToken(work: Work, token: string): Promise<{ userId: string } | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null
  const row = await work.db.selectFrom('password_reset_tokens').select(['user_id', 'expires_at', 'used_at']).where('id', '=', tokenId(token)).executeTakeFirst()
  if (!row || row.used_at || new Date(row.expires_at).getTime() <= work.now().getTime()) return null
  return { userId: row.user_id }
}

/**
 * Uses a reset token once: sets the new password and ends every session. The
 * account's owner acts (the link proves it), whoever the work's actor is.
 */
export async function resetPassword(work: Work, token: string, password: string): Promise<boolean> {
  const valid = await findValidResetToken(work, token)
  if (!valid) return false
  // Mark used first and only if still unused, so two posts of one link cannot both succeed.
  const marked = await write(work, (tx) =>
    tx.db
      .updateTable('password_reset_tokens')
      .set({ used_at: tx.work.now().toISOString() })
      .where('id', '=', tokenId(token))
      .where('used_at', 'is', null)
      .executeTakeFirst(),
  )
  if (Number(marked.numUpdatedRows) !== 1) return false
  await setPassword(actingAs(work, valid.userId), valid.userId, password)
  return true
}
