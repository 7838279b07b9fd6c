import type { Locale } from '#app/i18n/locales.ts'

/** Picks the reader's language from a row with name_kk / name_ru / name_en columns. */
export function localName(row: { name_kk: string; name_ru: string; name_en: string }, locale: Locale): string {
  return locale === 'ru' ? row.name_ru : locale === 'en' ? row.name_en : row.name_kk
}
