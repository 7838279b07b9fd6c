import type { InsertObject } from 'kysely'
import type { Database } from '#db/client.server.ts'
import type { DB } from '#db/schema.ts'
import { refreshMetrics, type MetricKey } from '#app/modules/metrics/rollups.server.ts'
import type { Random } from './random.ts'
import type { ScaleSpec } from './scale.ts'

// How the simulation writes: a phase's rows in batches, one transaction per
// batch, and in that transaction refreshMetrics for the subjects the batch
// touched, exactly as the app's own events do. The rollup tables are never
// written here.

export const PHASES = ['schools', 'users', 'cohorts', 'enrolments', 'certificates', 'surveys', 'support', 'events', 'parent sessions'] as const
export type Phase = (typeof PHASES)[number]

export interface SimulationProgress {
  phase: Phase
  /** 1-based position of the phase in PHASES. */
  step: number
  steps: number
  done: number
  total: number
  elapsedMs: number
}

export interface SimContext {
  db: Database
  rng: Random
  spec: ScaleSpec
  /** The strategy's last day (day numbers count from 2025-01-01). */
  lastDay: number
  /** Nothing happens after this day ("today" of the simulation), nor after untilStamp. */
  untilDay: number
  untilStamp: string
  startedMs: number
  /** Time spent inside refreshMetrics, in all and by metric (with the subjects refreshed). */
  refreshMs: number
  refreshByMetric: Map<MetricKey, { ms: number; subjects: number }>
  /** Time spent writing each phase (its planning before that is not counted). */
  phaseMs: Map<Phase, number>
  onProgress?: (progress: SimulationProgress) => void
}

export function report(ctx: SimContext, phase: Phase, done: number, total: number): void {
  ctx.onProgress?.({ phase, step: PHASES.indexOf(phase) + 1, steps: PHASES.length, done, total, elapsedMs: performance.now() - ctx.startedMs })
}

// SQLite takes at most 32,766 bound values in a statement.
const MAX_VALUES = 30_000

/** Inserts rows with as few statements as the bound-value limit allows. */
export async function insertRows<T extends keyof DB & string>(trx: Database, table: T, rows: readonly InsertObject<DB, T>[]): Promise<void> {
  if (!rows.length) return
  const columns = Object.keys(rows[0]!).length
  const size = Math.max(1, Math.min(2_000, Math.floor(MAX_VALUES / columns)))
  for (let i = 0; i < rows.length; i += size)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute()
}

/** refreshMetrics, one metric at a time and timed: the simulation reports how much of its time goes there. */
export async function refresh(ctx: SimContext, trx: Database, metrics: readonly MetricKey[], subjectIds: readonly string[]): Promise<void> {
  const subjects = new Set(subjectIds).size
  for (const metric of metrics) {
    const started = performance.now()
    await refreshMetrics(trx, [metric], subjectIds)
    const ms = performance.now() - started
    ctx.refreshMs += ms
    const total = ctx.refreshByMetric.get(metric) ?? { ms: 0, subjects: 0 }
    ctx.refreshByMetric.set(metric, { ms: total.ms + ms, subjects: total.subjects + subjects })
  }
}

/**
 * Writes `items` in batches of `size`, each batch in its own transaction,
 * reporting progress after each.
 */
export async function inBatches<T>(
  ctx: SimContext,
  phase: Phase,
  items: readonly T[],
  size: number,
  write: (trx: Database, batch: readonly T[]) => Promise<void>,
): Promise<void> {
  const started = performance.now()
  report(ctx, phase, 0, items.length)
  for (let i = 0; i < items.length; i += size) {
    const batch = items.slice(i, i + size)
    await ctx.db.transaction().execute((trx) => write(trx, batch))
    report(ctx, phase, Math.min(items.length, i + size), items.length)
  }
  ctx.phaseMs.set(phase, (ctx.phaseMs.get(phase) ?? 0) + performance.now() - started)
}
