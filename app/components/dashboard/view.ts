import type { Localized } from '#app/modules/content/manifest.ts'
import type { Dashboard, FunnelRow, IndicatorFigures, MonthPoint } from '#app/modules/dashboard/dashboard.server.ts'
import type { PaceStatus } from '#app/modules/dashboard/pace.ts'
import type { FunnelKey, IndicatorKey } from '#app/modules/metrics/keys.ts'

// What the dashboard pages send to the browser: the figures the pages show and
// nothing else (an indicator's seed values or labels stay on the server). Only
// type imports from the server modules, so the pages can use these helpers too.

export const FUNNEL_STEPS = [
  'funnel_enrolled',
  'funnel_started',
  'funnel_completed',
  'funnel_certified',
  'funnel_monitored',
  'funnel_supported',
] as const satisfies readonly FunnelKey[]

export interface IndicatorView {
  key: IndicatorKey
  cumulative: boolean
  value: number
  target: number | null
  ratio: number | null
  projected: number | null
  status: PaceStatus
  national: boolean
}

export interface ChartPoint {
  month: string
  added: number
  /** What the line shows: the running total (since the start, or since January for a per-year indicator). */
  total: number
}

export interface ChartView {
  key: IndicatorKey
  cumulative: boolean
  points: ChartPoint[]
  /** Each year's target, drawn at the year's December; empty for a region. */
  targets: { year: number; value: number }[]
  /** The year's end as the pace so far sets it; null for a past or future year. */
  projection: { month: string; value: number } | null
}

export interface FunnelView {
  key: string
  names: Localized | null
  steps: Record<FunnelKey, number>
}

export interface DashboardQueryView {
  year: number
  region: string | null
}

export function indicatorView(figure: IndicatorFigures): IndicatorView {
  return {
    key: figure.key,
    cumulative: figure.indicator.cumulative,
    value: figure.value,
    target: figure.target,
    ratio: figure.ratio,
    projected: figure.projected,
    status: figure.status,
    national: figure.national,
  }
}

export function funnelView(row: FunnelRow): FunnelView {
  return { key: row.key, names: row.names, steps: row.steps }
}

/**
 * One indicator's line: months from the strategy's start to the year's end,
 * cut at the current month (later months have nothing yet), with the yearly
 * targets and, for the current year, where the pace leads by December.
 */
export function chartView(input: {
  dashboard: Pick<Dashboard, 'year' | 'today' | 'months' | 'indicators'>
  key: IndicatorKey
  targets: { year: number; value: number }[]
}): ChartView {
  const { dashboard, key } = input
  const figure = dashboard.indicators.find((i) => i.key === key)
  const cumulative = figure?.indicator.cumulative ?? true
  const thisMonth = dashboard.today.slice(0, 7)
  const months: MonthPoint[] = (dashboard.months[key] ?? []).filter((m) => m.month <= thisMonth)
  let running = 0
  let runningYear = ''
  const points = months.map((m) => {
    if (cumulative) return { month: m.month, added: m.added, total: m.total }
    if (m.month.slice(0, 4) !== runningYear) {
      runningYear = m.month.slice(0, 4)
      running = 0
    }
    running += m.added
    return { month: m.month, added: m.added, total: running }
  })
  const firstYear = Number(points[0]?.month.slice(0, 4) ?? dashboard.year)
  const currentYear = Number(dashboard.today.slice(0, 4))
  const projection =
    figure && figure.projected !== null && dashboard.year === currentYear && points.length && thisMonth < `${dashboard.year}-12`
      ? { month: `${dashboard.year}-12`, value: figure.projected }
      : null
  return {
    key,
    cumulative,
    points,
    projection,
    targets: input.targets.filter((t) => t.year >= firstYear && t.year <= dashboard.year).sort((a, b) => a.year - b.year),
  }
}

export type ExportTable = 'indicators' | 'regions' | 'months' | 'funnel-courses' | 'funnel-regions' | 'schools' | 'districts' | 'cohorts'

/** The address of a table's download, which the export routes serve. */
export function exportHref(table: ExportTable, format: 'csv' | 'xlsx', params: { year: number; region?: string | null; course?: string }): string {
  const search = new URLSearchParams({ year: String(params.year) })
  if (params.region) search.set('region', params.region)
  if (params.course) search.set('course', params.course)
  return `/admin/dashboard/export/${table}.${format}?${search.toString()}`
}

export function packHref(year: number): string {
  return `/admin/dashboard/pack/${year}.xlsx`
}

export function regionHref(code: string, year: number): string {
  return `/admin/dashboard/regions/${encodeURIComponent(code)}?year=${year}`
}

export function courseHref(courseId: string, year: number): string {
  return `/admin/dashboard/courses/${encodeURIComponent(courseId)}?year=${year}`
}
