// Sending the queue from the page, and installing the service worker
// (public/sw.js) that sends it in the background and opens the page offline.
import { announce, putQueued, QUEUE_SCRIPT, readQueue, removeQueued } from '#app/components/offline-sessions/queue.ts'
import { isStringRecord, refusalFrom, SYNC_URL } from '#app/components/offline-sessions/records.ts'

export interface FlushOutcome {
  sent: number
  refused: number
  /** The server no longer knows this phone's login. */
  login: boolean
}

let flushing: Promise<FlushOutcome> | null = null

/** Sends every record that is waiting (not the refused ones); one flush at a time. */
export function flushQueue(): Promise<FlushOutcome> {
  flushing ??= sendWaiting().finally(() => {
    flushing = null
  })
  return flushing
}

async function sendWaiting(): Promise<FlushOutcome> {
  const outcome: FlushOutcome = { sent: 0, refused: 0, login: false }
  const waiting = (await readQueue()).filter((q) => !q.refused)
  const schools = [...new Set(waiting.map((q) => q.school))]
  for (const school of schools) {
    const items = waiting.filter((q) => q.school === school)
    let response: Response
    try {
      response = await fetch(SYNC_URL, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ school, sessions: items.map((q) => q.fields) }),
      })
    } catch {
      break // no connection after all: everything stays queued
    }
    if (response.status === 401) {
      outcome.login = true
      break
    }
    const body: unknown = await response.json().catch(() => null)
    if (response.status === 403) {
      for (const item of items) await putQueued({ ...item, refused: { errors: { form: ['error.forbidden.text'] } } })
      outcome.refused += items.length
      continue
    }
    const results = isStringRecord(body) && Array.isArray(body.results) ? body.results.filter(isStringRecord) : []
    for (const item of items) {
      const result = results.find((r) => r.clientKey === item.clientKey)
      if (!result) continue // not answered: try again next time
      if (result.ok === true) {
        await removeQueued(item.clientKey)
        outcome.sent++
      } else {
        await putQueued({ ...item, refused: refusalFrom(result.fieldErrors, result.params) })
        outcome.refused++
      }
    }
  }
  announce()
  return outcome
}

/** The page's own files and the queue script, so that the service worker can open the centre page with no connection. */
function shellUrls(): string[] {
  const own = (href: string) => new URL(href, location.href).origin === location.origin
  const resources = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((href) => own(href) && /^\/(assets|i18n)\//.test(new URL(href).pathname))
  return [location.pathname + location.search, QUEUE_SCRIPT, ...resources]
}

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return
  navigator.serviceWorker
    // updateViaCache: the worker and the queue script it imports are checked afresh, not taken from the HTTP cache.
    .register('/sw.js', { scope: '/centre', updateViaCache: 'none' })
    .then(async () => (await navigator.serviceWorker.ready).active?.postMessage({ type: 'cache', urls: shellUrls() }))
    // Without a service worker (a private window, an old browser) the queue still works while the page is open.
    .catch(() => undefined)
}
