import { describe, expect, test } from 'vitest'
import { localIsoDate } from '#app/i18n/format.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { matchesSearch, searchFold } from '#app/modules/courses/catalogue-search.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The catalogue's search box: titles and descriptions in the reader's
// language, case-insensitive with Kazakh letters, against the published
// courses of the test database (content/courses and tests/fixtures/content).

const db = createTestDb()

async function search(query: string, locale: Locale) {
  const entries = await listCatalogue(testWork(db), { search: { query, locale } }, localIsoDate(now()))
  return entries.map((e) => e.slug).sort()
}

describe('searchFold', () => {
  test('folds Kazakh capitals and letters to what a Russian or Latin keyboard types', () => {
    expect(searchFold('ӘҒҚҢӨҰҮҺІ')).toBe('агкноуухи')
    expect(searchFold('әғқңөұүһі')).toBe('агкноуухи')
    expect(searchFold('  Қазақ   Тілі ')).toBe('казак тили')
    // Composed and decomposed forms of the same letter match.
    expect(searchFold('й')).toBe(searchFold('й'))
  })

  test('every word of the query must occur, in any order', () => {
    expect(matchesSearch(['Мектептегі буллингтің алдын алу'], 'алдын буллинг')).toBe(true)
    expect(matchesSearch(['Мектептегі буллингтің алдын алу'], 'буллинг кибер')).toBe(false)
    expect(matchesSearch(['anything'], '   ')).toBe(true)
  })
})

describe('listCatalogue with a search', () => {
  test.each<[string, Locale, string[]]>([
    // Kazakh: capitals, Kazakh letters, and the same word typed without them.
    ['БУЛЛИНГ', 'kk', ['bullying-prevention', 'family-support']],
    ['ӘЛ-АУҚАТ', 'kk', ['child-wellbeing']],
    ['ал-аукат', 'kk', ['child-wellbeing']],
    ['қысқа', 'kk', ['e2e-short', 'family-support']],
    ['кыска сынак', 'kk', ['e2e-short']],
    // Russian and English, title or description.
    ['Буллинга', 'ru', ['bullying-prevention']],
    ['благополучие', 'ru', ['child-wellbeing']],
    ['Bullying', 'en', ['bullying-prevention']],
    ['safe classroom', 'en', ['bullying-prevention']],
    ['browser tests', 'en', ['e2e-short']],
  ])('“%s” in %s finds %j', async (query, locale, slugs) => {
    expect(await search(query, locale)).toEqual(slugs)
  })

  test('searches the reader’s language: an English word is not found on the Kazakh page', async () => {
    expect(await search('wellbeing', 'kk')).toEqual([])
    expect(await search('wellbeing', 'en')).toEqual(['child-wellbeing'])
  })

  test('no match is an empty list, not every course', async () => {
    expect(await search('астрономия', 'kk')).toEqual([])
    expect(await search('astronomy', 'en')).toEqual([])
  })

  test('combines with the other filters', async () => {
    const among = async (audience: 'teachers' | 'parents') =>
      (await listCatalogue(testWork(db), { audience, search: { query: 'буллинг', locale: 'kk' } }, localIsoDate(now()))).map((e) => e.slug)
    expect(await among('teachers')).toEqual(['bullying-prevention'])
    expect(await among('parents')).toEqual(['family-support'])
  })
})
