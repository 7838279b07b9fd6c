import { useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useFormat, useT, useTranslateKey, type MessageKey } from '#app/i18n/i18n.tsx'
import { interpolate } from '#app/i18n/locales.ts'

// Coordinators record sessions on phones that are often offline. With no
// connection the record form's fields go into an IndexedDB queue on the phone
// and are sent to /centre/sessions/sync when it comes back: on the 'online'
// event, when a centre page opens, and from the service worker (public/sw.js,
// Background Sync) where the browser has it. Each record carries the client
// key its form was rendered with, so a resend never makes a second session;
// records the server confirms leave the queue, refused ones stay with their
// reasons until the coordinator fixes or discards them. public/sw.js reads
// and writes the same queue (DB_NAME, STORE, the QueuedSession shape).

/** The record form's fields, as posted, queued and sent to the sync route. */
export const RECORD_FIELDS = ['lesson', 'heldOn', 'facilitator', 'headCount', 'notes', 'clientKey'] as const
export type RecordFields = Partial<Record<(typeof RECORD_FIELDS)[number], string>>

export type ErrorParams = Record<string, string | number>

export interface QueuedSession {
  clientKey: string
  school: string
  fields: RecordFields
  queuedAt: string
  /** Set when the server refused the record: message keys by field, and their placeholders. */
  refused?: { errors: Record<string, string[]>; params?: ErrorParams }
}

const DB_NAME = 'orken-centre'
const STORE = 'queue'
const SYNC_TAG = 'centre-sessions'
const QUEUE_EVENT = 'orken:centre-queue'
export const SYNC_URL = '/centre/sessions/sync'

export function recordFields(source: FormData | Record<string, unknown>): RecordFields {
  const fields: RecordFields = {}
  for (const name of RECORD_FIELDS) {
    const value = source instanceof FormData ? source.get(name) : source[name]
    if (typeof value === 'string') fields[name] = value
  }
  return fields
}

/**
 * The fields as the sessions module takes them: the lesson select holds
 * "<series>/<module>/<lesson>", the module wants the series and the lesson key
 * apart. The lesson itself stays, so a refused form shows the choice again.
 */
export function sessionFields(fields: RecordFields): Record<string, string> {
  const [courseId = '', ...rest] = (fields.lesson ?? '').split('/')
  const out: Record<string, string> = { courseId, lessonKey: rest.join('/') }
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) out[name] = value
  return out
}

/** A random key for one rendering of the record form (32 hex digits); works in Node and in browsers. */
export function newClientKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Translates error keys that arrived as data, filling {capacity} and {openedOn} (a date, in the reader's words). */
export function useErrorText(): (errors: string[] | undefined | null, params?: ErrorParams | null) => string[] {
  const translate = useTranslateKey()
  const f = useFormat()
  return (errors, params) => {
    const words = Object.fromEntries(Object.entries(params ?? {}).map(([name, v]) => [name, typeof v === 'string' && isIsoDate(v) ? f.date(v) : v]))
    return [...new Set(errors ?? [])].map((e) => interpolate(translate(e), words))
  }
}

const isIsoDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value)

// IndexedDB, with just enough of a wrapper to await one request.
function openQueue(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'clientKey' })
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

async function inStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openQueue()
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode)
    const request = run(tx.objectStore(STORE))
    tx.oncomplete = () => {
      db.close()
      resolve(request.result)
    }
    tx.onerror = () => {
      db.close()
      reject(tx.error)
    }
  })
}

const isStringRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

// What comes back from the phone's storage is checked like any other input.
function asQueued(value: unknown): QueuedSession | null {
  if (!isStringRecord(value) || typeof value.clientKey !== 'string' || typeof value.school !== 'string' || !isStringRecord(value.fields)) return null
  const refused = isStringRecord(value.refused) ? refusalFrom(value.refused.errors, value.refused.params) : undefined
  return { clientKey: value.clientKey, school: value.school, fields: recordFields(value.fields), queuedAt: String(value.queuedAt ?? ''), refused }
}

function refusalFrom(errors: unknown, params: unknown): QueuedSession['refused'] {
  const out: Record<string, string[]> = {}
  if (isStringRecord(errors)) {
    for (const [field, list] of Object.entries(errors)) if (Array.isArray(list)) out[field] = list.filter((e): e is string => typeof e === 'string')
  }
  const cleanParams: ErrorParams = {}
  if (isStringRecord(params)) {
    for (const [name, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number') cleanParams[name] = v
  }
  return { errors: Object.keys(out).length ? out : { form: ['error.badRequest.text'] }, params: cleanParams }
}

export async function readQueue(): Promise<QueuedSession[]> {
  const rows = await inStore<unknown[]>('readonly', (store) => store.getAll())
  return rows.map(asQueued).filter((q): q is QueuedSession => q !== null).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))
}

const removeQueued = (clientKey: string) => inStore('readwrite', (store) => store.delete(clientKey))
const putQueued = (item: QueuedSession) => inStore('readwrite', (store) => store.put(item))

function announce(detail: { saved?: boolean } = {}) {
  window.dispatchEvent(new CustomEvent(QUEUE_EVENT, { detail }))
}

/** Keeps a record on the phone until it can be sent. */
export async function queueSession(school: string, fields: RecordFields): Promise<void> {
  const clientKey = fields.clientKey || newClientKey()
  await putQueued({ clientKey, school, fields: { ...fields, clientKey }, queuedAt: new Date().toISOString() })
  announce({ saved: true })
  void requestBackgroundSync()
}

interface SyncManagerLike {
  register(tag: string): Promise<void>
}
const hasBackgroundSync = (reg: ServiceWorkerRegistration): reg is ServiceWorkerRegistration & { sync: SyncManagerLike } => 'sync' in reg

async function requestBackgroundSync() {
  if (!('serviceWorker' in navigator)) return
  const reg = await navigator.serviceWorker.getRegistration('/centre')
  // Without Background Sync the page sends the queue itself when it is open.
  if (reg && hasBackgroundSync(reg)) await reg.sync.register(SYNC_TAG).catch(() => undefined)
}

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

/** The page's own files, so that the service worker can open the centre page with no connection. */
function shellUrls(): string[] {
  const own = (href: string) => new URL(href, location.href).origin === location.origin
  const resources = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((href) => own(href) && /^\/(assets|i18n)\//.test(new URL(href).pathname))
  return [location.pathname + location.search, ...resources]
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return
  navigator.serviceWorker
    .register('/sw.js', { scope: '/centre' })
    .then(async () => (await navigator.serviceWorker.ready).active?.postMessage({ type: 'cache', urls: shellUrls() }))
    // Without a service worker (a private window, an old browser) the queue still works while the page is open.
    .catch(() => undefined)
}

interface Status {
  key: MessageKey
  params?: ErrorParams
}

/**
 * The records waiting on this phone for one school, the notice that says what
 * happened to them, and the sending. `onFix` puts a refused record back into
 * the form (it has left the queue by then).
 */
export function OfflineSessions({ school, lessonTitle, onFix }: { school: string; lessonTitle: (lesson: string) => string; onFix: (item: QueuedSession) => void }) {
  const t = useT()
  const f = useFormat()
  const errorText = useErrorText()
  const { revalidate } = useRevalidator()
  // The page and the service worker may both report a sent queue at once: one
  // reload of the page's data, a moment later, serves both (two would cancel
  // each other's requests).
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const refresh = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      timer.current = null
      revalidate()
    }, 300)
  }, [revalidate])
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current)
  }, [])
  const [items, setItems] = useState<QueuedSession[]>([])
  const [status, setStatus] = useState<Status | null>(null)
  const statusRef = useRef<HTMLParagraphElement>(null)

  const reload = useCallback(async () => {
    setItems((await readQueue()).filter((q) => q.school === school))
  }, [school])

  const flush = useCallback(async () => {
    if (!navigator.onLine) return
    const outcome = await flushQueue()
    if (outcome.login) setStatus({ key: 'centre.offline.login' })
    else if (outcome.refused) setStatus({ key: 'centre.offline.refusedSome' })
    else if (outcome.sent) setStatus({ key: 'centre.offline.sent', params: { count: outcome.sent } })
    if (outcome.sent) refresh()
  }, [refresh])

  useEffect(() => {
    registerServiceWorker()
    // Where the browser keeps no IndexedDB (some private windows) there is simply no queue.
    reload().then(flush).catch(() => undefined)
    const onQueue = (event: Event) => {
      if (event instanceof CustomEvent && isStringRecord(event.detail) && event.detail.saved) setStatus({ key: 'centre.offline.saved' })
      void reload()
    }
    const onOnline = () => void flush()
    // The service worker sent the queue in the background.
    const onWorkerMessage = (event: MessageEvent) => {
      if (!isStringRecord(event.data) || event.data.type !== 'centre-queue') return
      void reload()
      if (typeof event.data.sent === 'number' && event.data.sent > 0) {
        setStatus({ key: 'centre.offline.sent', params: { count: event.data.sent } })
        refresh()
      }
    }
    window.addEventListener(QUEUE_EVENT, onQueue)
    window.addEventListener('online', onOnline)
    navigator.serviceWorker?.addEventListener('message', onWorkerMessage)
    return () => {
      window.removeEventListener(QUEUE_EVENT, onQueue)
      window.removeEventListener('online', onOnline)
      navigator.serviceWorker?.removeEventListener('message', onWorkerMessage)
    }
  }, [reload, flush, refresh])

  // The form starts afresh after a record is queued, and loses focus: the notice takes it.
  useEffect(() => {
    if (status?.key === 'centre.offline.saved') statusRef.current?.focus()
  }, [status])

  async function fix(item: QueuedSession) {
    await removeQueued(item.clientKey)
    await reload()
    setStatus(null)
    onFix(item)
  }

  async function discard(item: QueuedSession) {
    await removeQueued(item.clientKey)
    await reload()
  }

  const heldOn = (value: string | undefined) => (value && isIsoDate(value) ? f.date(value) : (value ?? ''))
  return (
    <>
      <p role="status" ref={statusRef} tabIndex={-1} className={status ? 'notice centre-status' : 'centre-status'}>
        {status ? t(status.key, status.params) : null}
      </p>
      {items.length ? (
        <section className="centre-queue" aria-labelledby="centre-queue-title">
          <h2 id="centre-queue-title">{t('centre.offline.title')}</h2>
          <ul role="list" className="centre-queue__list">
            {items.map((item) => (
              <li key={item.clientKey} className="centre-queue__item">
                <p className="centre-queue__what">
                  <strong>{heldOn(item.fields.heldOn)}</strong> · {lessonTitle(item.fields.lesson ?? '')} ·{' '}
                  {t('centre.offline.parents', { count: item.fields.headCount ?? '' })}
                </p>
                {item.refused ? (
                  <div className="centre-queue__refused">
                    <p>{t('centre.offline.refused')}:</p>
                    <ul role="list">
                      {errorText(Object.values(item.refused.errors).flat(), item.refused.params).map((e) => (
                        <li key={e}>{e}</li>
                      ))}
                    </ul>
                  </div>
                ) : (
                  <p className="muted">{t('centre.offline.waiting')}</p>
                )}
                <div className="actions">
                  {item.refused ? (
                    <button type="button" className="button button--secondary" onClick={() => void fix(item)}>
                      {t('centre.offline.fix')}
                    </button>
                  ) : null}
                  <button type="button" className="button button--quiet" onClick={() => void discard(item)}>
                    {t('centre.offline.discard')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {items.some((q) => !q.refused) ? (
            <button type="button" className="button" onClick={() => (navigator.onLine ? void flush() : setStatus({ key: 'centre.offline.noConnection' }))}>
              {t('centre.offline.sendNow')}
            </button>
          ) : null}
        </section>
      ) : null}
    </>
  )
}
