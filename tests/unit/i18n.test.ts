import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { allMessageKeys, keysByLocale, messageForms, translate } from '#app/i18n/catalog.server.ts'
import { interpolate, locales } from '#app/i18n/locales.ts'

// Each form of a counted message has the same placeholders as the others.
const placeholders = (forms: string[]) =>
  forms.map((text) =>
    [...text.matchAll(/\{(\w+)\}/g)]
      .map((m) => m[1])
      .sort()
      .join(','),
  )

describe('dictionaries', () => {
  test('Kazakh, Russian and English have exactly the same keys, none empty', () => {
    const byLocale = keysByLocale()
    const all = allMessageKeys().sort()
    expect(all.length).toBeGreaterThan(100)
    for (const locale of locales) expect([...byLocale[locale]].sort()).toEqual(all)
  })

  test('every translation has the same placeholders as the Kazakh one', () => {
    const mismatched = allMessageKeys().filter((key) => {
      const kk = placeholders(messageForms('kk', key))[0]
      return locales.some((l) => placeholders(messageForms(l, key)).some((p) => p !== kk))
    })
    expect(mismatched).toEqual([])
  })

  test('Kazakh texts are not copies of the English ones', () => {
    const copies = allMessageKeys().filter((key) => {
      const kk = messageForms('kk', key).join('|')
      const words = kk.replace(/\{\w+\}/g, '')
      return kk === messageForms('en', key).join('|') && /[a-z]{4}/i.test(words) && !/Өркен Academy/.test(kk)
    })
    expect(copies).toEqual([])
  })

  test('every message key the app names exists in the catalogue', () => {
    // Keys reach t() through TypeScript; keys passed as data (validation
    // messages, error responses) are strings, so look for them in the source.
    const source: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (/\.(ts|tsx)$/.test(entry.name) && !full.includes(`${path.sep}i18n${path.sep}messages`)) source.push(fs.readFileSync(full, 'utf8'))
      }
    }
    walk(path.resolve('app'))
    const known = new Set<string>(allMessageKeys())
    const prefixes = ['validation.', 'auth.', 'admin.', 'error.', 'account.', 'home.', 'nav.', 'mail.']
    const named = new Set<string>()
    for (const text of source) {
      for (const m of text.matchAll(/'([a-z]+\.[A-Za-z0-9.]+)'/g)) {
        if (prefixes.some((p) => m[1]!.startsWith(p)) && !m[1]!.endsWith('.')) named.add(m[1]!)
      }
    }
    const missing = [...named].filter((k) => !known.has(k) && !/\.(ts|tsx|server)$/.test(k))
    expect(missing).toEqual([])
  })
})

describe('translate', () => {
  test('fills placeholders in the chosen language', () => {
    expect(translate('kk', 'auth.login.rateLimited', { minutes: 7 })).toContain('7 минуттан')
    expect(translate('ru', 'auth.login.rateLimited', { minutes: 7 })).toContain('через 7 мин')
    expect(translate('en', 'auth.field.passwordHint', { min: 10 })).toBe('At least 10 characters.')
  })

  test('leaves unknown placeholders alone', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}')
  })
})
