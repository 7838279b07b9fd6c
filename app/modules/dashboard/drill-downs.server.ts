import { fail, ok, type Result } from '#app/core/result.ts'
import type { Work } from '#app/core/work.server.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { FUNNEL_KEYS, INDICATOR_KEYS, type FunnelKey, type IndicatorKey } from '#app/modules/metrics/keys.ts'
import { courseTitles } from './course-titles.server.ts'
import { dashboardYears, zeros, type AllowedRegions } from './dashboard.server.ts'
import { versionedCache } from './versioned-cache.server.ts'

// The dashboard's drill-downs: a region's schools and a course's cohorts, from the per-unit rollups.

export interface UnitRow {
  id: string
  names: Localized
  /** For a school: its district (in Kazakh, as the reference data keeps it). */
  detail: string | null
  /** For a school: its district in the registry (null: not given). */
  district?: { id: string; names: Localized } | null
  values: Record<string, number>
}

/** A district of a region with the sums of its schools' indicators; `id` null: the schools whose district is not given. */
export interface DistrictRow {
  id: string | null
  names: Localized | null
  schools: number
  values: Record<string, number>
}

/**
 * A region's schools with each indicator counted in the year (and since the
 * strategy began), from the per-school rollups. Schools with nothing counted
 * are left out; the region must be allowed.
 */
export async function regionSchools(work: Work, input: { region: string; allowed: AllowedRegions; year: number }): Promise<Result<RegionSchools, 'forbidden'>> {
  if (input.allowed && !input.allowed.includes(input.region)) return fail('forbidden')
  return ok(await schoolsCache.get(work, `${input.region}|${input.year}`, () => computeRegionSchools(work, input)))
}

/** The indicators counted per school: all but approved programmes, which are national. */
export const SCHOOL_KEYS: IndicatorKey[] = INDICATOR_KEYS.filter((k) => k !== 'approved_programs')

export interface RegionSchools {
  schools: UnitRow[]
  keys: IndicatorKey[]
}

// Computed once per version of the rollups and the registry (ADR 031); a region's schools are some hundred kilobytes.
const schoolsCache = versionedCache<RegionSchools>(64)
const cohortsCache = versionedCache<CourseCohorts | null>(64)

async function computeRegionSchools(work: Work, input: { region: string; year: number }): Promise<RegionSchools> {
  const keys = SCHOOL_KEYS
  const rows = await work.db
    .selectFrom('metric_unit_rollups as u')
    .innerJoin('schools as s', 's.id', 'u.unit_id')
    .leftJoin('districts as d', 'd.id', 's.district_id')
    .select([
      'u.unit_id',
      'u.metric',
      's.name_kk',
      's.name_ru',
      's.name_en',
      's.district',
      'd.id as district_id',
      'd.name_kk as district_kk',
      'd.name_ru as district_ru',
      'd.name_en as district_en',
      (eb) => eb.fn.sum<number>('u.value').as('value'),
    ])
    .where('u.unit', '=', 'school')
    .where('u.metric', 'in', keys)
    .where('u.region_code', '=', input.region)
    .where('u.year', '<=', input.year)
    .groupBy(['u.unit_id', 'u.metric', 's.name_kk', 's.name_ru', 's.name_en', 's.district', 'd.id', 'd.name_kk', 'd.name_ru', 'd.name_en'])
    .execute()
  const schools = new Map<string, UnitRow>()
  for (const r of rows) {
    const school: UnitRow = schools.get(r.unit_id) ?? {
      id: r.unit_id,
      names: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
      detail: r.district,
      district: r.district_id ? { id: r.district_id, names: { kk: r.district_kk ?? '', ru: r.district_ru ?? '', en: r.district_en ?? '' } } : null,
      values: zeros(keys),
    }
    school.values[r.metric] = (school.values[r.metric] ?? 0) + Number(r.value)
    schools.set(r.unit_id, school)
  }
  const kazakh = new Intl.Collator('kk')
  return { schools: [...schools.values()].sort((a, b) => kazakh.compare(a.names.kk, b.names.kk)), keys }
}

/**
 * A region's schools summed by district (regionSchools' rows, so the
 * districts add up to the schools, and the schools to the region), in
 * Kazakh alphabetical order, the schools without a district last.
 */
export function districtRows(result: { schools: UnitRow[]; keys: IndicatorKey[] }): DistrictRow[] {
  const byDistrict = new Map<string | null, DistrictRow>()
  for (const school of result.schools) {
    const id = school.district?.id ?? null
    const row = byDistrict.get(id) ?? { id, names: school.district?.names ?? null, schools: 0, values: zeros(result.keys) }
    row.schools++
    for (const key of result.keys) row.values[key] = (row.values[key] ?? 0) + (school.values[key] ?? 0)
    byDistrict.set(id, row)
  }
  return [...byDistrict.values()].sort((a, b) => (a.names === null ? 1 : b.names === null ? -1 : a.names.kk.localeCompare(b.names.kk, 'kk')))
}

/**
 * A course's cohorts, newest first, with their funnel, from the per-cohort rollups; a
 * regional admin sees the cohorts' teachers of their regions only. With each
 * cohort what its page shows of it, the funnel summed over all cohorts and the
 * years the dashboard offers (as of `today`, by default the clock's day): the
 * whole page's figures in one lookup per version (ADR 031). A cohort's title,
 * dates, language and region never change once it exists, so they keep with
 * the figures.
 */
export async function courseCohorts(
  work: Work,
  input: { courseId: string; allowed: AllowedRegions; year: number; today?: string },
): Promise<CourseCohorts | null> {
  const today = input.today ?? localIsoDate(work.now())
  const key = [input.courseId, input.year, today, input.allowed?.join(',') ?? '*'].join('|')
  return cohortsCache.get(work, key, () => computeCourseCohorts(work, { ...input, today }))
}

export interface CohortRow extends UnitRow {
  startsOn: string
  endsOn: string
  lang: string
  region: Localized
}

export interface CourseCohorts {
  title: Localized | null
  cohorts: CohortRow[]
  /** Each funnel step summed over every cohort. */
  total: Record<FunnelKey, number>
  /** The years the dashboard offers, newest first. */
  years: number[]
}

async function computeCourseCohorts(
  work: Work,
  input: { courseId: string; allowed: AllowedRegions; year: number; today: string },
): Promise<CourseCohorts | null> {
  const titles = await courseTitles(work, [input.courseId])
  if (!titles.has(input.courseId)) return null
  let query = work.db
    .selectFrom('metric_unit_rollups as u')
    .innerJoin('cohorts as c', 'c.id', 'u.unit_id')
    .innerJoin('regions as r', 'r.code', 'c.region_code')
    .select([
      'u.unit_id',
      'u.metric',
      'c.title',
      'c.starts_on',
      'c.ends_on',
      'c.lang',
      'r.name_kk',
      'r.name_ru',
      'r.name_en',
      (eb) => eb.fn.sum<number>('u.value').as('value'),
    ])
    .where('u.unit', '=', 'cohort')
    .where('u.course_id', '=', input.courseId)
    .where('u.metric', 'in', [...FUNNEL_KEYS])
    .where('u.year', '<=', input.year)
    .groupBy(['u.unit_id', 'u.metric', 'c.title', 'c.starts_on', 'c.ends_on', 'c.lang', 'r.name_kk', 'r.name_ru', 'r.name_en'])
  if (input.allowed) query = query.where('u.region_code', 'in', input.allowed.length ? input.allowed : ['-'])
  const [rows, years] = await Promise.all([query.execute(), dashboardYears(work, input.today)])
  const cohorts = new Map<string, CohortRow>()
  const total = zeros(FUNNEL_KEYS)
  for (const r of rows) {
    const cohort: CohortRow = cohorts.get(r.unit_id) ?? {
      id: r.unit_id,
      names: { kk: r.title, ru: r.title, en: r.title },
      detail: null,
      values: zeros(FUNNEL_KEYS),
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      lang: r.lang,
      region: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
    }
    const value = Number(r.value)
    cohort.values[r.metric] = (cohort.values[r.metric] ?? 0) + value
    if (r.metric in total) total[r.metric as FunnelKey] += value
    cohorts.set(r.unit_id, cohort)
  }
  return {
    title: titles.get(input.courseId) ?? null,
    cohorts: [...cohorts.values()].sort((a, b) => b.startsOn.localeCompare(a.startsOn) || a.id.localeCompare(b.id)),
    total,
    years,
  }
}
