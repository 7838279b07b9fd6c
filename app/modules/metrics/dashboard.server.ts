import type { Database } from '#db/client.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import type { CourseManifest, Localized } from '#app/modules/content/manifest.ts'
import { FUNNEL_KEYS, type FunnelKey } from '#app/modules/metrics/definitions.server.ts'
import { INDICATORS, type Indicator, type IndicatorKey } from '#app/modules/metrics/targets.server.ts'

// The targets dashboard's figures, read from the rollups only (ADR 012): one
// grouped read of metric_monthly_rollups (the daily rollups summed per month)
// gives every indicator by month and region,
// from which the cards, the region table and the chart are summed here.

/** Who may see what: null = every region (an admin); a regional admin's regions otherwise. */
export type AllowedRegions = string[] | null

export interface DashboardQuery {
  year: number
  /** One region to look at; must be allowed. Null = everything the reader may see. */
  region: string | null
  allowed: AllowedRegions
  /** Kazakhstan's date; defaults to the clock's. */
  today?: string
}

export type PaceStatus = 'on_track' | 'at_risk' | 'achieved' | 'missed' | 'not_started' | 'no_target'

export interface IndicatorFigures {
  key: IndicatorKey
  indicator: Indicator
  /** Counted since the strategy began, to the end of the year (or today). */
  value: number
  /** Counted within the year. */
  yearValue: number
  /** The year's target; null for one region (targets are national) or a year without one. */
  target: number | null
  /** value / target, 0..; null without a target. */
  ratio: number | null
  /** The value at the year's end if the pace of the year so far holds; null for a future year. */
  projected: number | null
  status: PaceStatus
  /** True for a figure that has no regions (approved programs). */
  national: boolean
}

export interface RegionRow {
  code: string
  names: Localized
  values: Record<IndicatorKey, number>
  /** This year's part of each value. */
  yearValues: Record<IndicatorKey, number>
}

export interface MonthPoint {
  /** YYYY-MM */
  month: string
  /** Counted in the month. */
  added: number
  /** Counted from the start up to the month's end. */
  total: number
}

export interface FunnelRow {
  /** A course id or a region code; '' for the total row. */
  key: string
  names: Localized | null
  steps: Record<FunnelKey, number>
}

export interface Dashboard {
  year: number
  today: string
  /** The years the page offers: the strategy's, the current one, any with data. */
  years: number[]
  region: { code: string; names: Localized } | null
  indicators: IndicatorFigures[]
  /** Per region the reader may see; empty when one region is shown. */
  regions: RegionRow[]
  /** Per indicator, month by month from the strategy's start to the year's end. */
  months: Record<IndicatorKey, MonthPoint[]>
  funnelByCourse: FunnelRow[]
  funnelByRegion: FunnelRow[]
}

/** The name of the row for people without a region. */
export const NO_REGION: Localized = { kk: 'Өңірі көрсетілмеген', ru: 'Регион не указан', en: 'No region given' }

export const STRATEGY_START = `${Math.min(...INDICATORS.flatMap((i) => i.seed.map((s) => s.year)))}-01-01`

const INDICATOR_KEYS = INDICATORS.map((i) => i.key)
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const daysIn = (year: number) => (isLeap(year) ? 366 : 365)
function dayOfYear(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000) + 1
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
}

/** The regions a query covers, or a 'forbidden' answer for a region the reader may not see. */
export function regionFilter(query: Pick<DashboardQuery, 'region' | 'allowed'>): string[] | null | 'forbidden' {
  if (query.region) {
    if (query.allowed && !query.allowed.includes(query.region)) return 'forbidden'
    return [query.region]
  }
  return query.allowed
}

/** The pace of one indicator in a year: where it will end if this year's rate holds, against the target. */
export function pace(input: { year: number; today: string; before: number; yearToDate: number; target: number | null }): { projected: number | null; status: PaceStatus } {
  const currentYear = Number(input.today.slice(0, 4))
  const value = input.before + input.yearToDate
  if (input.year > currentYear) return { projected: null, status: input.target === null ? 'no_target' : 'not_started' }
  if (input.year < currentYear) return { projected: value, status: input.target === null ? 'no_target' : value >= input.target ? 'achieved' : 'missed' }
  const elapsed = dayOfYear(input.today) / daysIn(input.year)
  const projected = input.before + Math.round(input.yearToDate / elapsed)
  if (input.target === null) return { projected, status: 'no_target' }
  return { projected, status: value >= input.target || projected >= input.target ? 'on_track' : 'at_risk' }
}

async function targetsFor(db: Database, year: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('metric_targets').select(['metric', 'value']).where('year', '=', year).execute()
  return new Map(rows.map((r) => [r.metric, r.value]))
}

/** The dashboard's years: the strategy's and the targets', the current one, and any year with data. */
export async function dashboardYears(db: Database, today: string): Promise<number[]> {
  const [targets, first] = await Promise.all([
    db.selectFrom('metric_targets').select('year').distinct().execute(),
    db.selectFrom('metric_monthly_rollups').select((eb) => eb.fn.min<string>('month').as('month')).executeTakeFirst(),
  ])
  const years = new Set([...targets.map((t) => t.year), Number(today.slice(0, 4))])
  const from = first?.month ? Number(first.month.slice(0, 4)) : Number(today.slice(0, 4))
  for (let y = from; y <= Number(today.slice(0, 4)); y++) years.add(y)
  return [...years].sort((a, b) => b - a)
}

interface MonthRegionRow {
  metric: string
  month: string
  region_code: string
  value: number
}

/** Every metric's sums by month and region up to the year's end, in the regions given. */
async function monthlyByRegion(db: Database, regions: string[] | null, yearEnd: string): Promise<MonthRegionRow[]> {
  let query = db
    .selectFrom('metric_monthly_rollups')
    .select(['metric', 'month', 'region_code', (eb) => eb.fn.sum<number>('value').as('value')])
    .where('month', '<=', yearEnd.slice(0, 7))
    .groupBy(['metric', 'month', 'region_code'])
  if (regions) query = query.where('region_code', 'in', regions.length ? regions : ['-'])
  return (await query.execute()).map((r) => ({ ...r, value: Number(r.value) }))
}

async function regionNames(db: Database): Promise<{ code: string; names: Localized }[]> {
  const rows = await db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en']).orderBy('sort').execute()
  return rows.map((r) => ({ code: r.code, names: { kk: r.name_kk, ru: r.name_ru, en: r.name_en } }))
}

/** Course titles from the current version of each course. */
export async function courseTitles(db: Database, ids?: string[]): Promise<Map<string, Localized>> {
  let query = db.selectFrom('courses').innerJoin('course_versions', 'course_versions.id', 'courses.current_version_id').select(['courses.id', 'course_versions.manifest'])
  if (ids) query = query.where('courses.id', 'in', ids.length ? ids : [''])
  const rows = await query.execute()
  return new Map(rows.map((r) => [r.id, (JSON.parse(r.manifest) as CourseManifest).title as Localized]))
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let [y, m] = from.split('-').map(Number) as [number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m += 1
    if (m > 12) {
      m = 1
      y += 1
    }
  }
  return out
}

/**
 * The whole dashboard for a year and a scope. A region the reader may not see
 * is refused ('forbidden'); a period without data gives zeros.
 */
export async function getDashboard(db: Database, query: DashboardQuery): Promise<Dashboard | 'forbidden'> {
  const regions = regionFilter(query)
  if (regions === 'forbidden') return 'forbidden'
  const today = query.today ?? localIsoDate(now())
  const { year } = query
  const yearStart = `${year}-01-01`
  const yearEnd = `${year}-12-31`
  const national = regions === null
  // Approved programs have no region: they count only where the whole country is shown.
  const [rows, targets, allRegions, years, funnel] = await Promise.all([
    monthlyByRegion(db, regions, yearEnd),
    targetsFor(db, year),
    regionNames(db),
    dashboardYears(db, today),
    funnelRows(db, regions, yearEnd),
  ])
  const monthOfStart = yearStart.slice(0, 7)

  const indicators: IndicatorFigures[] = INDICATORS.map((indicator) => {
    let before = 0
    let yearToDate = 0
    for (const r of rows) {
      if (r.metric !== indicator.key) continue
      if (r.month < monthOfStart) before += r.value
      else yearToDate += r.value
    }
    const target = national ? (targets.get(indicator.key) ?? null) : null
    const value = indicator.cumulative ? before + yearToDate : yearToDate
    const p = pace({ year, today, before: indicator.cumulative ? before : 0, yearToDate, target })
    return {
      key: indicator.key, indicator, value, yearValue: yearToDate, target, ratio: target ? value / target : null,
      projected: p.projected, status: p.status, national: indicator.key === 'approved_programs',
    }
  })

  // People without a region (some staff accounts) count nationally; a row of their own keeps the table adding up to the cards.
  const withoutRegion = national && rows.some((r) => r.region_code === '' && r.metric !== 'approved_programs' && r.value !== 0) ? [{ code: '', names: NO_REGION }] : []
  const visibleRegions = [...allRegions.filter((r) => (regions === null ? true : regions.includes(r.code))), ...withoutRegion]
  const regionRows: RegionRow[] = query.region
    ? []
    : visibleRegions.map((r) => {
        const values = zeros(INDICATOR_KEYS)
        const yearValues = zeros(INDICATOR_KEYS)
        for (const row of rows) {
          if (row.region_code !== r.code || !(row.metric in values)) continue
          const key = row.metric as IndicatorKey
          if (row.month >= monthOfStart) yearValues[key] += row.value
          values[key] += row.value
        }
        for (const indicator of INDICATORS) if (!indicator.cumulative) values[indicator.key] = yearValues[indicator.key]
        return { code: r.code, names: r.names, values, yearValues }
      })

  const allMonths = monthsBetween(STRATEGY_START.slice(0, 7), yearEnd.slice(0, 7))
  const months = Object.fromEntries(
    INDICATORS.map((indicator) => {
      const added = new Map<string, number>()
      let carried = 0
      for (const r of rows) {
        if (r.metric !== indicator.key) continue
        if (!allMonths.length || r.month < allMonths[0]!) carried += r.value
        else added.set(r.month, (added.get(r.month) ?? 0) + r.value)
      }
      let total = carried
      const points = allMonths.map((month) => {
        const a = added.get(month) ?? 0
        total += a
        return { month, added: a, total }
      })
      return [indicator.key, points]
    }),
  ) as Record<IndicatorKey, MonthPoint[]>

  const titles = await courseTitles(db, [...new Set(funnel.map((f) => f.course_id))])
  const byCourse = new Map<string, FunnelRow>()
  const byRegion = new Map<string, FunnelRow>()
  const total: FunnelRow = { key: '', names: null, steps: zeros(FUNNEL_KEYS) }
  for (const f of funnel) {
    const step = f.metric as FunnelKey
    const course = byCourse.get(f.course_id) ?? { key: f.course_id, names: titles.get(f.course_id) ?? null, steps: zeros(FUNNEL_KEYS) }
    course.steps[step] += f.value
    byCourse.set(f.course_id, course)
    const region = byRegion.get(f.region_code) ?? { key: f.region_code, names: allRegions.find((r) => r.code === f.region_code)?.names ?? null, steps: zeros(FUNNEL_KEYS) }
    region.steps[step] += f.value
    byRegion.set(f.region_code, region)
    total.steps[step] += f.value
  }
  const regionOrder = new Map(allRegions.map((r, i) => [r.code, i]))
  return {
    year, today, years,
    region: query.region ? (allRegions.find((r) => r.code === query.region) ?? { code: query.region, names: { kk: query.region, ru: query.region, en: query.region } }) : null,
    indicators,
    regions: regionRows,
    months,
    funnelByCourse: [...[...byCourse.values()].sort((a, b) => b.steps.funnel_enrolled - a.steps.funnel_enrolled), total],
    funnelByRegion: query.region ? [] : [...[...byRegion.values()].sort((a, b) => (regionOrder.get(a.key) ?? 99) - (regionOrder.get(b.key) ?? 99)), total],
  }
}

async function funnelRows(db: Database, regions: string[] | null, yearEnd: string) {
  let query = db
    .selectFrom('metric_monthly_rollups')
    .select(['metric', 'course_id', 'region_code', (eb) => eb.fn.sum<number>('value').as('value')])
    .where('metric', 'in', [...FUNNEL_KEYS])
    .where('month', '<=', yearEnd.slice(0, 7))
    .groupBy(['metric', 'course_id', 'region_code'])
  if (regions) query = query.where('region_code', 'in', regions.length ? regions : ['-'])
  return (await query.execute()).map((r) => ({ ...r, value: Number(r.value) }))
}

// ---- drill-downs ----

export interface UnitRow {
  id: string
  names: Localized
  /** For a school: its district (in Kazakh, as the reference data keeps it). */
  detail: string | null
  values: Record<string, number>
}

/**
 * A region's schools with each indicator counted in the year (and since the
 * strategy began), from the per-school rollups. Schools with nothing counted
 * are left out; the region must be allowed.
 */
export async function regionSchools(db: Database, input: { region: string; allowed: AllowedRegions; year: number }): Promise<{ schools: UnitRow[]; keys: IndicatorKey[] } | 'forbidden'> {
  if (input.allowed && !input.allowed.includes(input.region)) return 'forbidden'
  const keys = INDICATOR_KEYS.filter((k) => k !== 'approved_programs')
  const rows = await db
    .selectFrom('metric_unit_rollups as u')
    .innerJoin('schools as s', 's.id', 'u.unit_id')
    .select(['u.unit_id', 'u.metric', 's.name_kk', 's.name_ru', 's.name_en', 's.district', (eb) => eb.fn.sum<number>('u.value').as('value')])
    .where('u.unit', '=', 'school')
    .where('u.metric', 'in', keys)
    .where('u.region_code', '=', input.region)
    .where('u.year', '<=', input.year)
    .groupBy(['u.unit_id', 'u.metric', 's.name_kk', 's.name_ru', 's.name_en', 's.district'])
    .execute()
  const schools = new Map<string, UnitRow>()
  for (const r of rows) {
    const school: UnitRow = schools.get(r.unit_id) ?? { id: r.unit_id, names: { kk: r.name_kk, ru: r.name_ru, en: r.name_en }, detail: r.district, values: zeros(keys) }
    school.values[r.metric] = (school.values[r.metric] ?? 0) + Number(r.value)
    schools.set(r.unit_id, school)
  }
  return { schools: [...schools.values()].sort((a, b) => a.names.kk.localeCompare(b.names.kk, 'kk')), keys }
}

/**
 * A course's cohorts, newest first, with their funnel, from the per-cohort rollups; a
 * regional admin sees the cohorts' teachers of their regions only.
 */
export async function courseCohorts(db: Database, input: { courseId: string; allowed: AllowedRegions; year: number }): Promise<{ title: Localized | null; cohorts: UnitRow[] } | null> {
  const titles = await courseTitles(db, [input.courseId])
  if (!titles.has(input.courseId)) return null
  let query = db
    .selectFrom('metric_unit_rollups as u')
    .innerJoin('cohorts as c', 'c.id', 'u.unit_id')
    .select(['u.unit_id', 'u.metric', 'c.title', 'c.starts_on', (eb) => eb.fn.sum<number>('u.value').as('value')])
    .where('u.unit', '=', 'cohort')
    .where('u.course_id', '=', input.courseId)
    .where('u.metric', 'in', [...FUNNEL_KEYS])
    .where('u.year', '<=', input.year)
    .groupBy(['u.unit_id', 'u.metric', 'c.title', 'c.starts_on'])
  if (input.allowed) query = query.where('u.region_code', 'in', input.allowed.length ? input.allowed : ['-'])
  const rows = await query.execute()
  const cohorts = new Map<string, UnitRow>()
  const starts = new Map<string, string>()
  for (const r of rows) {
    const cohort: UnitRow = cohorts.get(r.unit_id) ?? {
      id: r.unit_id, names: { kk: r.title, ru: r.title, en: r.title }, detail: null, values: zeros(FUNNEL_KEYS),
    }
    starts.set(r.unit_id, r.starts_on)
    cohort.values[r.metric] = (cohort.values[r.metric] ?? 0) + Number(r.value)
    cohorts.set(r.unit_id, cohort)
  }
  return { title: titles.get(input.courseId) ?? null, cohorts: [...cohorts.values()].sort((a, b) => (starts.get(b.id) ?? '').localeCompare(starts.get(a.id) ?? '') || a.id.localeCompare(b.id)) }
}
