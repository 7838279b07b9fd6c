export const locales = ['kk', 'ru', 'en'] as const
export type Locale = (typeof locales)[number]
export const defaultLocale: Locale = 'kk'

/** The names of the languages, each in its own language, for the switcher. */
export const localeNames: Record<Locale, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' }

/** BCP 47 tags for Intl: Kazakh and Russian as used in Kazakhstan. */
export const intlTags: Record<Locale, string> = { kk: 'kk-KZ', ru: 'ru-KZ', en: 'en-GB' }

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value)
}

export type Translations = Record<Locale, string>

/**
 * Declares a group of messages, each in Kazakh, Russian and English side by
 * side, so a missing translation is a type error where it is written.
 */
export function defineMessages<const T extends Record<string, Translations>>(messages: T): T {
  return messages
}

/** Fills `{name}` placeholders. Unknown placeholders are left as they are. */
export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
