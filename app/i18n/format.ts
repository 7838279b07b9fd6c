import type { Locale } from './locales.ts'

// Dates and numbers for the reader's language. Intl does the time-zone
// arithmetic; the wording is ours, because many browsers (Debian's Chromium,
// older Android WebViews) ship no Kazakh locale data and would print
// "2026 M11 26" or "1,234.5" where a Kazakh reader expects "2026 ж. 26 қараша"
// and "1 234,5". The same text on server and client also keeps hydration exact.
// See docs/decisions/004-formatting.md.

export const TIME_ZONE = 'Asia/Almaty'

const MONTHS: Record<Locale, string[]> = {
  kk: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'],
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
}

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

interface LocalParts {
  year: number
  month: number
  day: number
  time: string
}

// Splitting a time into its parts in the time zone is slow (an Intl call),
// and pages ask it about the same few minutes again and again (now, a
// cohort's dates): the last minutes asked are kept.
const MINUTE_MS = 60_000
const KEPT_MINUTES = 512
const partsByMinute = new Map<number, LocalParts>()

function localParts(value: string | Date): LocalParts {
  const date = new Date(value)
  const minute = Math.floor(date.getTime() / MINUTE_MS)
  const kept = partsByMinute.get(minute)
  if (kept) return kept
  // An invalid date throws here, as it always did, and is not kept.
  const parts = Object.fromEntries(partsFormat.formatToParts(date).map((p) => [p.type, p.value]))
  const local = { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), time: `${parts.hour}:${parts.minute}` }
  if (partsByMinute.size >= KEPT_MINUTES) partsByMinute.clear()
  partsByMinute.set(minute, local)
  return local
}

export function formatDate(value: string | Date, locale: Locale): string {
  const { year, month, day } = localParts(value)
  const name = MONTHS[locale][month - 1]
  if (locale === 'kk') return `${year} ж. ${day} ${name}`
  if (locale === 'ru') return `${day} ${name} ${year} г.`
  return `${day} ${name} ${year}`
}

export function formatDateTime(value: string | Date, locale: Locale): string {
  return `${formatDate(value, locale)}, ${localParts(value).time}`
}

/** The calendar date in Kazakhstan as YYYY-MM-DD, for grouping and inputs. */
export function localIsoDate(value: string | Date): string {
  const { year, month, day } = localParts(value)
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

const NBSP = '\u00a0'

// Building an Intl.NumberFormat costs far more than using one: a dashboard writes hundreds of figures.
const numberFormats = new Map<number, Intl.NumberFormat>()

function numberFormat(maximumFractionDigits: number): Intl.NumberFormat {
  let format = numberFormats.get(maximumFractionDigits)
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits })
    numberFormats.set(maximumFractionDigits, format)
  }
  return format
}

export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 2): string {
  const plain = numberFormat(maximumFractionDigits).format(value)
  if (locale === 'en') return plain
  return plain.replace(/,/g, NBSP).replace('.', ',')
}

/** A message's parameters with their numbers written in the reader's notation (8,3 in kk and ru). */
export function localizedNumbers(params: Record<string, string | number> | undefined, locale: Locale): Record<string, string> {
  return Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v, locale, 1) : v]))
}

export function formatPercent(ratio: number, locale: Locale, maximumFractionDigits = 1): string {
  const number = formatNumber(ratio * 100, locale, maximumFractionDigits)
  return locale === 'ru' ? `${number}${NBSP}%` : `${number}%`
}
