import { useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useErrorText } from '#app/components/offline-sessions/error-text.ts'
import { QUEUE_EVENT, readQueue, removeQueued } from '#app/components/offline-sessions/queue.ts'
import { isIsoDate, isStringRecord, type ErrorParams, type QueuedSession } from '#app/components/offline-sessions/records.ts'
import { flushQueue, registerServiceWorker } from '#app/components/offline-sessions/sync.ts'
import { useFormat, useT, type MessageKey } from '#app/i18n/i18n.tsx'

// Coordinators record sessions on phones that are often offline. With no
// connection the record form's fields go into an IndexedDB queue on the phone
// and are sent to /centre/sessions/sync when it comes back: on the 'online'
// event, when a centre page opens, and from the service worker (public/sw.js,
// Background Sync) where the browser has it. Each record carries the client
// key its form was rendered with, so a resend never makes a second session;
// records the server confirms leave the queue, refused ones stay with their
// reasons until the coordinator fixes or discards them. The queue itself is
// public/offline-queue.js, one script that the page (queue.ts) and the
// service worker both load; sync.ts sends it from the page.

interface Status {
  key: MessageKey
  params?: ErrorParams
}

/**
 * The records waiting on this phone for one school, the notice that says what
 * happened to them, and the sending. `onFix` puts a refused record back into
 * the form (it has left the queue by then).
 */
export function OfflineSessions({
  school,
  lessonTitle,
  onFix,
}: {
  school: string
  lessonTitle: (lesson: string) => string
  onFix: (item: QueuedSession) => void
}) {
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
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )
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
    reload()
      .then(flush)
      .catch(() => undefined)
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
