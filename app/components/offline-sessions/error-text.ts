import { useFormat, useTranslateKey } from '#app/i18n/i18n.tsx'
import { interpolate } from '#app/i18n/locales.ts'
import { isIsoDate, type ErrorParams } from '#app/components/offline-sessions/records.ts'

/** Translates error keys that arrived as data, filling {capacity} and {openedOn} (a date, in the reader's words). */
export function useErrorText(): (errors: string[] | undefined | null, params?: ErrorParams | null) => string[] {
  const translate = useTranslateKey()
  const f = useFormat()
  return (errors, params) => {
    const words = Object.fromEntries(Object.entries(params ?? {}).map(([name, v]) => [name, typeof v === 'string' && isIsoDate(v) ? f.date(v) : v]))
    return [...new Set(errors ?? [])].map((e) => interpolate(translate(e), words))
  }
}
