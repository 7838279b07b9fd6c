import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { Dictionary, MessageArgs, MessageKey, MessageParams } from './catalog.server.ts'
import { formatDate, formatDateTime, formatNumber, formatPercent } from './format.ts'
import { intlTags, renderMessage, type Locale, type MessageText } from './locales.ts'

export type { MessageArgs, MessageKey, MessageParams }

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

/**
 * Translates a key. A counted message (`plural()` in the catalogue) takes its
 * count as a number and picks the noun's form from it: t('course.hours', { hours: 72 }).
 */
export type TFunction = <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => string

/** The typed translation function for the current language. */
export function useT(): TFunction {
  const { locale, dictionary } = useI18n()
  return useMemo(
    () =>
      <K extends MessageKey>(key: K, ...[params]: MessageArgs<K>) =>
        renderMessage(dictionary[key] ?? key, locale, params),
    [locale, dictionary],
  )
}

export function useLocale(): Locale {
  return useI18n().locale
}

/**
 * Translates a message key that arrived as data (a validation error from the
 * server, say). Unknown strings are shown as they are.
 */
export function useTranslateKey(): (value: string, params?: MessageParams) => string {
  const { locale, dictionary } = useI18n()
  return (value: string, params?: MessageParams) => {
    const text: MessageText | undefined = (dictionary as Record<string, MessageText>)[value]
    return text === undefined ? value : renderMessage(text, locale, params)
  }
}

/**
 * Names a language in the reader's language, for use inside a sentence or a
 * list ("казахский" on a Russian page); `capital` for a label or an option.
 */
export function useLanguageName(): (lang: string, options?: { capital?: boolean }) => string {
  const translateKey = useTranslateKey()
  const locale = useLocale()
  return (lang: string, options?: { capital?: boolean }) => {
    const name = translateKey(`language.name.${lang}`)
    return options?.capital ? name.charAt(0).toLocaleUpperCase(intlTags[locale]) + name.slice(1) : name
  }
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
