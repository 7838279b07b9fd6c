import { createHmac, timingSafeEqual } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import type { Database } from '#db/client.server.ts'
import { actingAs, write, type Work } from '#app/core/work.server.ts'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

// Opting out of a kind of mail by a link: no login, the token is an HMAC of
// the user and the kind under a secret kept in app_settings. Only mail a
// person can do without carries the link and the List-Unsubscribe headers
// (RFC 2369, one-click per RFC 8058): survey reminders. Invitations, resets
// and "certificate issued" are transactional, each the answer to something
// that happened to this person, and carry none.

/** The preference kind a reminder's link turns off (mail_preferences.kind). */
export const REMINDER_KIND = 'survey-reminders'

/** Outbox kinds a person may opt out of, and the preference each is filed under. */
const OPT_OUT: Readonly<Record<string, string>> = { survey_reminder: REMINDER_KIND }

async function secret(db: Database): Promise<string> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', 'unsubscribe_secret').executeTakeFirst()
  if (row) return row.value
  const value = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(32)))
  await db
    .insertInto('app_settings')
    .values({ key: 'unsubscribe_secret', value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  return (await db.selectFrom('app_settings').select('value').where('key', '=', 'unsubscribe_secret').executeTakeFirstOrThrow()).value
}

/** A link token that unsubscribes one user from one kind of mail; no login needed. */
export async function unsubscribeToken(db: Database, userId: string, kind: string): Promise<string> {
  const mac = createHmac('sha256', await secret(db))
    .update(`${userId}:${kind}`)
    .digest('base64url')
    .slice(0, 32)
  return `${userId}.${kind}.${mac}`
}

export async function readUnsubscribeToken(db: Database, token: string): Promise<{ userId: string; kind: string } | null> {
  const [userId, kind, mac] = token.split('.')
  if (!userId || !kind || !mac) return null
  // The whole token, compared in constant time: nothing before or after the MAC is ignored.
  const expected = Buffer.from(await unsubscribeToken(db, userId, kind))
  const given = Buffer.from(token)
  return expected.length === given.length && timingSafeEqual(expected, given) ? { userId, kind } : null
}

export async function unsubscribe(db: Database, userId: string, kind: string): Promise<void> {
  await db
    .insertInto('mail_preferences')
    .values({ user_id: userId, kind, unsubscribed_at: nowIso() })
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doNothing())
    .execute()
}

export async function isUnsubscribed(db: Database, userId: string, kind: string): Promise<boolean> {
  return Boolean(await db.selectFrom('mail_preferences').select('user_id').where('user_id', '=', userId).where('kind', '=', kind).executeTakeFirst())
}

/**
 * The List-Unsubscribe headers of an outgoing message, computed at delivery
 * from its kind and user (the outbox stores no token): none for mail nobody
 * may opt out of.
 */
export async function listUnsubscribeHeaders(db: Database, mail: { kind: string; user_id: string | null }): Promise<Record<string, string>> {
  const preference = OPT_OUT[mail.kind]
  if (!preference || !mail.user_id) return {}
  const url = absoluteUrl(`/unsubscribe/${await unsubscribeToken(db, mail.user_id, preference)}`)
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
}

/**
 * Uses the link in a reminder: its holder stops getting that kind of mail.
 * The token speaks for its user, so they are the actor of the audit entry.
 * False when the token is not one the app signed.
 */
export async function unsubscribeByToken(work: Work, token: string): Promise<boolean> {
  const valid = await readUnsubscribeToken(work.db, token)
  if (!valid) return false
  await write(actingAs(work, valid.userId), async (tx) => {
    await unsubscribe(tx.db, valid.userId, valid.kind)
    tx.audit({ action: 'user.mail_unsubscribe', targetType: 'user', targetId: valid.userId, details: { kind: valid.kind } })
  })
  return true
}

/** Whether an unsubscribe link is one the app signed, for the page that asks before acting. */
export async function unsubscribeLinkValid(work: Work, token: string): Promise<boolean> {
  return (await readUnsubscribeToken(work.db, token)) !== null
}
