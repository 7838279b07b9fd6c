import { describe, expect, test } from 'vitest'
import { allMessageKeys, dictionaryFor, messageForms, pluralKeys, translate, translateKey, type MessageKey } from '#app/i18n/catalog.server.ts'
import { locales, renderMessage, type Locale } from '#app/i18n/locales.ts'
import { pluralHoursRu } from '#app/modules/certificates/pdf/words.ts'

const COUNTS = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 101, 111]

// The rules written out by hand (CLDR's, for whole numbers), to check Intl against.
function expectedCategory(locale: Locale, n: number): 'one' | 'few' | 'many' {
  if (locale !== 'ru') return n === 1 ? 'one' : 'many'
  const mod10 = n % 10
  const mod100 = n % 100
  if (mod10 === 1 && mod100 !== 11) return 'one'
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 'few'
  return 'many'
}

function formFor(key: MessageKey, locale: Locale, category: 'one' | 'few' | 'many'): string {
  const text = dictionaryFor(locale)[key]
  if (typeof text === 'string') return text
  // Kazakh and English have no "many": their plural is "other".
  return (locale === 'ru' ? text[category] : category === 'one' ? text.one : text.other) ?? text.other
}

function paramsFor(key: MessageKey, n: number): Record<string, string | number> {
  const names = new Set(messageForms('en', key).flatMap((form) => [...form.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))
  const params: Record<string, string | number> = Object.fromEntries([...names].map((name) => [name, 7]))
  const text = dictionaryFor('ru')[key]
  if (typeof text !== 'string') params[text.by] = n
  return params
}

describe('plural messages', () => {
  const keys = pluralKeys()

  test('the catalogue has counted messages, each counting a parameter that every form shows', () => {
    expect(keys.length).toBeGreaterThan(20)
    for (const key of keys) {
      for (const locale of locales) {
        const text = dictionaryFor(locale)[key]
        const by = (dictionaryFor('ru')[key] as { by: string }).by
        for (const form of messageForms(locale, key)) expect(form, `${key} ${locale}`).toContain(`{${by}}`)
        if (typeof text !== 'string') expect(text.by).toBe(by)
      }
    }
  })

  for (const locale of locales) {
    test(`every plural message in ${locale} takes the form its number needs`, () => {
      const wrong: string[] = []
      for (const key of keys) {
        for (const n of COUNTS) {
          const params = paramsFor(key, n)
          const rendered = translate(locale, key, params as never)
          const expected = renderMessage(formFor(key, locale, expectedCategory(locale, n)), locale, params)
          if (rendered !== expected) wrong.push(`${key} ${n}: ${rendered} (expected ${expected})`)
          if (/\{\w+\}/.test(rendered)) wrong.push(`${key} ${n}: unfilled placeholder in ${rendered}`)
        }
      }
      expect(wrong).toEqual([])
    })
  }

  test('hours read as a person would write them', () => {
    const ru = (n: number | string) => translate('ru', 'course.hours', { hours: n })
    expect(ru(1)).toBe('1 академический час')
    expect(ru(2)).toBe('2 академических часа')
    expect(ru(4)).toBe('4 академических часа')
    expect(ru(5)).toBe('5 академических часов')
    expect(ru(11)).toBe('11 академических часов')
    expect(ru(21)).toBe('21 академический час')
    expect(ru(22)).toBe('22 академических часа')
    expect(ru(72)).toBe('72 академических часа')
    expect(ru(111)).toBe('111 академических часов')
    expect(ru('1,5')).toBe('1,5 академического часа')
    const en = (n: number) => translate('en', 'course.hours', { hours: n })
    expect(en(1)).toBe('1 academic hour')
    expect(en(0)).toBe('0 academic hours')
    expect(en(2)).toBe('2 academic hours')
    expect(translate('kk', 'course.hours', { hours: 2 })).toBe('2 академиялық сағат')
    expect(translate('kk', 'course.hours', { hours: 1 })).toBe('1 академиялық сағат')
  })

  test('the catalogue agrees with the certificate PDF’s own rule for Russian hours', () => {
    for (const n of [...COUNTS, 1.5, 36, 72, 144]) {
      const catalogue = translate('ru', 'course.hours', { hours: n.toString().replace('.', ',') })
      expect(catalogue.replace(/\u00a0/g, ' ')).toBe(pluralHoursRu(n).replace(/\u00a0/g, ' '))
    }
  })

  test('a fraction agrees with its last number; other counted nouns too', () => {
    expect(translate('ru', 'learning.progress', { done: 4, total: 21 })).toBe('Пройдено: 4 из 21 занятия')
    expect(translate('ru', 'learning.progress', { done: 4, total: 72 })).toBe('Пройдено: 4 из 72 занятий')
    expect(translate('en', 'learning.progress', { done: 0, total: 1 })).toBe('Done: 0 of 1 lesson')
    expect(translate('ru', 'admin.certificates.zip.download' as MessageKey, { files: 2, size: 3 } as never)).toMatch(/2 файла/)
    expect(translate('ru', 'surveyReport.stage.followup', { days: 21 })).toBe('Через 21 день после курса')
    expect(translate('en', 'surveyReport.stage.followup', { days: 1 })).toBe('1 day after the course')
  })

  test('a count written for the reader (1 234, 1,234) still picks the right form', () => {
    expect(translate('ru', 'import.file.tooManyRows', { count: '51\u00a0001' })).toContain('51\u00a0001 строка')
    expect(translate('en', 'import.file.tooManyRows', { count: '1,001' })).toContain('1,001 rows')
    expect(translate('ru', 'import.file.tooManyRows', { count: 'много' })).toContain('строки')
  })

  test('a key arriving as data is translated with its count', () => {
    expect(translateKey('ru', 'course.hours', { hours: 3 })).toBe('3 академических часа')
    expect(translateKey('ru', 'not a key')).toBe('not a key')
  })
})

// Words after a number that do not change with it: units written short,
// prepositions and verbs. Anything else after a number is a counted noun.
const INVARIANT_AFTER_NUMBER = new Set([
  'мин',
  'мин.',
  'ч',
  'ч.',
  'с',
  'ак.',
  'академ.',
  'КБ',
  'МБ',
  'ГБ',
  'тыс.',
  'млн',
  'ИИН',
  'чел.',
  'из',
  'в',
  'отправлено',
  'год',
  'года',
  'min',
  'h',
  's',
  'acad.',
  'KB',
  'MB',
  'GB',
  'of',
  'sent',
  'waiting',
  'failed',
  'read',
  'queued',
  'attended',
  'more',
  'a',
  'has',
  'in',
  'free',
  'left',
])
// Placeholders that hold no count.
const NOT_A_COUNT =
  /^(name|title|course|kind|file|lesson|module|region|date|start|end|starts|ends|school|role|email|label|field|value|lang|language|newer|older|newerAt|olderAt|series|bin|lines|indicator|year|latest|scope|extension|claimed|actual|cohort|from|to|page|number|old|new|percent|share|iin|other|district|candidates|time|elapsed)$/

// Messages whose number stands beside a word that is not its counted noun.
const KNOWN_EXCEPTIONS: Record<string, string> = {
  'cohort.roster.activitiesDone': 'the word after the number is a short participle ("посещено"), which does not change with it',
}

describe('counted nouns', () => {
  test('every message that puts a counted noun after a number is a plural message', () => {
    const plural = new Set<string>(pluralKeys())
    const offenders: string[] = []
    for (const key of allMessageKeys()) {
      if (plural.has(key) || key in KNOWN_EXCEPTIONS) continue
      for (const locale of ['ru', 'en'] as const) {
        const text = dictionaryFor(locale)[key] as string
        for (const m of text.matchAll(/\{(\w+)\} ([^\s{]+)/g)) {
          const word = m[2]!.replace(/[.,;:)]+$/, '')
          if (NOT_A_COUNT.test(m[1]!) || INVARIANT_AFTER_NUMBER.has(word) || INVARIANT_AFTER_NUMBER.has(m[2]!)) continue
          if (!/^[a-zа-яё]/i.test(word)) continue
          offenders.push(`${key} (${locale}): ${text}`)
        }
      }
    }
    expect(offenders).toEqual([])
  })
})
