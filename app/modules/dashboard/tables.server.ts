import { z } from 'zod'
import { fail, ok, type Result } from '#app/core/result.ts'
import type { Work } from '#app/core/work.server.ts'
import { translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { pickLocalized, slugPattern, type Localized } from '#app/modules/content/manifest.ts'
import type { XlsxCell, XlsxSheet } from '#app/modules/exports/xlsx.server.ts'
import type { ReportTable, TableCell } from '#app/modules/parents/reports.server.ts'
import { FUNNEL_KEYS, type IndicatorKey } from '#app/modules/metrics/keys.ts'
import { getDashboard, regionFilter, type AllowedRegions, type Dashboard, type FunnelRow, type IndicatorFigures } from './dashboard.server.ts'
import { districtsTable } from './district-table.server.ts'
import { courseCohorts, regionSchools, type UnitRow } from './drill-downs.server.ts'
import type { PaceStatus } from './pace.ts'
import { INDICATORS, MAX_YEAR, MIN_YEAR } from './targets.server.ts'

// The targets dashboard's figures as tables with headers in the reader's
// language, for the CSV and Excel downloads and the annual data pack. Every
// number comes from getDashboard and its drill-downs, so a file never says
// anything the page does not; a table without rows keeps its header.

export const DASHBOARD_TABLES = ['indicators', 'regions', 'months', 'funnel-courses', 'funnel-regions', 'schools', 'districts', 'cohorts'] as const
export type DashboardTableName = (typeof DASHBOARD_TABLES)[number]

/** A table and the name of its sheet. */
export type NamedTable = ReportTable & { name: string }

/** `regions.csv` → { table: 'regions', format: 'csv' }; anything else fails. */
export const ExportFileSchema = z
  .string()
  .regex(/^[a-z-]+\.(?:csv|xlsx)$/)
  .transform((file) => ({ table: file.slice(0, file.lastIndexOf('.')), format: file.slice(file.lastIndexOf('.') + 1) }))
  .pipe(z.object({ table: z.enum(DASHBOARD_TABLES), format: z.enum(['csv', 'xlsx']) }))

/** `2026.xlsx`, the data pack's file, → 2026 (the year is checked by YearSchema). */
export const PackFileSchema = z
  .string()
  .regex(/^[^.]*\.xlsx$/)
  .transform((file) => file.slice(0, -'.xlsx'.length))

/** A year in an address: four digits from 2020 to 2100. */
export const YearSchema = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .pipe(z.number().int().min(MIN_YEAR).max(MAX_YEAR))

const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value)

/** The filters of an address (an empty one is absent); a malformed region or course is one that does not exist. */
export const ExportQuerySchema = z.object({
  region: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^[A-Z]{2}-[0-9A-Z]{1,3}$/)
      .optional(),
  ),
  course: z.preprocess(blankIsAbsent, z.string().max(100).regex(slugPattern).optional()),
})

/** Why a download is refused: the status the route answers with and the message it shows. */
export type Refusal = { status: 400 | 403 | 404; message: MessageKey }

const refuse = (status: Refusal['status'], message: MessageKey) => fail<Refusal>({ status, message })

const percentOf = (part: number, whole: number | null) => (whole ? Math.round((part / whole) * 1000) / 10 : null)

const indicatorName = (key: IndicatorKey, locale: Locale) => translate(locale, `targets.indicator.${key}`)

const statusLabel = (status: PaceStatus, locale: Locale) => translate(locale, `dashboardExport.status.${status}`)

// Region names always have all three languages; course titles may lack English.
const nameOf = (names: Localized, locale: Locale) => pickLocalized(names, locale)

function indicatorCells(f: IndicatorFigures, locale: Locale): TableCell[] {
  return [
    indicatorName(f.key, locale),
    translate(locale, `targets.unit.${f.indicator.unit}`),
    f.value,
    f.target,
    f.ratio === null ? null : percentOf(f.ratio, 1),
    f.projected,
    statusLabel(f.status, locale),
  ]
}

/** Indicator, unit, value, target, percent of the target, projection, status. */
export function indicatorsTable(dashboard: Dashboard, locale: Locale): ReportTable {
  const t = (key: MessageKey) => translate(locale, key)
  return {
    header: [
      t('targets.col.indicator'),
      t('dashboardExport.col.unit'),
      t('dashboardExport.col.value'),
      t('dashboardExport.col.target'),
      t('dashboardExport.col.percent'),
      t('dashboardExport.col.projection'),
      t('dashboardExport.col.status'),
    ],
    rows: dashboard.indicators.map((f) => indicatorCells(f, locale)),
  }
}

/** Region, code, then each indicator; a figure counted only nationally (approved programmes) is left empty. */
export function regionsTable(dashboard: Dashboard, locale: Locale): ReportTable {
  const national = new Set(dashboard.indicators.filter((f) => f.national).map((f) => f.key))
  return {
    header: [
      translate(locale, 'dashboardExport.col.region'),
      translate(locale, 'dashboardExport.col.regionCode'),
      ...INDICATORS.map((i) => indicatorName(i.key, locale)),
    ],
    rows: dashboard.regions.map((r) => [nameOf(r.names, locale), r.code, ...INDICATORS.map((i) => (national.has(i.key) ? null : r.values[i.key]))]),
  }
}

/** Month, then per indicator the month's count and the running total since the strategy began. */
export function monthsTable(dashboard: Dashboard, locale: Locale): ReportTable {
  const months = dashboard.months[INDICATORS[0]!.key].map((p) => p.month)
  const byMonth = new Map(INDICATORS.map((i) => [i.key, new Map(dashboard.months[i.key].map((p) => [p.month, p]))]))
  return {
    header: [
      translate(locale, 'dashboardExport.col.month'),
      ...INDICATORS.flatMap((i) => {
        const indicator = indicatorName(i.key, locale)
        return [translate(locale, 'dashboardExport.col.inMonth', { indicator }), translate(locale, 'dashboardExport.col.total', { indicator })]
      }),
    ],
    rows: months.map((month) => [
      month,
      ...INDICATORS.flatMap((i) => {
        const point = byMonth.get(i.key)?.get(month)
        return [point?.added ?? 0, point?.total ?? 0]
      }),
    ]),
  }
}

function funnelHeader(first: MessageKey, locale: Locale): string[] {
  return [
    translate(locale, first),
    ...FUNNEL_KEYS.map((k) => translate(locale, `dashboardExport.funnel.${k}`)),
    translate(locale, 'dashboardExport.col.certifiedPercent'),
  ]
}

const funnelCells = (steps: Record<string, number>): TableCell[] => [
  ...FUNNEL_KEYS.map((k) => steps[k] ?? 0),
  percentOf(steps.funnel_certified ?? 0, steps.funnel_enrolled ?? 0),
]

/**
 * The completion funnel by course or by region: the six steps and the share of
 * the enrolled who were certified. getDashboard ends each list with the total.
 */
export function funnelTable(rows: FunnelRow[], by: 'course' | 'region', locale: Locale): ReportTable {
  const name = (row: FunnelRow, i: number) => {
    if (row.names) return nameOf(row.names, locale)
    if (row.key === '') return translate(locale, i === rows.length - 1 ? 'dashboardExport.total' : 'dashboardExport.noRegion')
    return row.key
  }
  return {
    header: funnelHeader(by === 'course' ? 'dashboardExport.col.course' : 'dashboardExport.col.region', locale),
    rows: rows.map((row, i) => [name(row, i), ...funnelCells(row.steps)]),
  }
}

/** A region's schools: name, code, district, each indicator counted since the strategy began. */
export function schoolsTable(result: { schools: UnitRow[]; keys: IndicatorKey[] }, locale: Locale): ReportTable {
  const t = (key: MessageKey) => translate(locale, key)
  return {
    header: [
      t('dashboardExport.col.school'),
      t('dashboardExport.col.schoolId'),
      t('dashboardExport.col.district'),
      ...result.keys.map((k) => indicatorName(k, locale)),
    ],
    rows: result.schools.map((s) => [nameOf(s.names, locale), s.id, s.detail, ...result.keys.map((k) => s.values[k] ?? 0)]),
  }
}

/** A course's cohorts: title and the funnel. */
export function cohortsTable(result: { cohorts: UnitRow[] }, locale: Locale): ReportTable {
  return {
    header: funnelHeader('dashboardExport.col.cohort', locale),
    rows: result.cohorts.map((c) => [nameOf(c.names, locale), ...funnelCells(c.values)]),
  }
}

async function regionExists(work: Work, code: string): Promise<boolean> {
  return Boolean(await work.db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst())
}

/** What a file covers, for its name: the region asked for, a regional admin's regions, or null for the country. */
function scopeOf(region: string | null, allowed: AllowedRegions): string | null {
  if (region) return region
  return allowed?.length ? allowed.join('-') : null
}

/** orken-regions-2026.csv, orken-regions-2026-KZ-75.xlsx */
export function exportFileName(base: string, year: number, scope: string | null, ext: 'csv' | 'xlsx'): string {
  return `orken-${[base, String(year), scope].filter(Boolean).join('-')}.${ext}`
}

export interface TableQuery {
  table: DashboardTableName
  year: number
  region: string | null
  course: string | null
  allowed: AllowedRegions
  today?: string
}

/**
 * One of the dashboard's tables for a year and a scope. Refuses a region the
 * reader may not see (403), a region or course that does not exist (404), and
 * a schools table without a region or a cohorts table without a course (400);
 * a regional admin of one region gets that region's schools without asking.
 */
export async function dashboardTable(work: Work, query: TableQuery, locale: Locale): Promise<Result<{ table: NamedTable; scope: string | null }, Refusal>> {
  const scope = regionFilter(query)
  if (scope === 'forbidden') return refuse(403, 'error.forbidden.text')
  if (query.region && !(await regionExists(work, query.region))) return refuse(404, 'error.notFound.text')
  const name = translate(locale, `dashboardExport.sheet.${query.table}`)
  const { year } = query

  if (query.table === 'schools' || query.table === 'districts') {
    const region = query.region ?? (query.allowed?.length === 1 ? query.allowed[0]! : null)
    if (!region) return refuse(400, 'dashboardExport.error.regionRequired')
    const result = await regionSchools(work, { region, allowed: query.allowed, year })
    if (!result.ok) return refuse(403, 'error.forbidden.text')
    const table = query.table === 'schools' ? schoolsTable(result.value, locale) : districtsTable(result.value, locale)
    return ok({ table: { name, ...table }, scope: region })
  }
  if (query.table === 'cohorts') {
    if (!query.course) return refuse(400, 'dashboardExport.error.courseRequired')
    const result = await courseCohorts(work, { courseId: query.course, allowed: scope, year })
    if (!result) return refuse(404, 'error.notFound.text')
    return ok({ table: { name, ...cohortsTable(result, locale) }, scope: scopeOf(query.region, query.allowed) })
  }

  // The region asked for stands as a one-region scope, so its row shows in the region tables.
  const answer = await getDashboard(work, { year, region: null, allowed: scope, today: query.today })
  if (!answer.ok) return refuse(403, 'error.forbidden.text')
  const dashboard = answer.value
  const tables: Record<Exclude<DashboardTableName, 'schools' | 'districts' | 'cohorts'>, () => ReportTable> = {
    indicators: () => indicatorsTable(dashboard, locale),
    regions: () => regionsTable(dashboard, locale),
    months: () => monthsTable(dashboard, locale),
    'funnel-courses': () => funnelTable(dashboard.funnelByCourse, 'course', locale),
    'funnel-regions': () => funnelTable(dashboard.funnelByRegion, 'region', locale),
  }
  return ok({ table: { name, ...tables[query.table]() }, scope: scopeOf(query.region, query.allowed) })
}

// ---- the annual data pack ----

const BLANK: XlsxCell[] = []

function indicatorSheet(dashboard: Dashboard, f: IndicatorFigures, scopeText: string, locale: Locale): XlsxSheet {
  const t = (key: MessageKey) => translate(locale, key)
  const block: XlsxCell[][] = [
    [t('dashboardExport.col.unit'), t(`targets.unit.${f.indicator.unit}`)],
    [t('dashboardExport.pack.year'), dashboard.year],
    [t('dashboardExport.pack.scope'), scopeText],
    [t('dashboardExport.pack.asOf'), dashboard.today],
    [t('dashboardExport.col.target'), f.target],
    [t('dashboardExport.col.value'), f.value],
    [t('dashboardExport.col.valueInYear'), f.yearValue],
    [t('dashboardExport.col.percent'), f.ratio === null ? null : percentOf(f.ratio, 1)],
    [t('dashboardExport.col.projection'), f.projected],
    [t('dashboardExport.col.status'), statusLabel(f.status, locale)],
  ]
  const byRegion: XlsxCell[][] = f.national
    ? [[t('dashboardExport.pack.nationalOnly')]]
    : [
        [
          t('dashboardExport.col.region'),
          t('dashboardExport.col.regionCode'),
          t(f.indicator.cumulative ? 'dashboardExport.col.valueSinceStart' : 'dashboardExport.col.value'),
          t('dashboardExport.col.valueInYear'),
        ],
        ...dashboard.regions.map((r) => [nameOf(r.names, locale), r.code, r.values[f.key], r.yearValues[f.key]]),
      ]
  const byMonth: XlsxCell[][] = [
    [t('dashboardExport.col.month'), t('dashboardExport.col.monthAdded'), t('dashboardExport.col.monthTotal')],
    ...dashboard.months[f.key].map((p) => [p.month, p.added, p.total]),
  ]
  return {
    name: t(`dashboardExport.short.${f.key}`),
    header: [t('targets.col.indicator'), indicatorName(f.key, locale)],
    rows: [...block, BLANK, [t('dashboardExport.pack.byRegion')], ...byRegion, BLANK, [t('dashboardExport.pack.byMonth')], ...byMonth],
  }
}

export interface PackQuery {
  year: number
  region: string | null
  allowed: AllowedRegions
  today?: string
}

/**
 * The annual data pack for the national report: a Summary sheet of every
 * indicator, one sheet per indicator (its figures, then by region and by
 * month) and a Funnel sheet. A regional admin's pack covers their regions.
 */
export async function dataPack(work: Work, query: PackQuery, locale: Locale): Promise<Result<{ sheets: XlsxSheet[]; scope: string | null }, Refusal>> {
  const scope = regionFilter(query)
  if (scope === 'forbidden') return refuse(403, 'error.forbidden.text')
  if (query.region && !(await regionExists(work, query.region))) return refuse(404, 'error.notFound.text')
  const answer = await getDashboard(work, { year: query.year, region: null, allowed: scope, today: query.today })
  if (!answer.ok) return refuse(403, 'error.forbidden.text')
  const dashboard = answer.value
  const t = (key: MessageKey) => translate(locale, key)
  const scopeText = scope === null ? t('dashboardExport.pack.country') : dashboard.regions.map((r) => nameOf(r.names, locale)).join(', ')

  const summary = indicatorsTable(dashboard, locale)
  const courses = funnelTable(dashboard.funnelByCourse, 'course', locale)
  const regions = funnelTable(dashboard.funnelByRegion, 'region', locale)
  const sheets: XlsxSheet[] = [
    {
      name: t('dashboardExport.sheet.summary'),
      header: summary.header,
      rows: [
        ...summary.rows,
        BLANK,
        [t('dashboardExport.pack.year'), dashboard.year],
        [t('dashboardExport.pack.scope'), scopeText],
        [t('dashboardExport.pack.asOf'), dashboard.today],
      ],
    },
    ...dashboard.indicators.map((f) => indicatorSheet(dashboard, f, scopeText, locale)),
    { name: t('dashboardExport.sheet.funnel'), header: courses.header, rows: [...courses.rows, BLANK, regions.header, ...regions.rows] },
  ]
  return ok({ sheets, scope: scopeOf(query.region, query.allowed) })
}

/** A refusal as the downloads answer it: a line of text in the reader's language. */
export function refusalResponse(refusal: Refusal, locale: Locale): Response {
  return new Response(translate(locale, refusal.message), {
    status: refusal.status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' },
  })
}
