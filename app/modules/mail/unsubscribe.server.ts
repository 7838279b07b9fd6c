import { actingAs, write, type Work } from '#app/core/work.server.ts'
import { readUnsubscribeToken, unsubscribe } from '#app/modules/surveys/scheduler.server.ts'

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
