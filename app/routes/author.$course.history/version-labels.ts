import { useLoaderData } from '@remix-run/react'
import { useFormat, useT, type TFunction } from '#app/i18n/i18n.tsx'
import type { loader } from './route.tsx'

export type Version = ReturnType<typeof useLoaderData<typeof loader>>['versions'][number]

export function noteOf(v: Version, t: TFunction): string {
  if (v.note) return v.note
  return v.source === 'files' ? t('history.version.fromFiles') : t('history.version.noNote')
}

/** How the page names a version: in a list of options, and by id. */
export function useVersionLabels() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const byId = new Map(d.versions.map((v) => [v.id, v]))
  const optionLabel = (v: Version) => {
    const note = noteOf(v, t)
    const short = note.length > 60 ? `${note.slice(0, 59)}…` : note
    return t(v.id === d.current ? 'history.version.optionCurrent' : 'history.version.option', { date: f.dateTime(v.publishedAt), note: short })
  }
  const labelOf = (id: string) => {
    const v = byId.get(id)
    return v ? optionLabel(v) : id
  }
  const dateOf = (id: string) => {
    const v = byId.get(id)
    return v ? f.dateTime(v.publishedAt) : id
  }
  return { byId, optionLabel, labelOf, dateOf }
}
