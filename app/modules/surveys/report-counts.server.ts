import { sql } from 'kysely'
import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import type { SurveyDefinition, SurveyPurpose } from './definition.ts'
import { allOf, assignmentScope, responseScope, type ReportFilter } from './report-filter.server.ts'
import type { Funnel } from './reports.server.ts'
import { versionDefinition } from './source.server.ts'

// How many were invited, started and completed (from the assignments) and how
// many responses there are, per survey within a filter: the survey list, and
// the counts at the top of a survey's report (reports.server.ts).

export async function funnels(db: Database, f: ReportFilter, surveyId?: string) {
  const scope = [...assignmentScope(f), ...(surveyId ? [sql`sa.survey_id = ${surveyId}`] : [])]
  const { rows } = await sql<{ survey_id: string; invited: number; started: number; completed: number }>`
    select sa.survey_id, count(*) as invited,
      sum(case when sa.status in ('started', 'submitted') then 1 else 0 end) as started,
      sum(case when sa.status = 'submitted' then 1 else 0 end) as completed
    from survey_assignments sa where ${allOf(scope)} group by sa.survey_id`.execute(db)
  return new Map(rows.map((r) => [r.survey_id, { invited: Number(r.invited), started: Number(r.started), completed: Number(r.completed) }]))
}

export async function responseCounts(db: Database, f: ReportFilter, surveyId?: string) {
  const scope = [...responseScope(f), ...(surveyId ? [sql`r.survey_id = ${surveyId}`] : [])]
  const { rows } = await sql<{ survey_id: string; n: number }>`
    select r.survey_id, count(*) as n from survey_responses r where ${allOf(scope)} group by r.survey_id`.execute(db)
  return new Map(rows.map((r) => [r.survey_id, Number(r.n)]))
}

const PURPOSE_ORDER: SurveyPurpose[] = ['pre', 'end', 'followup', 'parent-feedback']

export interface SurveyListRow extends Funnel {
  id: string
  title: SurveyDefinition['title']
  purpose: SurveyPurpose
  anonymous: boolean
  responses: number
}

/** Every published survey with its invitations and responses within the filter. */
export async function listSurveyStats(work: Work, f: ReportFilter): Promise<SurveyListRow[]> {
  const { db } = work
  const surveys = await db
    .selectFrom('surveys')
    .innerJoin('survey_versions as v', 'v.id', 'surveys.current_version_id')
    .select(['surveys.id', 'v.id as versionId', 'v.purpose', 'v.anonymous'])
    .execute()
  const [byFunnel, byResponses] = await Promise.all([funnels(db, f), responseCounts(db, f)])
  const rows: SurveyListRow[] = []
  for (const s of surveys) {
    const def = await versionDefinition(db, s.versionId)
    if (!def) continue
    const funnel = byFunnel.get(s.id) ?? { invited: 0, started: 0, completed: 0 }
    rows.push({ id: s.id, title: def.title, purpose: s.purpose, anonymous: s.anonymous === 1, ...funnel, responses: byResponses.get(s.id) ?? 0 })
  }
  return rows.sort((a, b) => PURPOSE_ORDER.indexOf(a.purpose) - PURPOSE_ORDER.indexOf(b.purpose) || a.id.localeCompare(b.id))
}
