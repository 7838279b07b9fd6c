import { z } from 'zod'
import { write, type Work } from '#app/core/work.server.ts'
import type { Locale } from '#app/i18n/locales.ts'

// The in-app notices a user sees on their home page (a survey is due, say),
// written beside the mail that says the same (surveys/scheduler.server.ts).

const NotificationParams = z.record(z.string(), z.string())

/**
 * A notice's parameters in the reader's language: `title.ru` stands in for
 * `title` on a Russian page (a survey's title is written in every language).
 */
export function paramsIn(params: Record<string, string>, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) if (!/\.[a-z]{2}$/.test(name)) out[name] = params[`${name}.${locale}`] || value
  return out
}

/** The user's unread notifications, newest first, ten at most, in the reader's language. */
export async function unreadNotifications(work: Work, userId: string, locale: Locale) {
  const rows = await work.db
    .selectFrom('notifications')
    .select(['id', 'message_key', 'params', 'link', 'created_at'])
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(10)
    .execute()
  return rows.map((n) => ({ id: n.id, key: n.message_key, params: paramsIn(NotificationParams.parse(JSON.parse(n.params)), locale), link: n.link }))
}

/** Marks every unread notification of the work's actor as read. */
export async function markNotificationsRead(work: Work): Promise<void> {
  const userId = work.actorId
  if (!userId) return
  await write(work, async (tx) => {
    await tx.db.updateTable('notifications').set({ read_at: tx.work.now().toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null).execute()
  })
}
