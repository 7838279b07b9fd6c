import type { Database } from '#db/client.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import type { Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { FUNNEL_KEYS, INDICATOR_KEYS, type FunnelKey, type IndicatorKey } from '#app/modules/metrics/keys.ts'
import { courseTitles } from './course-titles.server.ts'
import { pace, type PaceStatus } from './pace.ts'
import { INDICATORS, type Indicator } from './targets.server.ts'
import { versionedCache } from './versioned-cache.server.ts'

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

export function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
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

async function targetsFor(db: Database, year: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('metric_targets').select(['metric', 'value']).where('year', '=', year).execute()
  return new Map(rows.map((r) => [r.metric, r.value]))
}

/** The dashboard's years: the strategy's and the targets', the current one, and any year with data. */
export async function dashboardYears(work: Work, today: string): Promise<number[]> {
  const { db } = work
  const [targets, first] = await Promise.all([
    db.selectFrom('metric_targets').select('year').distinct().execute(),
    db
      .selectFrom('metric_monthly_rollups')
      .select((eb) => eb.fn.min<string>('month').as('month'))
      .executeTakeFirst(),
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

/** Every year, scope and day asked for lately; a national dashboard is some tens of kilobytes. */
const dashboards = versionedCache<Dashboard>(256)

/**
 * The whole dashboard for a year and a scope. A region the reader may not see
 * is refused ('forbidden'); a period without data gives zeros. Computed once
 * per version of the rollups and kept (ADR 031): the answer is shared by every
 * reader of the same scope and must not be changed.
 */
export async function getDashboard(work: Work, query: DashboardQuery): Promise<Result<Dashboard, 'forbidden'>> {
  const regions = regionFilter(query)
  if (regions === 'forbidden') return fail('forbidden')
  const today = query.today ?? localIsoDate(work.now())
  const key = [query.year, today, query.region ?? '', regions?.join(',') ?? '*'].join('|')
  return ok(await dashboards.get(work, key, () => computeDashboard(work, query, regions, today)))
}

async function computeDashboard(work: Work, query: DashboardQuery, regions: string[] | null, today: string): Promise<Dashboard> {
  const { db } = work
  const { year } = query
  const yearStart = `${year}-01-01`
  const yearEnd = `${year}-12-31`
  const national = regions === null
  // Approved programs have no region: they count only where the whole country is shown.
  const [rows, targets, allRegions, years, funnel] = await Promise.all([
    monthlyByRegion(db, regions, yearEnd),
    targetsFor(db, year),
    regionNames(db),
    dashboardYears(work, today),
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
      key: indicator.key,
      indicator,
      value,
      yearValue: yearToDate,
      target,
      ratio: target ? value / target : null,
      projected: p.projected,
      status: p.status,
      national: indicator.key === 'approved_programs',
    }
  })

  // People without a region (some staff accounts) count nationally; a row of their own keeps the table adding up to the cards.
  const withoutRegion =
    national && rows.some((r) => r.region_code === '' && r.metric !== 'approved_programs' && r.value !== 0) ? [{ code: '', names: NO_REGION }] : []
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

  const titles = await courseTitles(work, [...new Set(funnel.map((f) => f.course_id))])
  const byCourse = new Map<string, FunnelRow>()
  const byRegion = new Map<string, FunnelRow>()
  const total: FunnelRow = { key: '', names: null, steps: zeros(FUNNEL_KEYS) }
  for (const f of funnel) {
    const step = f.metric as FunnelKey
    const course = byCourse.get(f.course_id) ?? { key: f.course_id, names: titles.get(f.course_id) ?? null, steps: zeros(FUNNEL_KEYS) }
    course.steps[step] += f.value
    byCourse.set(f.course_id, course)
    const region = byRegion.get(f.region_code) ?? {
      key: f.region_code,
      names: allRegions.find((r) => r.code === f.region_code)?.names ?? null,
      steps: zeros(FUNNEL_KEYS),
    }
    region.steps[step] += f.value
    byRegion.set(f.region_code, region)
    total.steps[step] += f.value
  }
  const regionOrder = new Map(allRegions.map((r, i) => [r.code, i]))
  return {
    year,
    today,
    years,
    region: query.region
      ? (allRegions.find((r) => r.code === query.region) ?? { code: query.region, names: { kk: query.region, ru: query.region, en: query.region } })
      : null,
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
