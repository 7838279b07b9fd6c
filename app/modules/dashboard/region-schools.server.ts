import { fail, ok, type Result } from '#app/core/result.ts'
import type { Work } from '#app/core/work.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { IndicatorKey } from '#app/modules/metrics/keys.ts'
import type { AllowedRegions } from './dashboard.server.ts'
import { districtRows, regionSchools, SCHOOL_KEYS, type DistrictRow } from './drill-downs.server.ts'
import { versionedCache } from './versioned-cache.server.ts'

// A region's schools as its page shows them: named in the reader's language
// and sorted, with their districts' sums. Sorting a region's schools by name
// in a language is the costly part of the page; it is done once per version
// of the figures, language and order (ADR 031), and the page only cuts its
// part of the list.

export interface NamedSchool {
  id: string
  name: string
  /** The district's name in the registry, else the one the reference data gives. */
  district: string | null
  /** The registry's district; null: not given. */
  districtId: string | null
  values: Record<string, number>
}

export interface RegionSchoolList {
  keys: IndicatorKey[]
  /** The order the list is in: by name, or by an indicator (largest first). */
  sort: 'name' | IndicatorKey
  schools: NamedSchool[]
  districts: (DistrictRow & { name: string | null })[]
}

const lists = versionedCache<RegionSchoolList>(128)

/**
 * The region's schools counted in the year, named in `locale` and sorted by
 * `sort` (an indicator the schools have, else by name; ties by name). The
 * answer is shared by every reader of the same list and must not be changed.
 */
export async function regionSchoolList(
  work: Work,
  input: { region: string; allowed: AllowedRegions; year: number; locale: Locale; sort: string },
): Promise<Result<RegionSchoolList, 'forbidden'>> {
  if (input.allowed && !input.allowed.includes(input.region)) return fail('forbidden')
  const sort = (SCHOOL_KEYS as string[]).includes(input.sort) ? (input.sort as IndicatorKey) : 'name'
  const key = [input.region, input.year, input.locale, sort].join('|')
  return ok(
    await lists.get(work, key, async () => {
      // Read inside: the figures must be at least as recent as the version this list is kept under.
      const answer = await regionSchools(work, input)
      if (!answer.ok) throw new Error('the region was allowed a moment ago')
      const { schools, keys } = answer.value
      const collator = new Intl.Collator(input.locale)
      const byName = (a: NamedSchool, b: NamedSchool) => collator.compare(a.name, b.name)
      const named = schools.map((s) => ({
        id: s.id,
        name: pickLocalized(s.names, input.locale),
        district: s.district ? pickLocalized(s.district.names, input.locale) : s.detail,
        districtId: s.district?.id ?? null,
        values: s.values,
      }))
      const sorted = sort === 'name' ? named.sort(byName) : named.sort((a, b) => (b.values[sort] ?? 0) - (a.values[sort] ?? 0) || byName(a, b))
      const districts = districtRows(answer.value).map((d) => ({ ...d, name: d.names ? pickLocalized(d.names, input.locale) : null }))
      return { keys, sort, schools: sorted, districts }
    }),
  )
}
