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

/**
 * A counted noun's forms in one language, keyed by the `Intl.PluralRules`
 * categories that language uses, and the parameter the noun agrees with.
 */
export type PluralForms = { readonly by: string; readonly other: string } & Partial<Readonly<Record<Intl.LDMLPluralRule, string>>>

/** One language's text of a message: a plain string, or a counted noun's forms. */
export type MessageText = string | PluralForms

export type Translations = Record<Locale, string>

/**
 * A counted message. Kazakh keeps the noun singular after a numeral (5 сағат),
 * so its text may stay one string; Russian needs one/few/many (and other for
 * fractions: 1,5 часа), English one/other.
 */
interface OneOther {
  one: string
  other: string
}
interface OneFewManyOther extends OneOther {
  few: string
  many: string
}

export interface PluralTranslations<B extends string = string> {
  kk: string | (PluralForms & OneOther & { by: B })
  ru: PluralForms & OneFewManyOther & { by: B }
  en: PluralForms & OneOther & { by: B }
}

/**
 * Declares a message whose noun agrees with the number in parameter `by`
 * ("{done} of {total} lessons" agrees with `total`).
 */
export function plural<const B extends string>(by: B, texts: { kk: string | OneOther; ru: OneFewManyOther; en: OneOther }): PluralTranslations<B> {
  return {
    kk: typeof texts.kk === 'string' ? texts.kk : { by, ...texts.kk },
    ru: { by, ...texts.ru },
    en: { by, ...texts.en },
  }
}

/**
 * Declares a group of messages, each in Kazakh, Russian and English side by
 * side, so a missing translation is a type error where it is written.
 */
export function defineMessages<const T extends Record<string, Translations | PluralTranslations>>(messages: T): T {
  return messages
}

/** Fills `{name}` placeholders. Unknown placeholders are left as they are. */
export function interpolate(template: string, params?: Record<string, string | number>): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

// Building a PluralRules costs far more than asking one.
const pluralRules = new Map<Locale, Intl.PluralRules>()

function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale)
  if (!rules) {
    rules = new Intl.PluralRules(intlTags[locale])
    pluralRules.set(locale, rules)
  }
  return rules.select(count)
}

/**
 * The number a count parameter holds. Pages often pass a number already
 * written for the reader (format.ts: "1 234,5" in kk and ru, "1,234.5" in en).
 */
function countOf(value: string | number | undefined, locale: Locale): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (value === undefined) return undefined
  const plain = locale === 'en' ? value.replace(/,/g, '') : value.replace(/[\s\u00a0]/g, '').replace(',', '.')
  const number = Number(plain)
  return plain !== '' && Number.isFinite(number) ? number : undefined
}

/** The form of a message for the count among `params` (`other` when no number is given). */
export function pluralText(text: MessageText, locale: Locale, params?: Record<string, string | number>): string {
  if (typeof text === 'string') return text
  const count = countOf(params?.[text.by], locale)
  if (count === undefined) return text.other
  // A browser without data for a language answers with another's categories; `other` is then the safe form.
  return text[pluralCategory(locale, Math.abs(count))] ?? text.other
}

/** A message's text in one language with its count's form chosen and its placeholders filled. */
export function renderMessage(text: MessageText, locale: Locale, params?: Record<string, string | number>): string {
  return interpolate(pluralText(text, locale, params), params)
}
