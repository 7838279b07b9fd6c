import { sql, type RawBuilder } from 'kysely'
import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import { surveyItems, type SurveyDefinition, type SurveyItem, type SurveyPurpose } from './definition.ts'
import { allOf, responseScope, type ReportFilter } from './report-filter.server.ts'
import { funnels, responseCounts } from './report-counts.server.ts'
import { stageOrder } from './report-tables.server.ts'
import { versionDefinition } from './source.server.ts'

// Survey reports: response rates from the assignments (an anonymous response
// carries no link to one), answer distributions, item and scale means from the
// responses, and change per scale between the pre, end and follow-up stages.
// Aggregates are computed in SQL; JavaScript only takes square roots and
// divides. No group of fewer than MIN_GROUP responses is ever shown. The
// filters (and their SQL conditions): report-filter.server.ts; the export
// tables: report-tables.server.ts; the invitation and response counts and the
// survey list: report-counts.server.ts.

/** The smallest group whose results are shown: below it, answers could point at a person. */
export const MIN_GROUP = 5

export type Guarded<T> = { hidden: true } | ({ hidden: false } & T)

export interface Funnel {
  invited: number
  started: number
  completed: number
}

export interface Bucket {
  /** The option id, or the value ('1'…'5', '0'…'10'). */
  key: string
  count: number
  /** Of the item's respondents (for multiple choice the shares add up to more than 1). */
  share: number
}

export interface ItemResult {
  id: string
  questionId: string
  type: SurveyItem['type']
  result: Guarded<{ n: number; buckets: Bucket[]; mean: number | null; sd: number | null }>
}

export interface ScaleResult {
  id: string
  title: SurveyDefinition['title']
  items: string[]
  reverse: string[]
  result: Guarded<{ n: number; mean: number; sd: number | null }>
}

export interface ChangeResult {
  scaleId: string
  from: string
  to: string
  /** paired: the same enrolments at both stages; groups: a stage is anonymous, so group means. */
  method: 'paired' | 'groups'
  result: Guarded<{ n: number; nFrom: number; nTo: number; meanFrom: number; meanTo: number; diff: number; d: number | null }>
}

export interface SurveyReport {
  survey: { id: string; title: SurveyDefinition['title']; purpose: SurveyPurpose; anonymous: boolean }
  definition: SurveyDefinition
  funnel: Funnel
  responses: number
  items: ItemResult[]
  scales: ScaleResult[]
  changes: ChangeResult[]
}

const sdOf = (variance: number | null) => (variance === null ? null : Math.sqrt(Math.max(0, Number(variance))))
const numOrNull = (value: number | null) => (value === null ? null : Number(value))

function bucketKeys(item: SurveyItem): string[] {
  if (item.type === 'likert') return ['1', '2', '3', '4', '5']
  if (item.type === 'scale10') return Array.from({ length: 11 }, (_, i) => String(i))
  if (item.question.type === 'single' || item.question.type === 'multiple') return item.question.options.map((o) => o.id)
  return []
}

async function itemResults(db: Database, surveyId: string, def: SurveyDefinition, f: ReportFilter): Promise<ItemResult[]> {
  const scope = allOf([sql`r.survey_id = ${surveyId}`, ...responseScope(f)])
  const [stats, buckets] = await Promise.all([
    sql<{ item_id: string; n: number; mean: number | null; variance: number | null }>`
      with ans as (
        select a.item_id, a.response_id, a.value_num from survey_answers a join survey_responses r on r.id = a.response_id
        where ${scope} and (a.value_num is not null or a.option_id is not null or coalesce(a.value_text, '') <> '')
      ),
      m as (select item_id, count(distinct response_id) as n, count(value_num) as k, avg(value_num) as mean from ans group by item_id)
      select m.item_id, m.n, m.mean, sum((ans.value_num - m.mean) * (ans.value_num - m.mean)) / nullif(m.k - 1, 0) as variance
      from m join ans on ans.item_id = m.item_id
      group by m.item_id, m.n, m.k, m.mean`.execute(db),
    sql<{ item_id: string; option_id: string | null; value_num: number | null; n: number }>`
      select a.item_id, a.option_id, a.value_num, count(distinct a.response_id) as n
      from survey_answers a join survey_responses r on r.id = a.response_id
      where ${scope} and (a.option_id is not null or a.value_num is not null)
      group by a.item_id, a.option_id, a.value_num`.execute(db),
  ])
  const statsOf = new Map(stats.rows.map((r) => [r.item_id, r]))
  const counts = new Map(buckets.rows.map((r) => [`${r.item_id}\u0000${r.option_id ?? String(Number(r.value_num))}`, Number(r.n)]))
  return surveyItems(def).map((item): ItemResult => {
    const s = statsOf.get(item.id)
    const n = Number(s?.n ?? 0)
    const base = { id: item.id, questionId: item.question.id, type: item.type }
    if (n < MIN_GROUP) return { ...base, result: { hidden: true } }
    const numeric = item.type === 'likert' || item.type === 'scale10'
    return {
      ...base,
      result: {
        hidden: false,
        n,
        buckets: bucketKeys(item).map((key) => {
          const count = counts.get(`${item.id}\u0000${key}`) ?? 0
          return { key, count, share: count / n }
        }),
        mean: numeric ? numOrNull(s?.mean ?? null) : null,
        sd: numeric ? sdOf(s?.variance ?? null) : null,
      },
    }
  })
}

interface ScaleItemRow {
  versionId: string
  scaleId: string
  itemId: string
  reverse: number
  anonymous: number
}

/** Each response's score on each scale: the mean of its items, reverse items scored 6 − x. */
function scoresCte(scaleItems: ScaleItemRow[], scope: RawBuilder<unknown>) {
  const values = sql.join(
    scaleItems.map((s) => sql`(${s.versionId}, ${s.scaleId}, ${s.itemId}, cast(${s.reverse} as integer), cast(${s.anonymous} as integer))`),
  )
  return sql`scale_items (version_id, scale_id, item_id, rev, anon) as (values ${values}),
    scores as (
      select r.id as response_id, r.schedule_key, r.enrolment_id, si.scale_id, max(si.anon) as anon,
        avg(case when si.rev = 1 then 6 - a.value_num else a.value_num end) as score
      from survey_responses r
      join survey_answers a on a.response_id = r.id
      join scale_items si on si.version_id = r.survey_version_id and si.item_id = a.item_id
      where ${scope} and a.value_num is not null
      group by r.id, r.schedule_key, r.enrolment_id, si.scale_id
    )`
}

type Stats = { n: number; mean: number; variance: number | null; anon: number }

async function scaleStats(db: Database, scaleItems: ScaleItemRow[], scope: RawBuilder<unknown>, byStage: boolean) {
  const stage = byStage ? sql`schedule_key` : sql`'all'`
  const { rows } = await sql<{ stage: string; scale_id: string; n: number; mean: number; anon: number; variance: number | null }>`
    with ${scoresCte(scaleItems, scope)},
    g as (select ${stage} as stage, scale_id, score, anon from scores),
    m as (select stage, scale_id, count(*) as n, avg(score) as mean, max(anon) as anon from g group by stage, scale_id)
    select m.stage, m.scale_id, m.n, m.mean, m.anon, sum((g.score - m.mean) * (g.score - m.mean)) / nullif(m.n - 1, 0) as variance
    from m join g on g.stage = m.stage and g.scale_id = m.scale_id
    group by m.stage, m.scale_id, m.n, m.mean, m.anon`.execute(db)
  return new Map(
    rows.map((r): [string, Stats] => [
      `${r.stage}\u0000${r.scale_id}`,
      { n: Number(r.n), mean: Number(r.mean), variance: numOrNull(r.variance), anon: Number(r.anon) },
    ]),
  )
}

/** Differences between stages for the same enrolment (non-anonymous stages only). */
async function pairedStats(db: Database, scaleItems: ScaleItemRow[], scope: RawBuilder<unknown>) {
  const { rows } = await sql<{
    scale_id: string
    from_key: string
    to_key: string
    n: number
    from_mean: number
    to_mean: number
    mean_diff: number
    variance: number | null
  }>`
    with ${scoresCte(scaleItems, scope)},
    e as (select enrolment_id, schedule_key, scale_id, avg(score) as score from scores where enrolment_id is not null group by enrolment_id, schedule_key, scale_id),
    p as (
      select x.scale_id, x.schedule_key as from_key, y.schedule_key as to_key, x.score as from_score, y.score as to_score, y.score - x.score as diff
      from e x join e y on y.enrolment_id = x.enrolment_id and y.scale_id = x.scale_id and y.schedule_key <> x.schedule_key
    ),
    m as (select scale_id, from_key, to_key, count(*) as n, avg(from_score) as from_mean, avg(to_score) as to_mean, avg(diff) as mean_diff from p group by scale_id, from_key, to_key)
    select m.scale_id, m.from_key, m.to_key, m.n, m.from_mean, m.to_mean, m.mean_diff,
      sum((p.diff - m.mean_diff) * (p.diff - m.mean_diff)) / nullif(m.n - 1, 0) as variance
    from m join p on p.scale_id = m.scale_id and p.from_key = m.from_key and p.to_key = m.to_key
    group by m.scale_id, m.from_key, m.to_key, m.n, m.from_mean, m.to_mean, m.mean_diff`.execute(db)
  return new Map(rows.map((r) => [`${r.scale_id}\u0000${r.from_key}\u0000${r.to_key}`, r]))
}

const STAGED: SurveyPurpose[] = ['pre', 'end', 'followup']

function changeResults(scales: ScaleResult[], stages: Map<string, Stats>, pairs: Awaited<ReturnType<typeof pairedStats>>): ChangeResult[] {
  const keys = [...new Set([...stages.keys()].map((k) => k.split('\u0000')[0]!))].sort((a, b) => stageOrder(a) - stageOrder(b))
  const changes: ChangeResult[] = []
  for (const scale of scales) {
    keys.forEach((from, i) => {
      for (const to of keys.slice(i + 1)) {
        const a = stages.get(`${from}\u0000${scale.id}`)
        const b = stages.get(`${to}\u0000${scale.id}`)
        if (!a || !b) continue
        if (!a.anon && !b.anon) {
          const p = pairs.get(`${scale.id}\u0000${from}\u0000${to}`)
          const n = Number(p?.n ?? 0)
          if (!p || n < MIN_GROUP) {
            changes.push({ scaleId: scale.id, from, to, method: 'paired', result: { hidden: true } })
            continue
          }
          const diff = Number(p.mean_diff)
          const sd = sdOf(p.variance)
          changes.push({
            scaleId: scale.id,
            from,
            to,
            method: 'paired',
            result: { hidden: false, n, nFrom: n, nTo: n, meanFrom: Number(p.from_mean), meanTo: Number(p.to_mean), diff, d: sd ? diff / sd : null },
          })
          continue
        }
        if (a.n < MIN_GROUP || b.n < MIN_GROUP) {
          changes.push({ scaleId: scale.id, from, to, method: 'groups', result: { hidden: true } })
          continue
        }
        const pooled = a.variance === null || b.variance === null ? null : Math.sqrt(((a.n - 1) * a.variance + (b.n - 1) * b.variance) / (a.n + b.n - 2))
        const diff = b.mean - a.mean
        changes.push({
          scaleId: scale.id,
          from,
          to,
          method: 'groups',
          result: { hidden: false, n: a.n + b.n, nFrom: a.n, nTo: b.n, meanFrom: a.mean, meanTo: b.mean, diff, d: pooled ? diff / pooled : null },
        })
      }
    })
  }
  return changes
}

/** The whole report of one survey within a filter; null when there is no such survey. */
export async function getSurveyReport(work: Work, surveyId: string, f: ReportFilter): Promise<SurveyReport | null> {
  const { db } = work
  const survey = await db
    .selectFrom('surveys')
    .innerJoin('survey_versions as v', 'v.id', 'surveys.current_version_id')
    .select(['surveys.id', 'v.id as versionId', 'v.purpose', 'v.anonymous'])
    .where('surveys.id', '=', surveyId)
    .executeTakeFirst()
  const def = survey && (await versionDefinition(db, survey.versionId))
  if (!survey || !def) return null

  const [funnel, responses, items] = await Promise.all([
    funnels(db, f, surveyId).then((m) => m.get(surveyId) ?? { invited: 0, started: 0, completed: 0 }),
    responseCounts(db, f, surveyId).then((m) => m.get(surveyId) ?? 0),
    itemResults(db, surveyId, def, f),
  ])

  // Scales are matched by id across this survey's versions and, for change,
  // across every pre, end and follow-up survey.
  const scaleIds = new Set((def.scales ?? []).map((s) => s.id))
  const versions = scaleIds.size
    ? await db
        .selectFrom('survey_versions')
        .select(['id', 'survey_id', 'purpose', 'anonymous'])
        .where((eb) => eb.or([eb('survey_id', '=', surveyId), eb('purpose', 'in', STAGED)]))
        .execute()
    : []
  const own: ScaleItemRow[] = []
  const staged: ScaleItemRow[] = []
  for (const v of versions) {
    const vdef = await versionDefinition(db, v.id)
    for (const scale of vdef?.scales ?? []) {
      if (!scaleIds.has(scale.id)) continue
      for (const itemId of scale.items) {
        const row = { versionId: v.id, scaleId: scale.id, itemId, reverse: scale.reverse?.includes(itemId) ? 1 : 0, anonymous: v.anonymous }
        if (v.survey_id === surveyId) own.push(row)
        if (STAGED.includes(v.purpose)) staged.push(row)
      }
    }
  }

  let scales: ScaleResult[] = []
  let changes: ChangeResult[] = []
  if (own.length) {
    const ownStats = await scaleStats(db, own, allOf([sql`r.survey_id = ${surveyId}`, ...responseScope(f)]), false)
    scales = (def.scales ?? []).map((s): ScaleResult => {
      const st = ownStats.get(`all\u0000${s.id}`)
      const result = st && st.n >= MIN_GROUP ? { hidden: false as const, n: st.n, mean: st.mean, sd: sdOf(st.variance) } : { hidden: true as const }
      return { id: s.id, title: s.title, items: s.items, reverse: s.reverse ?? [], result }
    })
  }
  if (staged.length && STAGED.includes(survey.purpose)) {
    const scope = allOf([sql`r.purpose in (${sql.join(STAGED)})`, ...responseScope(f)])
    const [stages, pairs] = await Promise.all([scaleStats(db, staged, scope, true), pairedStats(db, staged, scope)])
    changes = changeResults(scales, stages, pairs)
  }

  return {
    survey: { id: survey.id, title: def.title, purpose: survey.purpose, anonymous: survey.anonymous === 1 },
    definition: def,
    funnel,
    responses,
    items,
    scales,
    changes,
  }
}
