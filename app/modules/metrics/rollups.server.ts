import { sql, type QueryCreator } from 'kysely'
import { dialectOf, type Database } from '#db/client.server.ts'
import type { DB } from '#db/schema.ts'
import { LOCK_SPACES, lockKeys } from '#db/locks.server.ts'
import { DEFINITIONS, type Attribution } from '#app/modules/metrics/definitions.server.ts'
import { FUNNEL_KEYS, type MetricKey } from '#app/modules/metrics/keys.ts'
import { bumpVersions } from '#app/modules/dashboard/versions.server.ts'
import { prepared } from '#db/prepared.server.ts'

export type { MetricKey } from '#app/modules/metrics/keys.ts'

// The rollups the targets dashboard reads (ADR 012). A write that may move a
// metric emits a domain event; the subscriber (subscriber.server.ts) calls
// refreshMetrics for the subjects it names, inside the write's transaction: each subject's attribution is recomputed by the metric's one
// definition and compared with the one stored in metric_subjects; only the
// difference is added to the rollups. So the figures never drift from the
// records, and the dashboard never scans events.

type Bucket = Omit<Attribution, 'subject_id'>

function sameBucket(a: Bucket, b: Bucket): boolean {
  return (
    a.day === b.day &&
    a.region_code === b.region_code &&
    a.school_id === b.school_id &&
    a.course_id === b.course_id &&
    a.cohort_id === b.cohort_id &&
    a.value === b.value
  )
}

type RollupTable = 'metric_rollups' | 'metric_monthly_rollups' | 'metric_unit_rollups'

const ROLLUP_KEYS: Record<RollupTable, string[]> = {
  metric_rollups: ['metric', 'day', 'region_code', 'course_id'],
  metric_monthly_rollups: ['metric', 'month', 'region_code', 'course_id'],
  metric_unit_rollups: ['metric', 'year', 'unit', 'unit_id', 'region_code', 'course_id'],
}

/** Rows of one statement at most, for SQLite's limit on a statement's parameters. */
const ROWS_PER_STATEMENT = 500

function upsertInto(trx: QueryCreator<DB>, table: RollupTable, rows: { value: number }[]) {
  return trx
    .insertInto(table)
    .values(rows as never)
    .onConflict((oc) => oc.columns(ROLLUP_KEYS[table] as never).doUpdateSet({ value: sql`${sql.ref(`${table}.value`)} + excluded.value` } as never))
}

// A refresh's statements for a few rows, built once per dialect and number
// of rows (db/prepared.server.ts): a page view's refresh reads and writes one
// row of each, and building them anew cost more than running them. Larger
// batches (a rebuild, an import) are built per call, so that the kept
// statements stay few.
const FEW_ROWS = 8
const ROLLUP_COLUMNS: Record<RollupTable, readonly string[]> = {
  metric_rollups: ['metric', 'day', 'region_code', 'course_id', 'value'],
  metric_monthly_rollups: ['metric', 'month', 'region_code', 'course_id', 'value'],
  metric_unit_rollups: ['metric', 'year', 'unit', 'unit_id', 'region_code', 'course_id', 'value'],
}
const SUBJECT_COLUMNS = ['metric', 'subject_id', 'day', 'region_code', 'school_id', 'course_id', 'cohort_id', 'value'] as const

/** A flat list of values as rows of `columns`: a prepared statement's arguments are one list. */
function asRows(columns: readonly string[], flat: readonly unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (let i = 0; i < flat.length; i += columns.length) out.push(Object.fromEntries(columns.map((column, j) => [column, flat[i + j]])))
  return out
}
const flatten = (columns: readonly string[], rows: readonly object[]) =>
  rows.flatMap((row) => columns.map((column) => (row as Record<string, unknown>)[column]))

const rollupUpserts = Object.fromEntries(
  (Object.keys(ROLLUP_COLUMNS) as RollupTable[]).map((table) => [
    table,
    prepared((db, ...flat: unknown[]) => upsertInto(db, table, asRows(ROLLUP_COLUMNS[table], flat) as { value: number }[])),
  ]),
) as Record<RollupTable, ReturnType<typeof prepared<unknown[], unknown>>>
const storedRead = prepared((db, metric: MetricKey, ...ids: string[]) =>
  db.selectFrom('metric_subjects').selectAll().where('metric', '=', metric).where('subject_id', 'in', ids),
)
const storedDelete = prepared((db, metric: MetricKey, ...ids: string[]) =>
  db.deleteFrom('metric_subjects').where('metric', '=', metric).where('subject_id', 'in', ids),
)
const subjectsInsert = prepared((db, ...flat: unknown[]) => db.insertInto('metric_subjects').values(asRows(SUBJECT_COLUMNS, flat) as never))

/**
 * Adds the summed changes of every metric that moved to the rollups and moves
 * those metrics' versions. These rows are the ones every writer of a metric
 * shares (one day, region and course), and each is locked from its upsert to
 * the commit. On PostgreSQL the write inserts its changes as one row of
 * metric_changes, which a deferred trigger folds into the shared rows at
 * COMMIT (migration 0023): they are locked for the commit alone, no round
 * trip through a busy event loop inside the lock, and a synchronized start of
 * a test, hundreds of teachers moving one funnel row, does not queue on them.
 * The rollups read inside the writing transaction do not show its own changes
 * yet. SQLite, whose writers take turns anyway, writes them in place.
 */
async function applyToRollups(
  trx: Database,
  moved: { metric: MetricKey; changes: { bucket: Bucket; sign: 1 | -1 }[] }[],
  /** PostgreSQL: subject rows to write in the same statement (refreshSubjects). */
  writes: readonly SubjectWrites[] = [],
): Promise<void> {
  if (!moved.length) return
  const rows: Record<RollupTable, { value: number }[]> = { metric_rollups: [], metric_monthly_rollups: [], metric_unit_rollups: [] }
  for (const { metric, changes } of moved) {
    const sums = aggregate(
      metric,
      changes.map(({ bucket, sign }) => ({ ...bucket, subject_id: '', value: sign * bucket.value })),
    )
    rows.metric_rollups.push(...sums.daily.filter((r) => r.value !== 0))
    rows.metric_monthly_rollups.push(...sums.monthly.filter((r) => r.value !== 0))
    rows.metric_unit_rollups.push(...sums.units.filter((r) => r.value !== 0))
  }
  const tables = (Object.keys(rows) as RollupTable[]).filter((table) => rows[table].length)
  const metrics = moved.map((m) => m.metric)
  if (dialectOf(trx) === 'postgres') {
    const changes = JSON.stringify({ ...rows, metric_versions: [...new Set(metrics)] })
    const parts = subjectWriteParts(writes).map((part, i) => sql`${sql.raw(`w${i}`)} as (${part})`)
    await sql`${parts.length ? sql`with ${sql.join(parts)} ` : sql``}insert into metric_changes (changes) values (${changes}::jsonb)`.execute(trx)
    return
  }
  for (const table of tables) {
    if (rows[table].length <= FEW_ROWS) {
      await rollupUpserts[table].all(trx, ...flatten(ROLLUP_COLUMNS[table], rows[table]))
      continue
    }
    for (let i = 0; i < rows[table].length; i += ROWS_PER_STATEMENT) await upsertInto(trx, table, rows[table].slice(i, i + ROWS_PER_STATEMENT)).execute()
  }
  await bumpVersions(trx, metrics)
}

/**
 * Brings the given subjects of the given metrics up to date, on `trx`: the
 * transaction of a write that may change what they count (a certificate
 * issued or revoked, a response submitted, a session recorded). Subjects that
 * no longer count are taken out; unchanged ones cost two indexed reads. The
 * changes of a batch of subjects are summed per rollup row before writing.
 * Each metric whose rollups moved has its version moved too (ADR 031), with
 * the rollups (applyToRollups).
 */
export async function refreshMetrics(trx: Database, metrics: readonly MetricKey[], subjectIds: readonly string[]): Promise<void> {
  await refreshSubjects(
    trx,
    metrics.map((metric) => [metric, subjectIds]),
  )
}

/**
 * refreshMetrics for several metrics, each with its subjects (a write's
 * events name different subjects per metric): every subject is locked at
 * once first, and the shared rollup rows of all the metrics are written
 * together at the end (applyToRollups).
 */
export async function refreshSubjects(trx: Database, batches: readonly (readonly [MetricKey, readonly string[]])[]): Promise<void> {
  // Two PostgreSQL transactions refreshing one subject would both read its
  // old attribution and both take it out of the rollups. Locked first, the
  // second reads the attribution and records the first committed (ADR 035).
  await lockKeys(
    trx,
    LOCK_SPACES.metricSubject,
    batches.flatMap(([, ids]) => ids),
  )
  const moved: { metric: MetricKey; changes: { bucket: Bucket; sign: 1 | -1 }[] }[] = []
  const writes: SubjectWrites[] = []
  for (const [metric, subjectIds] of batches) {
    const ids = [...new Set(subjectIds)]
    if (!ids.length) continue
    const fresh = new Map((await DEFINITIONS[metric].attributions(trx, ids)).map((a) => [a.subject_id, a]))
    const changes: { bucket: Bucket; sign: 1 | -1 }[] = []
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      const stored =
        chunk.length <= FEW_ROWS
          ? await storedRead.all(trx, metric, ...chunk)
          : await trx.selectFrom('metric_subjects').selectAll().where('metric', '=', metric).where('subject_id', 'in', chunk).execute()
      const storedById = new Map(stored.map((s) => [s.subject_id, s]))
      const gone: string[] = []
      const added: Attribution[] = []
      for (const id of chunk) {
        const before = storedById.get(id)
        const after = fresh.get(id)
        if (before && after && sameBucket(before, after)) continue
        if (before) {
          changes.push({ bucket: before, sign: -1 })
          gone.push(id)
        }
        if (after) {
          changes.push({ bucket: after, sign: 1 })
          added.push(after)
        }
      }
      if (gone.length || added.length) writes.push({ metric, gone, added })
    }
    if (changes.length) moved.push({ metric, changes })
  }
  // A few subjects (a page view's, an answer's) on PostgreSQL: their rows and the rollups' changes in one statement, one round trip.
  if (dialectOf(trx) === 'postgres' && writes.reduce((n, w) => n + w.gone.length + w.added.length, 0) <= FEW_SUBJECTS) {
    await applyToRollups(trx, moved, writes)
    return
  }
  for (const { metric, gone, added } of writes) {
    if (gone.length > FEW_ROWS) await trx.deleteFrom('metric_subjects').where('metric', '=', metric).where('subject_id', 'in', gone).execute()
    else if (gone.length) await storedDelete.all(trx, metric, ...gone)
    if (added.length && added.length <= FEW_ROWS) {
      await subjectsInsert.all(
        trx,
        ...flatten(
          SUBJECT_COLUMNS,
          added.map((a) => ({ ...a, metric })),
        ),
      )
      continue
    }
    for (let j = 0; j < added.length; j += 400) {
      await trx
        .insertInto('metric_subjects')
        .values(added.slice(j, j + 400).map((a) => ({ metric, ...a })))
        .execute()
    }
  }
  await applyToRollups(trx, moved)
}

/** At most this many subjects' rows go with the rollups' changes in one statement on PostgreSQL (refreshSubjects). */
const FEW_SUBJECTS = 20

/** One metric's subject rows to replace: those it no longer counts as stored, and what it counts now. */
interface SubjectWrites {
  metric: MetricKey
  gone: string[]
  added: Attribution[]
}

/**
 * Data-modifying parts of a WITH, one per table write: each runs once,
 * whether or not the statement's last part reads it. A subject whose bucket
 * moved is both gone and added; the insert's upsert replaces its row and the
 * delete leaves it alone (two parts of a statement may not write one row).
 */
function subjectWriteParts(writes: readonly SubjectWrites[]) {
  return writes.flatMap(({ metric, gone, added }) => {
    const readded = new Set(added.map((a) => a.subject_id))
    const deleted = gone.filter((id) => !readded.has(id))
    const rows = added.map((a) => sql`(${metric}, ${a.subject_id}, ${a.day}, ${a.region_code}, ${a.school_id}, ${a.course_id}, ${a.cohort_id}, ${a.value})`)
    return [
      ...(deleted.length ? [sql`delete from metric_subjects where metric = ${metric} and subject_id in (${sql.join(deleted)})`] : []),
      ...(rows.length
        ? [
            sql`insert into metric_subjects (metric, subject_id, day, region_code, school_id, course_id, cohort_id, value) values ${sql.join(rows)}
              on conflict (metric, subject_id) do update set day = excluded.day, region_code = excluded.region_code, school_id = excluded.school_id,
                course_id = excluded.course_id, cohort_id = excluded.cohort_id, value = excluded.value`,
          ]
        : []),
    ]
  })
}

/** The funnel's steps an enrolment may have moved through. */
export const ENROLMENT_METRICS = [
  'funnel_enrolled',
  'funnel_started',
  'funnel_completed',
  'funnel_certified',
  'funnel_monitored',
  'funnel_supported',
] as const satisfies readonly MetricKey[]

export interface DailyRow {
  metric: string
  day: string
  region_code: string
  course_id: string
  value: number
}
export interface MonthlyRow {
  metric: string
  month: string
  region_code: string
  course_id: string
  value: number
}
export interface UnitRow {
  metric: string
  year: number
  unit: 'school' | 'cohort'
  unit_id: string
  region_code: string
  course_id: string
  value: number
}

/** What the rollups of one metric should hold, summed from its attributions. */
export function aggregate(metric: MetricKey, attributions: Attribution[]): { daily: DailyRow[]; monthly: MonthlyRow[]; units: UnitRow[] } {
  const daily = new Map<string, DailyRow>()
  const monthly = new Map<string, MonthlyRow>()
  const units = new Map<string, UnitRow>()
  const isFunnel = (FUNNEL_KEYS as readonly string[]).includes(metric)
  for (const a of attributions) {
    if (!a.value) continue
    const dayKey = `${a.day}|${a.region_code}|${a.course_id}`
    const d = daily.get(dayKey)
    if (d) d.value += a.value
    else daily.set(dayKey, { metric, day: a.day, region_code: a.region_code, course_id: a.course_id, value: a.value })
    const month = a.day.slice(0, 7)
    const monthKey = `${month}|${a.region_code}|${a.course_id}`
    const m = monthly.get(monthKey)
    if (m) m.value += a.value
    else monthly.set(monthKey, { metric, month, region_code: a.region_code, course_id: a.course_id, value: a.value })
    const year = Number(a.day.slice(0, 4))
    // Indicators drill down to schools, the funnel's steps to cohorts.
    for (const [unit, unitId] of (isFunnel ? [['cohort', a.cohort_id]] : [['school', a.school_id]]) as ['school' | 'cohort', string][]) {
      if (!unitId) continue
      const key = `${year}|${unit}|${unitId}|${a.region_code}|${a.course_id}`
      const u = units.get(key)
      if (u) u.value += a.value
      else units.set(key, { metric, year, unit, unit_id: unitId, region_code: a.region_code, course_id: a.course_id, value: a.value })
    }
  }
  return { daily: [...daily.values()], monthly: [...monthly.values()], units: [...units.values()] }
}

/** A metric's total over days [from, to], optionally for some regions. */
export async function metricTotal(db: Database, metric: MetricKey, range: { from: string; to: string; regionCodes?: string[] | null }): Promise<number> {
  let query = db
    .selectFrom('metric_rollups')
    .select((eb) => eb.fn.sum<number>('value').as('total'))
    .where('metric', '=', metric)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
  if (range.regionCodes) query = query.where('region_code', 'in', range.regionCodes.length ? range.regionCodes : [''])
  return Number((await query.executeTakeFirst())?.total ?? 0)
}
