import { sql, type Expression, type SqlBool } from 'kysely'
import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import strategyTargets from '#db/reference/strategy-targets.json'
import { translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { localName } from '#app/i18n/local-name.ts'

// Attendance at the parent centres: sessions, head counts and check-ins by
// month and by region, district or school, against the strategy's yearly
// national target. Figures come from the sessions themselves (counted ones
// only: a flagged duplicate is shown as flagged and adds nothing), so any
// district or school can be summed, not only what the daily rollups keep.

export const TARGET_KEY = 'parent_attendances'

const TargetsSchema = z.object({
  targets: z.array(z.object({ key: z.string(), by_year: z.record(z.string().regex(/^\d{4}$/), z.number().nonnegative()) })),
})

/** The strategy's cumulative national targets by year, e.g. 2026 → 7,920,000 attendances since 1 January 2025. */
export const ATTENDANCE_TARGETS: ReadonlyMap<number, number> = (() => {
  const entry = TargetsSchema.parse(strategyTargets).targets.find((t) => t.key === TARGET_KEY)
  if (!entry) throw new Error(`db/reference/strategy-targets.json has no "${TARGET_KEY}" target`)
  return new Map(Object.entries(entry.by_year).map(([year, value]) => [Number(year), value]))
})()

/** The strategy counts from the start of its first year. */
export const STRATEGY_START_YEAR = Math.min(...ATTENDANCE_TARGETS.keys())

/** The district key of schools that have none recorded. */
export const NO_DISTRICT = '-'

export const AttendanceQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional()
    .catch(undefined),
  district: z.string().trim().min(1).max(200).optional().catch(undefined),
})
export type AttendanceQuery = z.infer<typeof AttendanceQuerySchema>

export interface AttendanceScope {
  /** The regions counted: null for all of them. */
  regions: string[] | null
  region?: string
  district?: string
  schoolId?: string
}

/**
 * The scope a user may look at: null when they ask for a region outside the
 * regions they administer (`allowed`, null for all). A district needs its region.
 */
export function attendanceScope(query: AttendanceQuery, allowed: string[] | null): AttendanceScope | null {
  if (query.region && allowed && !allowed.includes(query.region)) return null
  return { regions: allowed, region: query.region, district: query.region ? query.district : undefined }
}

export interface Figures {
  sessions: number
  /** The head counts added up: the attendance figure. */
  attendances: number
  checkins: number
  /** Check-ins per attendance; null when nobody came. */
  checkinRatio: number | null
  /** Sessions flagged as the same lesson again that day: not counted. */
  flagged: number
}

export type ReportLevel = 'region' | 'district' | 'school'

export interface PlaceRow extends Figures {
  /** A region code, a district name (NO_DISTRICT for none) or a school id. */
  key: string
  /** Null for NO_DISTRICT. */
  names: { name_kk: string; name_ru: string; name_en: string } | null
}

export interface MonthRow extends Figures {
  /** YYYY-MM */
  month: string
}

export interface TargetProgress {
  /** The cumulative national target for the year; null outside the strategy's years. */
  target: number | null
  /** The year's own share of it: this year's target less last year's. */
  yearTarget: number | null
  /** Attendances since the strategy began, to the end of the year; null before it began. */
  cumulative: number | null
  yearCount: number
  /** How much of the year has passed (1 for a past year, 0 for a future one). */
  elapsedShare: number
  /** The year's count if the pace so far holds: year-to-date / elapsed share. */
  projectedYear: number | null
  projectedCumulative: number | null
}

export interface AttendanceReport {
  year: number
  level: ReportLevel
  months: MonthRow[]
  places: PlaceRow[]
  totals: Figures
  progress: TargetProgress
}

const zero = (): Figures => ({ sessions: 0, attendances: 0, checkins: 0, checkinRatio: null, flagged: 0 })

function figures(row: { sessions: unknown; attendances: unknown; checkins: unknown; flagged: unknown } | undefined): Figures {
  if (!row) return zero()
  const attendances = Number(row.attendances ?? 0)
  const checkins = Number(row.checkins ?? 0)
  return {
    sessions: Number(row.sessions ?? 0),
    attendances,
    checkins,
    checkinRatio: attendances > 0 ? checkins / attendances : null,
    flagged: Number(row.flagged ?? 0),
  }
}

// Check-ins are summed per session by a subquery on their index, so joining
// them never repeats a session's head count.
const SESSIONS = sql<number>`coalesce(sum(s.counted), 0)`
const ATTENDANCES = sql<number>`coalesce(sum(case when s.counted = 1 then s.head_count else 0 end), 0)`
const CHECKINS = sql<number>`coalesce(sum(case when s.counted = 1 then (select count(*) from parent_checkins c where c.session_id = s.id) else 0 end), 0)`
const FLAGGED = sql<number>`coalesce(sum(1 - s.counted), 0)`

function scoped(db: Database, scope: AttendanceScope, from: string, to: string) {
  return db
    .selectFrom('parent_sessions as s')
    .innerJoin('schools as sc', 'sc.id', 's.school_id')
    .where('s.held_on', '>=', from)
    .where('s.held_on', '<=', to)
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = []
      if (scope.regions) conditions.push(eb('s.region_code', 'in', scope.regions.length ? scope.regions : ['']))
      if (scope.region) conditions.push(eb('s.region_code', '=', scope.region))
      if (scope.district === NO_DISTRICT) conditions.push(eb(eb.fn.coalesce('sc.district', sql.lit('')), '=', ''))
      else if (scope.district) conditions.push(eb('sc.district', '=', scope.district))
      if (scope.schoolId) conditions.push(eb('s.school_id', '=', scope.schoolId))
      return eb.and(conditions)
    })
    .select([SESSIONS.as('sessions'), ATTENDANCES.as('attendances'), CHECKINS.as('checkins'), FLAGGED.as('flagged')])
}

/** Sessions, attendances and check-ins over days [from, to] in a scope: zeros when there are none. */
export async function attendanceFigures(work: Work, scope: AttendanceScope, from: string, to: string): Promise<Figures> {
  const { db } = work
  return figures(await scoped(db, scope, from, to).executeTakeFirst())
}

/** The twelve months of a year in a scope, each with its figures (zeros for a month without sessions). */
export async function attendanceByMonth(work: Work, scope: AttendanceScope, year: number): Promise<MonthRow[]> {
  const { db } = work
  const rows = await scoped(db, scope, `${year}-01-01`, `${year}-12-31`)
    .select(sql<string>`substr(s.held_on, 1, 7)`.as('month'))
    .groupBy(sql`substr(s.held_on, 1, 7)`)
    .execute()
  const byMonth = new Map(rows.map((r) => [r.month, r]))
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`
    return { month, ...figures(byMonth.get(month)) }
  })
}

/** The level a scope is broken down by: regions, then a region's districts, then a district's schools. */
export function reportLevel(scope: AttendanceScope): ReportLevel {
  return scope.region ? (scope.district ? 'school' : 'district') : 'region'
}

/** Every region, district or school of the scope's level, with its figures for the year (zeros included, so a centre that never reports shows). */
export async function attendanceByPlace(work: Work, scope: AttendanceScope, year: number): Promise<PlaceRow[]> {
  const { db } = work
  const level = reportLevel(scope)
  const from = `${year}-01-01`
  const to = `${year}-12-31`
  if (level === 'region') {
    let regions = db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en']).orderBy('sort')
    if (scope.regions) regions = regions.where('code', 'in', scope.regions.length ? scope.regions : [''])
    const [places, rows] = await Promise.all([regions.execute(), scoped(db, scope, from, to).select('s.region_code as key').groupBy('s.region_code').execute()])
    const byKey = new Map(rows.map((r) => [r.key, r]))
    return places.map((p) => ({ key: p.code, names: { name_kk: p.name_kk, name_ru: p.name_ru, name_en: p.name_en }, ...figures(byKey.get(p.code)) }))
  }
  const district = sql<string>`coalesce(sc.district, '')`
  if (level === 'district') {
    const [places, rows] = await Promise.all([
      db.selectFrom('schools as sc').select(district.as('district')).distinct().where('sc.region_code', '=', scope.region!).orderBy('district').execute(),
      scoped(db, scope, from, to).select(district.as('key')).groupBy(district).execute(),
    ])
    const byKey = new Map(rows.map((r) => [r.key, r]))
    return places.map((p) => ({
      key: p.district || NO_DISTRICT,
      names: p.district ? { name_kk: p.district, name_ru: p.district, name_en: p.district } : null,
      ...figures(byKey.get(p.district)),
    }))
  }
  let schools = db
    .selectFrom('schools as sc')
    .select(['sc.id', 'sc.name_kk', 'sc.name_ru', 'sc.name_en'])
    .where('sc.region_code', '=', scope.region!)
    .orderBy('sc.name_kk')
  schools = scope.district === NO_DISTRICT ? schools.where(district, '=', '') : schools.where('sc.district', '=', scope.district!)
  const [places, rows] = await Promise.all([schools.execute(), scoped(db, scope, from, to).select('s.school_id as key').groupBy('s.school_id').execute()])
  const byKey = new Map(rows.map((r) => [r.key, r]))
  return places.map((p) => ({ key: p.id, names: { name_kk: p.name_kk, name_ru: p.name_ru, name_en: p.name_en }, ...figures(byKey.get(p.id)) }))
}

function dayOfYear(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number]
  return (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000 + 1
}

const daysInYear = (year: number) => (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000

/**
 * A year's count in a scope against the strategy's cumulative national target,
 * with the pace so far carried to the year's end. `today` is Kazakhstan's date.
 */
export async function targetProgress(work: Work, scope: AttendanceScope, year: number, yearCount: number, today: string): Promise<TargetProgress> {
  const target = ATTENDANCE_TARGETS.get(year) ?? null
  const yearTarget = target === null ? null : target - (ATTENDANCE_TARGETS.get(year - 1) ?? 0)
  const before = year > STRATEGY_START_YEAR ? (await attendanceFigures(work, scope, `${STRATEGY_START_YEAR}-01-01`, `${year - 1}-12-31`)).attendances : 0
  const cumulative = year >= STRATEGY_START_YEAR ? before + yearCount : null
  const currentYear = Number(today.slice(0, 4))
  const elapsedShare = year < currentYear ? 1 : year > currentYear ? 0 : dayOfYear(today) / daysInYear(year)
  const projectedYear = elapsedShare > 0 ? Math.round(yearCount / elapsedShare) : null
  return {
    target,
    yearTarget,
    cumulative,
    yearCount,
    elapsedShare,
    projectedYear,
    projectedCumulative: cumulative === null || projectedYear === null ? null : before + projectedYear,
  }
}

/** The years a report can show: the strategy's, the current one and any with sessions, newest first. */
export async function reportYears(work: Work, today: string): Promise<number[]> {
  const { db } = work
  const rows = await db
    .selectFrom('parent_sessions')
    .select(sql<string>`substr(held_on, 1, 4)`.as('year'))
    .distinct()
    .execute()
  const years = new Set([...ATTENDANCE_TARGETS.keys(), Number(today.slice(0, 4)), ...rows.map((r) => Number(r.year))])
  return [...years].sort((a, b) => b - a)
}

/** The whole report for a year and scope: months, places, totals and the target. A year without sessions gives zeros. */
export async function getAttendanceReport(work: Work, input: { scope: AttendanceScope; year: number; today: string }): Promise<AttendanceReport> {
  const { scope, year } = input
  const [months, places, totals] = await Promise.all([
    attendanceByMonth(work, scope, year),
    attendanceByPlace(work, scope, year),
    attendanceFigures(work, scope, `${year}-01-01`, `${year}-12-31`),
  ])
  return { year, level: reportLevel(scope), months, places, totals, progress: await targetProgress(work, scope, year, totals.attendances, input.today) }
}

// ---- tables for the CSV export ----

export type TableCell = string | number | null

export interface ReportTable {
  header: string[]
  rows: TableCell[][]
}

const percent = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10)

function figureCells(f: Figures): TableCell[] {
  return [f.sessions, f.attendances, f.checkins, percent(f.checkinRatio), f.flagged]
}

/** The report's place table (or its month table) with headers in the reader's language. */
export function attendanceTable(report: AttendanceReport, table: 'places' | 'months', locale: Locale): ReportTable {
  const t = (key: MessageKey) => translate(locale, key)
  const tail = [
    t('parentReports.col.sessions'),
    t('parentReports.col.attendances'),
    t('parentReports.col.checkins'),
    t('parentReports.col.ratioPercent'),
    t('parentReports.col.flagged'),
  ]
  if (table === 'months') {
    return { header: [t('parentReports.col.month'), ...tail], rows: report.months.map((m) => [m.month, ...figureCells(m)]) }
  }
  const name = (p: PlaceRow) => (p.names === null ? t('parentReports.noDistrict') : localName(p.names, locale))
  if (report.level === 'district') return { header: [t('parentReports.col.district'), ...tail], rows: report.places.map((p) => [name(p), ...figureCells(p)]) }
  const [nameHead, keyHead]: [MessageKey, MessageKey] =
    report.level === 'region' ? ['parentReports.col.region', 'parentReports.col.regionCode'] : ['parentReports.col.school', 'parentReports.col.schoolId']
  return { header: [t(nameHead), t(keyHead), ...tail], rows: report.places.map((p) => [name(p), p.key, ...figureCells(p)]) }
}

/** A region's names, for the report's heading; null for an unknown code. */
export async function reportRegion(work: Work, code: string) {
  return (await work.db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en']).where('code', '=', code).executeTakeFirst()) ?? null
}
