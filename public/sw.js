// The coordinators' service worker, registered by app/components/offline-sessions/sync.ts
// with scope /centre. Two jobs, no libraries:
// 1. The centre page opens with no connection: its HTML is fetched network-first
//    and kept; the page's scripts, styles and dictionary are kept as they are used
//    (the page also hands over the list it loaded before this worker was running).
// 2. Background Sync: records queued on the phone (IndexedDB, through
//    public/offline-queue.js, the same script the page loads) are sent to
//    /centre/sessions/sync when the connection returns, even if the page is
//    closed by then. The server keys each record by its client
//    key, so a record sent both from here and from the page is recorded once.

importScripts('/offline-queue.js')

const CACHE = 'orken-centre-v1'
const SYNC_TAG = 'centre-sessions'
const SYNC_URL = '/centre/sessions/sync'

self.addEventListener('install', () => self.skipWaiting())

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('orken-centre-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

const isShell = (url) => url.pathname === '/centre'
// The page loads the queue script when it first touches the queue, offline too.
const isQueueScript = (url) => url.pathname === '/offline-queue.js'
const isImmutable = (url) => url.pathname.startsWith('/assets/') || (url.pathname.startsWith('/i18n/') && url.searchParams.has('v'))
// Remix asks the server which routes the page's links lead to; offline, the last answer does.
const isManifest = (url) => url.pathname === '/__manifest'

self.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (request.mode === 'navigate' && isShell(url)) event.respondWith(networkFirst(request))
  else if (isImmutable(url)) event.respondWith(cacheFirst(request))
  else if (isManifest(url) || isQueueScript(url)) event.respondWith(networkFirst(request))
})

async function networkFirst(request) {
  const cache = await caches.open(CACHE)
  try {
    const response = await fetch(request)
    // Not a redirect to the login page, not an error page.
    if (response.ok && !response.redirected) await cache.put(request, response.clone())
    return response
  } catch (error) {
    const cached = (await cache.match(request)) ?? (request.mode === 'navigate' ? await cache.match('/centre', { ignoreSearch: true }) : undefined)
    if (cached) return cached
    throw error
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache' || !Array.isArray(event.data.urls)) return
  const urls = event.data.urls.filter((u) => typeof u === 'string').map((u) => new URL(u, self.location.origin))
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        urls
          .filter((url) => url.origin === self.location.origin && (isShell(url) || isImmutable(url) || isQueueScript(url)))
          .map(async (url) => {
            if (await cache.match(url.href)) return
            const response = await fetch(url.href, { credentials: 'same-origin' }).catch(() => null)
            if (response?.ok && !response.redirected) await cache.put(url.href, response)
          }),
      ),
    ),
  )
})

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(sendQueue())
})

// As flushQueue() in app/components/offline-sessions/sync.ts: waiting records
// by school; confirmed ones leave the queue, refused ones stay with their reasons. A failed fetch
// rejects, so the browser tries the sync again later.
async function sendQueue() {
  const queue = self.orkenCentreQueue
  let sent = 0
  try {
    const waiting = (await queue.all()).filter((q) => q && typeof q.school === 'string' && !q.refused)
    for (const school of new Set(waiting.map((q) => q.school))) {
      const items = waiting.filter((q) => q.school === school)
      const response = await fetch(SYNC_URL, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ school, sessions: items.map((q) => q.fields) }),
      })
      if (!response.ok) continue // logged out or refused as a whole: the page shows why when it opens
      const { results = [] } = await response.json()
      for (const item of items) {
        const result = results.find((r) => r.clientKey === item.clientKey)
        if (!result) continue
        if (result.ok) {
          await queue.remove(item.clientKey)
          sent++
        } else {
          await queue.put({ ...item, refused: { errors: result.fieldErrors ?? {}, params: result.params ?? {} } })
        }
      }
    }
  } finally {
    const pages = await self.clients.matchAll({ type: 'window' })
    for (const page of pages) page.postMessage({ type: 'centre-queue', sent })
  }
}
