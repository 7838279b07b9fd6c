import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { Dictionary, MessageKey } from './catalog.server.ts'
import { formatDate, formatDateTime, formatNumber, formatPercent } from './format.ts'
import { interpolate, type Locale } from './locales.ts'

export type { MessageKey }

interface I18nValue {
  locale: Locale
  dictionary: Dictionary
}

const I18nContext = createContext<I18nValue | null>(null)

export function I18nProvider({ locale, dictionary, children }: I18nValue & { children: ReactNode }) {
  const value = useMemo(() => ({ locale, dictionary }), [locale, dictionary])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

/**
 * Messages a route brings with its loader data (the authoring pages' words,
 * which learners' phones never download), added to the page's dictionary.
 */
export function MoreMessages({ messages, children }: { messages: Partial<Dictionary>; children: ReactNode }) {
  const parent = useI18n()
  const value = useMemo(() => ({ locale: parent.locale, dictionary: { ...parent.dictionary, ...messages } }), [parent, messages])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useT() must be used inside <I18nProvider>')
  return value
}

export type TFunction = (key: MessageKey, params?: Record<string, string | number>) => string

/** The typed translation function for the current language. */
export function useT(): TFunction {
  const { dictionary } = useI18n()
  return useMemo(() => (key: MessageKey, params?: Record<string, string | number>) => interpolate(dictionary[key] ?? key, params), [dictionary])
}

export function useLocale(): Locale {
  return useI18n().locale
}

/**
 * Translates a message key that arrived as data (a validation error from the
 * server, say). Unknown strings are shown as they are.
 */
export function useTranslateKey(): (value: string) => string {
  const { dictionary } = useI18n()
  return (value: string) => (value in dictionary ? dictionary[value as MessageKey] : value)
}

/** Dates and numbers in the reader's language (see format.ts). */
export function useFormat() {
  const locale = useLocale()
  return useMemo(
    () => ({
      date: (value: string | Date) => formatDate(value, locale),
      dateTime: (value: string | Date) => formatDateTime(value, locale),
      number: (value: number, digits?: number) => formatNumber(value, locale, digits),
      percent: (ratio: number, digits?: number) => formatPercent(ratio, locale, digits),
    }),
    [locale],
  )
}
