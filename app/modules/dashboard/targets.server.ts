import { z } from 'zod'
import strategyTargets from '#db/reference/strategy-targets.json' with { type: 'json' }
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { INDICATOR_KEYS, type IndicatorKey } from '#app/modules/metrics/keys.ts'
import { versionedCache } from './versioned-cache.server.ts'
import { bumpVersions } from './versions.server.ts'

// The national targets of the institute's 2025-2027 strategy, one value per
// indicator and year: seeded from db/reference/strategy-targets.json, then
// owned by admins (a seed never overwrites their edits; each edit is audited).

export const MIN_YEAR = 2020
export const MAX_YEAR = 2100
/** Far above any target the strategy sets (12 million attendances), far below SQLite's integer limit. */
export const MAX_VALUE = 1_000_000_000

const yearKey = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .pipe(z.number().int().min(MIN_YEAR).max(MAX_YEAR))

const ReferenceFileSchema = z.object({
  note: z.string(),
  targets: z
    .array(
      z.object({
        key: z.enum(INDICATOR_KEYS),
        // The strategy's direction (бағыт) the indicator belongs to.
        direction: z.number().int().min(1),
        label_kk: z.string().min(1),
        label_ru: z.string().min(1),
        unit: z.enum(['teachers', 'programs', 'attendances', 'users']),
        per_year: z.boolean().optional(),
        by_year: z.record(z.string(), z.number().int().min(0).max(MAX_VALUE)),
        share: z.record(z.string(), z.number().min(0).max(1)).optional(),
        share_of: z.string().optional(),
      }),
    )
    .refine((targets) => INDICATOR_KEYS.every((key) => targets.filter((t) => t.key === key).length === 1), {
      message: `strategy-targets.json must list each of ${INDICATOR_KEYS.join(', ')} exactly once`,
    }),
})

export type IndicatorUnit = 'teachers' | 'programs' | 'attendances' | 'users'

export interface Indicator {
  key: IndicatorKey
  unit: IndicatorUnit
  direction: number
  labels: { kk: string; ru: string }
  /** True when a year's value counts everything since the strategy began (the file's default); false for per-year values. */
  cumulative: boolean
  /** The strategy's values by year, as seeded. */
  seed: { year: number; value: number }[]
  /** The share of a population the value stands for, by year, where the strategy gives one. */
  share: { year: number; ratio: number }[]
  shareOf: string | null
}

function loadIndicators(): Indicator[] {
  const parsed = ReferenceFileSchema.safeParse(strategyTargets)
  if (!parsed.success) throw new Error(`db/reference/strategy-targets.json is not valid:\n${parsed.error.message}`)
  const byKey = new Map(parsed.data.targets.map((t) => [t.key, t]))
  return INDICATOR_KEYS.map((key) => {
    const t = byKey.get(key)!
    const years = (record: Record<string, number>) =>
      Object.entries(record)
        .map(([year, value]) => ({ year: yearKey.parse(year), value }))
        .sort((a, b) => a.year - b.year)
    return {
      key,
      unit: t.unit,
      direction: t.direction,
      labels: { kk: t.label_kk, ru: t.label_ru },
      cumulative: !t.per_year,
      seed: years(t.by_year),
      share: years(t.share ?? {}).map(({ year, value }) => ({ year, ratio: value })),
      shareOf: t.share_of ?? null,
    }
  })
}

/** The seven indicators, in the strategy's order. */
export const INDICATORS: readonly Indicator[] = loadIndicators()

/**
 * Inserts each (indicator, year) value of the reference file that the
 * database does not hold yet. Never overwrites a value (an admin may have
 * edited it); idempotent, runs at every start. Returns how many it inserted.
 */
export async function syncTargets(work: Work): Promise<number> {
  const stamp = work.now().toISOString()
  let inserted = 0
  await write(work, async (tx) => {
    for (const indicator of INDICATORS) {
      for (const { year, value } of indicator.seed) {
        const result = await tx.db
          .insertInto('metric_targets')
          .values({ metric: indicator.key, year, value, updated_by: null, updated_at: stamp })
          .onConflict((oc) => oc.columns(['metric', 'year']).doNothing())
          .executeTakeFirst()
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0)
      }
    }
    if (inserted) await bumpVersions(tx.db, ['targets'])
  })
  return inserted
}

export interface TargetRow {
  indicator: Indicator
  /** One cell per year of `years`; null where the indicator has no value for that year. */
  cells: { year: number; value: number | null }[]
}

const targetsCache = versionedCache<{ years: number[]; rows: TargetRow[] }>(1)

/** Indicators × years: every year any indicator has, ascending. Read once per change (ADR 031); not to be changed by the caller. */
export async function listTargets(work: Work): Promise<{ years: number[]; rows: TargetRow[] }> {
  return targetsCache.get(work, 'targets', () => readTargets(work))
}

async function readTargets(work: Work): Promise<{ years: number[]; rows: TargetRow[] }> {
  const stored = await work.db.selectFrom('metric_targets').select(['metric', 'year', 'value']).execute()
  const years = [...new Set(stored.map((r) => r.year))].sort((a, b) => a - b)
  const values = new Map(stored.map((r) => [`${r.metric}:${r.year}`, r.value]))
  return {
    years,
    rows: INDICATORS.map((indicator) => ({
      indicator,
      cells: years.map((year) => ({ year, value: values.get(`${indicator.key}:${year}`) ?? null })),
    })),
  }
}

const valueError = { message: 'targets.error.value' }
const yearError = { message: 'targets.error.year' }

/** A target value: a whole number from 0; a form's text must be digits only. */
const TargetValueSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z
    .number({ errorMap: () => valueError })
    .int(valueError)
    .min(0, valueError)
    .max(MAX_VALUE, valueError),
)

const TargetYearSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z
    .number({ errorMap: () => yearError })
    .int(yearError)
    .min(MIN_YEAR, yearError)
    .max(MAX_YEAR, yearError),
)

/** One target cell as a form or a caller gives it; shared by the admin page's action and setTarget. */
export const TargetInputSchema = z.object({
  metric: z.enum(INDICATOR_KEYS, { errorMap: () => ({ message: 'targets.error.metric' }) }),
  year: TargetYearSchema,
  value: TargetValueSchema,
})

/** A year to add, as the add-year form gives it. */
export const AddYearInputSchema = z.object({ year: TargetYearSchema })

/** Message keys by field, for a form to show beside each field. */
export type FieldErrors = Record<string, string[]>

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  return Object.fromEntries(Object.entries(error.flatten().fieldErrors).flatMap(([field, messages]) => (messages ? [[field, messages]] : [])))
}

/**
 * Sets one target (inserting the cell if the year has none for it) and
 * audits 'target.set' with the old and the new value, in one transaction.
 * Refuses an unknown indicator, a year outside 2020-2100, and a value that is
 * not a whole number from 0, with message keys per field. Setting the value a
 * cell already has changes and audits nothing.
 */
export async function setTarget(
  work: Work,
  input: { metric: string; year: number | string; value: number | string },
): Promise<Result<{ metric: IndicatorKey; year: number; value: number; changed: boolean }, FieldErrors>> {
  const parsed = TargetInputSchema.safeParse(input)
  if (!parsed.success) return fail(fieldErrorsOf(parsed.error))
  const { metric, year, value } = parsed.data
  const changed = await write(work, async (tx) => {
    const before = await tx.db.selectFrom('metric_targets').select('value').where('metric', '=', metric).where('year', '=', year).executeTakeFirst()
    if (before?.value === value) return false
    const stamp = work.now().toISOString()
    await tx.db
      .insertInto('metric_targets')
      .values({ metric, year, value, updated_by: work.actorId, updated_at: stamp })
      .onConflict((oc) => oc.columns(['metric', 'year']).doUpdateSet({ value, updated_by: work.actorId, updated_at: stamp }))
      .execute()
    tx.audit({
      action: 'target.set',
      targetType: 'metric_target',
      targetId: `${metric}:${year}`,
      details: { metric, year, old: before?.value ?? null, new: value },
    })
    await bumpVersions(tx.db, ['targets'])
    return true
  })
  return ok({ metric, year, value, changed })
}

/**
 * Adds the year after the latest one, each indicator starting from its value
 * in the latest year (its latest earlier value if that cell is missing, 0 if
 * it has none at all), and audits 'target.add_year'.
 * Refuses a year that exists, one that is not the next, or one outside 2020-2100.
 */
export async function addYear(
  work: Work,
  input: { year: number | string },
): Promise<Result<{ year: number; values: Record<IndicatorKey, number> }, FieldErrors>> {
  const parsed = AddYearInputSchema.safeParse(input)
  if (!parsed.success) return fail(fieldErrorsOf(parsed.error))
  const { year } = parsed.data
  return write(work, async (tx) => {
    const stored = await tx.db.selectFrom('metric_targets').select(['metric', 'year', 'value']).orderBy('year').execute()
    if (stored.some((r) => r.year === year)) return fail({ year: ['targets.error.yearExists'] })
    const latest = stored.at(-1)?.year
    if (latest !== undefined && year !== latest + 1) return fail({ year: ['targets.error.yearNotNext'] })
    // Rows are in year order, so the last one seen per indicator is its latest value.
    const latestValue = new Map(stored.map((r) => [r.metric, r.value]))
    const values = Object.fromEntries(INDICATORS.map((i) => [i.key, latestValue.get(i.key) ?? 0])) as Record<IndicatorKey, number>
    const stamp = work.now().toISOString()
    await tx.db
      .insertInto('metric_targets')
      .values(INDICATORS.map((i) => ({ metric: i.key, year, value: values[i.key], updated_by: work.actorId, updated_at: stamp })))
      .execute()
    await bumpVersions(tx.db, ['targets'])
    tx.audit({ action: 'target.add_year', targetType: 'metric_target', targetId: String(year), details: { year, copiedFrom: latest ?? null, values } })
    return ok({ year, values })
  })
}

/** The year the add-year form offers: the one after the latest, or the current year when there are none. */
export function nextYear(years: number[], today: Date): number {
  const latest = years.at(-1)
  return latest === undefined ? today.getUTCFullYear() : latest + 1
}
