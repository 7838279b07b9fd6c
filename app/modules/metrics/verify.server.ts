import type { Database } from '#db/client.server.ts'
import { DEFINITIONS, METRIC_KEYS } from '#app/modules/metrics/definitions.server.ts'
import type { MetricKey } from '#app/modules/metrics/keys.ts'
import { aggregate } from '#app/modules/metrics/rollups.server.ts'

// The reconciliation check behind `npm run metrics:verify`: every metric is
// recomputed from the raw tables by its definition and compared with what the
// events left in metric_subjects, metric_rollups and metric_unit_rollups.

export interface MetricDifference {
  metric: MetricKey
  table: 'metric_subjects' | 'metric_rollups' | 'metric_monthly_rollups' | 'metric_unit_rollups'
  key: string
  expected: number
  stored: number
}

export interface MetricCheck {
  metric: MetricKey
  /** The metric's total over all time, recomputed from the raw tables. */
  expected: number
  /** The same total as the rollups hold it. */
  stored: number
  subjects: number
  differences: number
}

export interface VerifyReport {
  metrics: MetricCheck[]
  /** Every difference found, at most `limit` of them listed. */
  differences: MetricDifference[]
  totalDifferences: number
}

function compare(
  metric: MetricKey,
  table: MetricDifference['table'],
  expected: Map<string, number>,
  stored: Map<string, number>,
  out: (d: MetricDifference) => void,
): number {
  let count = 0
  for (const key of new Set([...expected.keys(), ...stored.keys()])) {
    const e = expected.get(key) ?? 0
    const s = stored.get(key) ?? 0
    if (e !== s) {
      count += 1
      out({ metric, table, key, expected: e, stored: s })
    }
  }
  return count
}

export async function verifyMetrics(db: Database, options: { limit?: number; onMetric?: (check: MetricCheck) => void } = {}): Promise<VerifyReport> {
  const limit = options.limit ?? 50
  const differences: MetricDifference[] = []
  const out = (d: MetricDifference) => {
    if (differences.length < limit) differences.push(d)
  }
  const metrics: MetricCheck[] = []
  let totalDifferences = 0
  for (const metric of METRIC_KEYS) {
    const attributions = await DEFINITIONS[metric].attributions(db)
    const sums = aggregate(metric, attributions)
    let found = 0

    const storedSubjects = await db.selectFrom('metric_subjects').selectAll().where('metric', '=', metric).execute()
    const subjectKey = (a: { subject_id: string; day: string; region_code: string; school_id: string; course_id: string; cohort_id: string }) =>
      `${a.subject_id} ${a.day} ${a.region_code || '-'} ${a.school_id || '-'} ${a.course_id || '-'} ${a.cohort_id || '-'}`
    found += compare(
      metric,
      'metric_subjects',
      new Map(attributions.map((a) => [subjectKey(a), a.value])),
      new Map(storedSubjects.map((s) => [subjectKey(s), s.value])),
      out,
    )

    const daily = await db
      .selectFrom('metric_rollups')
      .select(['day', 'region_code', 'course_id', 'value'])
      .where('metric', '=', metric)
      .where('value', '!=', 0)
      .execute()
    const dailyKey = (r: { day: string; region_code: string; course_id: string }) => `${r.day} ${r.region_code || '-'} ${r.course_id || '-'}`
    found += compare(
      metric,
      'metric_rollups',
      new Map(sums.daily.map((r) => [dailyKey(r), r.value])),
      new Map(daily.map((r) => [dailyKey(r), Number(r.value)])),
      out,
    )

    const monthly = await db
      .selectFrom('metric_monthly_rollups')
      .select(['month', 'region_code', 'course_id', 'value'])
      .where('metric', '=', metric)
      .where('value', '!=', 0)
      .execute()
    const monthKey = (r: { month: string; region_code: string; course_id: string }) => `${r.month} ${r.region_code || '-'} ${r.course_id || '-'}`
    found += compare(
      metric,
      'metric_monthly_rollups',
      new Map(sums.monthly.map((r) => [monthKey(r), r.value])),
      new Map(monthly.map((r) => [monthKey(r), Number(r.value)])),
      out,
    )

    const units = await db
      .selectFrom('metric_unit_rollups')
      .select(['year', 'unit', 'unit_id', 'region_code', 'course_id', 'value'])
      .where('metric', '=', metric)
      .where('value', '!=', 0)
      .execute()
    const unitKey = (r: { year: number; unit: string; unit_id: string; region_code: string; course_id: string }) =>
      `${r.year} ${r.unit} ${r.unit_id} ${r.region_code || '-'} ${r.course_id || '-'}`
    found += compare(
      metric,
      'metric_unit_rollups',
      new Map(sums.units.map((r) => [unitKey(r), r.value])),
      new Map(units.map((r) => [unitKey(r), Number(r.value)])),
      out,
    )

    const check: MetricCheck = {
      metric,
      expected: attributions.reduce((sum, a) => sum + a.value, 0),
      stored: daily.reduce((sum, r) => sum + Number(r.value), 0),
      subjects: attributions.length,
      differences: found,
    }
    metrics.push(check)
    options.onMetric?.(check)
    totalDifferences += found
  }
  return { metrics, differences, totalDifferences }
}
