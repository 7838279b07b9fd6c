import { useLoaderData } from '@remix-run/react'
import type { ComponentType } from 'react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { MoreMessages, type MessageKey } from '#app/i18n/i18n.tsx'

// Staff pages (authoring, parent centres) bring their own words in their
// loader data (see catalog.server.ts: a learner's phone never downloads them).
// These wrap a page in those words and name it with them.

type WithMessages = { messages?: Partial<Record<MessageKey, string>> }

export function withStaffMessages(Page: ComponentType): ComponentType {
  return function StaffPage() {
    const { messages } = useLoaderData() as WithMessages
    return (
      <MoreMessages messages={messages ?? {}}>
        <Page />
      </MoreMessages>
    )
  }
}

/**
 * A page title from the page's own messages, optionally after what it names
 * ("Lesson · Editor"). Without them (the page's loader refused, and an error
 * page shows) it names nothing, so the server and the browser, which lacks
 * the staff words, render the same title.
 */
export function staffTitle(key: MessageKey, named?: (data: unknown) => string | undefined): NonNullable<PageHandle['title']> {
  return (data) => {
    const base = (data as WithMessages | undefined)?.messages?.[key]
    if (!base) return undefined
    const name = named?.(data)
    return name ? `${name} · ${base}` : base
  }
}
