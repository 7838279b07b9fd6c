import { sql } from 'kysely'
import { z } from 'zod'
import { dialectOf, type Database } from '#db/client.server.ts'
import type { DB } from '#db/schema.ts'
import { FUNNEL_KEYS, type FunnelKey } from '#app/modules/metrics/keys.ts'
import { metricTotal, type MetricKey } from '#app/modules/metrics/rollups.server.ts'
import type { IndicatorKey } from '#app/modules/metrics/keys.ts'
import { INDICATORS } from '#app/modules/dashboard/targets.server.ts'
import type { Phase, SimContext, SimulationProgress } from './batches.server.ts'
import { dayNumber, stampAt } from './calendar.ts'
import { writeCertificates } from './certificates.server.ts'
import { writeEvents } from './events.server.ts'
import { SIM_EMAIL_DOMAIN, planLearning, planTrainers } from './learning-plan.ts'
import { loadCourses, writeCohorts, writeEnrolments } from './learning.server.ts'
import { writeParentSessions } from './parents.server.ts'
import { Random } from './random.ts'
import { SCALES, strategyYears, type ScaleName } from './scale.ts'
import { createSchools } from './schools.server.ts'
import { writeSupport } from './support.server.ts'
import { writeSurveys } from './surveys.server.ts'
import { writeUsers } from './users.server.ts'

// `npm run simulate`: a synthetic but realistic Өркен Academy over the
// strategy's years, for the targets dashboard and its benchmark. Schools,
// teachers and trainers, cohorts, enrolments with drop-outs, certificates,
// monitoring surveys, post-course support, wellbeing events and parent
// sessions are planned in memory from a seed, then written phase by phase in
// batches; every batch refreshes the metrics of what it touched, in its own
// transaction, the way the app's events do. Simulated rows are recognisable:
// schools `sim-*`, accounts `*@sim.orken.kz`, and everything hangs off them.

export type { SimulationProgress } from './batches.server.ts'
export type { ScaleName } from './scale.ts'
export { SCALE_NAMES } from './scale.ts'

export interface SimulateOptions {
  scale: ScaleName
  seed: string
  /** YYYY-MM-DD: the simulation's "today"; nothing later is written. Defaults to the strategy's last day. */
  until?: string
  /** Run even though the database holds real (not simulated, not demo) teachers. */
  force?: boolean
  onProgress?: (progress: SimulationProgress) => void
}

export interface SimulationSummary {
  scale: ScaleName
  seed: string
  until: string
  elapsedMs: number
  /** Of elapsedMs, the time inside refreshMetrics, and by metric with the subjects it was called for. */
  refreshMs: number
  refreshByMetric: { metric: MetricKey; ms: number; subjects: number }[]
  /** Time spent writing each phase, refreshMetrics included. */
  phases: { phase: Phase; ms: number }[]
  rows: { table: keyof DB; count: number }[]
  indicators: { key: IndicatorKey; byYear: { year: number; value: number; target: number | null }[] }[]
  funnel: { key: FunnelKey; value: number }[]
}

/** Why the simulation will not run on a database. */
export class SimulationRefused extends Error {}

const SETTING = 'simulation'

/** What a database holds that the simulation must not run over. */
export async function inspectTarget(db: Database): Promise<{ previousRun: string | null; simulatedUsers: number; realTeachers: number }> {
  const setting = await db.selectFrom('app_settings').select('value').where('key', '=', SETTING).executeTakeFirst()
  const simulated = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', 'like', `%@${SIM_EMAIL_DOMAIN}`)
    .executeTakeFirstOrThrow()
  const schools = await db.selectFrom('schools').select('id').where('id', 'like', 'sim-%').limit(1).executeTakeFirst()
  const real = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select((eb) => eb.fn.count<number>('users.id').distinct().as('n'))
    .where('user_roles.role', '=', 'teacher')
    .where('users.is_demo', '=', 0)
    .where('users.email', 'not like', `%@${SIM_EMAIL_DOMAIN}`)
    .executeTakeFirstOrThrow()
  const simulatedUsers = Number(simulated.n)
  const previousRun = setting ? describeRun(setting.value) : simulatedUsers || schools ? 'from a run that did not finish' : null
  return { previousRun, simulatedUsers, realTeachers: Number(real.n) }
}

const RunRecordSchema = z.object({ scale: z.string(), seed: z.string(), until: z.string(), finishedAt: z.string() })

function describeRun(value: string): string {
  let json: unknown = null
  try {
    json = JSON.parse(value)
  } catch {
    // An unreadable record still means a run happened.
  }
  const run = RunRecordSchema.safeParse(json)
  return run.success
    ? `the ${run.data.scale} scale, seed "${run.data.seed}", until ${run.data.until}, finished ${run.data.finishedAt.slice(0, 10)}`
    : 'from an earlier run'
}

const COUNTED_TABLES: (keyof DB)[] = [
  'regions',
  'schools',
  'parent_centres',
  'users',
  'user_roles',
  'cohorts',
  'enrolments',
  'certificates',
  'certificate_counters',
  'survey_assignments',
  'survey_responses',
  'survey_answers',
  'support_activities',
  'support_participants',
  'wellbeing_events',
  'event_participants',
  'parent_sessions',
  'metric_subjects',
  'metric_rollups',
  'metric_unit_rollups',
]

/**
 * Fills the database with a simulated world (see the module comment). Refuses
 * (SimulationRefused) a database already simulated, and one with real
 * teachers unless `force`. Needs the regions and the published content (the
 * start-up preparation).
 */
export async function simulate(db: Database, options: SimulateOptions): Promise<SimulationSummary> {
  const years = strategyYears()
  const lastDay = dayNumber(`${years.at(-1)}-12-31`)
  const until = options.until ?? `${years.at(-1)}-12-31`
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until)) || until < `${years[0]}-01-01` || until > `${years.at(-1)}-12-31`) {
    throw new SimulationRefused(`--until must be a date from ${years[0]}-01-01 to ${years.at(-1)}-12-31 (got ${until}).`)
  }
  const target = await inspectTarget(db)
  if (target.previousRun) {
    throw new SimulationRefused(`This database already holds simulated data (${target.previousRun}). Simulate into a new database file instead.`)
  }
  if (target.realTeachers && !options.force) {
    throw new SimulationRefused(
      `This database holds ${target.realTeachers} real teacher account(s); refusing to mix simulated data in. Pass --force to do it anyway.`,
    )
  }

  const untilDay = dayNumber(until)
  const ctx: SimContext = {
    db,
    rng: new Random(options.seed),
    spec: SCALES[options.scale],
    lastDay,
    untilDay,
    untilStamp: stampAt(untilDay, 24 * 60 - 1),
    startedMs: performance.now(),
    refreshMs: 0,
    refreshByMetric: new Map(),
    phaseMs: new Map(),
    onProgress: options.onProgress,
  }
  // The metric tables and their indexes soon outgrow SQLite's default 2 MB page cache; 256 MB for this connection.
  if (dialectOf(db) === 'sqlite') await sql`pragma cache_size = -262144`.execute(db)

  const regions = await createSchools(ctx)
  const courses = await loadCourses(db)
  const takenIins = new Set((await db.selectFrom('users').select('iin').where('iin', 'is not', null).execute()).map((u) => u.iin!))
  const planRng = ctx.rng.fork('plan')
  const trainers = planTrainers(planRng, ctx.spec, regions, takenIins)
  const plan = planLearning({ rng: planRng, spec: ctx.spec, regions, courses, trainers, lastDay, takenIins })

  await writeUsers(ctx, ctx.rng.fork('users'), [...trainers, ...plan.users])
  await writeCohorts(ctx, plan.cohorts)
  const enrolments = await writeEnrolments(ctx, ctx.rng.fork('enrolments'), plan.enrolments)
  await writeCertificates(ctx, ctx.rng.fork('certificates'), enrolments)
  await writeSurveys(ctx, ctx.rng.fork('surveys'), enrolments)
  await writeSupport(ctx, ctx.rng.fork('support'), enrolments)
  await writeEvents(ctx, ctx.rng.fork('events'), regions, plan.users, trainers)
  await writeParentSessions(ctx, ctx.rng.fork('parents'), regions)

  const elapsedMs = performance.now() - ctx.startedMs
  const record = { scale: options.scale, seed: options.seed, until, finishedAt: new Date().toISOString(), seconds: Math.round(elapsedMs / 1000) }
  await db
    .insertInto('app_settings')
    .values({ key: SETTING, value: JSON.stringify(record) })
    .execute()
  return {
    scale: options.scale,
    seed: options.seed,
    until,
    elapsedMs,
    refreshMs: ctx.refreshMs,
    refreshByMetric: [...ctx.refreshByMetric].map(([metric, t]) => ({ metric, ...t })),
    phases: [...ctx.phaseMs].map(([phase, ms]) => ({ phase, ms })),
    ...(await summarise(db, years)),
  }
}

async function summarise(db: Database, years: number[]): Promise<Pick<SimulationSummary, 'rows' | 'indicators' | 'funnel'>> {
  const rows = []
  for (const table of COUNTED_TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    rows.push({ table, count: Number(row.n) })
  }
  const targets = await db.selectFrom('metric_targets').select(['metric', 'year', 'value']).execute()
  const indicators = []
  for (const { key } of INDICATORS) {
    const byYear = []
    for (const year of years) {
      const value = await metricTotal(db, key, { from: '0000-01-01', to: `${year}-12-31` })
      byYear.push({ year, value, target: targets.find((t) => t.metric === key && t.year === year)?.value ?? null })
    }
    indicators.push({ key, byYear })
  }
  const funnel = []
  for (const key of FUNNEL_KEYS) funnel.push({ key, value: await metricTotal(db, key, { from: '0000-01-01', to: '9999-12-31' }) })
  return { rows, indicators, funnel }
}
