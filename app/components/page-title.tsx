import { useMatches } from '@remix-run/react'
import { useT, type MessageKey, type TFunction } from '#app/i18n/i18n.tsx'

/**
 * A route's `handle.title`: a message key, or a function of its loader data
 * for titles that name something (a course, a user).
 */
export interface PageHandle {
  title?: MessageKey | ((data: unknown, t: TFunction) => string | undefined)
}

/** The document title in the reader's language, from the deepest route that names one. */
export function DocumentTitle() {
  const t = useT()
  const matches = useMatches()
  let title: string | undefined
  for (const match of matches) {
    const handle = match.handle as PageHandle | undefined
    if (!handle?.title) continue
    title = typeof handle.title === 'function' ? (handle.title(match.data, t) ?? title) : t(handle.title)
  }
  return <title>{title ? `${title} · Өркен Academy` : 'Өркен Academy'}</title>
}
