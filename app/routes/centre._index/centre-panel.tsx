import type { SubmissionResult } from '@conform-to/react'
import { useActionData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { localName } from '#app/i18n/local-name.ts'
import { OfflineSessions } from '#app/components/offline-sessions/offline-sessions.tsx'
import { newClientKey, type ErrorParams, type QueuedSession, type RecordFields } from '#app/components/offline-sessions/records.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { RecordForm } from './record-form.tsx'
import type { clientAction, Loaded, RecordReply } from './route.tsx'
import { SessionsTable } from './sessions-table.tsx'

// One school's centre: its figures, the record form, the phone's queue of
// records waiting for a connection, and the recent sessions.

interface Draft {
  /** Changes when the form starts afresh: after a record was queued, or to fix a refused one. */
  version: number
  defaults?: RecordFields
  result?: SubmissionResult<string[]>
  params?: ErrorParams
}

export function Centre({ loaded }: { loaded: Extract<Loaded, { today: string }> }) {
  const { centre, lessons, sessions, today } = loaded
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const actionData = useActionData<typeof clientAction>()
  const reply: RecordReply | undefined = actionData && 'result' in actionData ? actionData : undefined
  const [draft, setDraft] = useState<Draft>({ version: 0 })
  const [clientKey, setClientKey] = useState(loaded.clientKey)
  const school = centre.school.id

  // The page may come from the service worker's cache, with a key already used: each page gets its own.
  useEffect(() => setClientKey(newClientKey()), [])
  useEffect(() => {
    if (actionData && 'queued' in actionData) {
      setDraft((d) => ({ version: d.version + 1 }))
      setClientKey(newClientKey())
    } else if (reply) {
      setDraft((d) => (d.result ? { version: d.version } : d))
    }
  }, [actionData, reply])

  const titles = new Map(lessons.flatMap((s) => s.lessons.map((l) => [l.value, pickLocalized(l.title, locale)] as const)))
  const lessonTitle = (value: string) => titles.get(value) ?? value
  const fix = (item: QueuedSession) => {
    setDraft((d) => ({
      version: d.version + 1,
      defaults: item.fields,
      result: { status: 'error', initialValue: item.fields, error: item.refused?.errors },
      params: item.refused?.params,
    }))
    setClientKey(newClientKey())
    // The Fix button has gone with the record: the field to fix takes the focus.
    requestAnimationFrame(() => {
      const form = document.getElementById('record-session')
      const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector('select')
      field?.focus()
    })
  }

  return (
    <>
      <p className="centre-school">{localName(centre.school, locale)}</p>
      <ul className="facts centre-facts" role="list">
        <li>{t('centre.facts.capacity', { capacity: f.number(centre.capacity) })}</li>
        <li>{t('centre.facts.openedOn', { date: f.date(centre.openedOn) })}</li>
      </ul>
      {actionData && 'offline' in actionData ? (
        <p className="form-errors" role="alert">
          {t('centre.offline.noConnection')}
        </p>
      ) : null}
      <div className="centre-layout">
        <RecordForm
          key={draft.version}
          school={school}
          capacity={centre.capacity}
          openedOn={centre.openedOn}
          today={today}
          lessons={lessons}
          clientKey={clientKey}
          defaults={draft.defaults}
          lastResult={draft.result ?? reply?.result}
          params={draft.result ? draft.params : reply?.params}
        />
        <div className="centre-side">
          <OfflineSessions school={school} lessonTitle={lessonTitle} onFix={fix} />
          <SessionsTable school={school} sessions={sessions} lessonTitle={lessonTitle} />
        </div>
      </div>
    </>
  )
}
