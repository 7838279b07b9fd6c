import type { RosterStagingTable } from '#db/schema.ts'
import { idRun } from '#db/ids.server.ts'
import { insertRows } from '#db/insert-rows.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { userSearchText } from '#app/modules/auth/users.server.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'
import { unusablePassword } from '#app/modules/auth/invitation.server.ts'
import { claim, pace } from './steps.server.ts'
import type { PlannedRow } from './roster-check.server.ts'

// Staging a checked roster (ADR 025): every value its rows will need once
// applied is worked out here, so that applying a range of lines is a handful
// of INSERT … SELECT statements with no per-row work in between.

/** Rows per staging transaction: 19 values a row, well under SQLite's limit on bound variables. */
const STAGE_ROWS = 1_000

interface CohortFacts {
  lessonsTotal: number
  survey: { id: string; versionId: string } | null
}

/** What enrolling in each of the plan's cohorts needs: its course's lesson count and pre-course survey. */
async function cohortFacts(work: Work, plan: readonly PlannedRow[]): Promise<Map<string, CohortFacts>> {
  const ids = [...new Set(plan.flatMap((r) => (r.cohortId ? [r.cohortId] : [])))]
  const facts = new Map<string, CohortFacts>()
  for (const id of ids) {
    const cohort = await work.db.selectFrom('cohorts').select('course_version_id').where('id', '=', id).executeTakeFirstOrThrow()
    const manifest = await versionManifest(work.db, cohort.course_version_id)
    const slug = manifest?.surveys?.pre
    const survey = slug ? await work.db.selectFrom('surveys').select('current_version_id').where('id', '=', slug).executeTakeFirst() : undefined
    facts.set(id, {
      lessonsTotal: manifest ? flatLessons(manifest).length : 0,
      survey: slug && survey?.current_version_id ? { id: slug, versionId: survey.current_version_id } : null,
    })
  }
  return facts
}

/** Ids of the rows an import makes, each kind in line order (see idRun). */
interface RowIds {
  role: (line: number) => string
  enrolment: (line: number) => string
  assignment: (line: number) => string
}

function stagedRow(jobId: string, r: PlannedRow, facts: Map<string, CohortFacts>, ids: RowIds): RosterStagingTable {
  const creating = r.action === 'create'
  const cohort = r.cohortId ? facts.get(r.cohortId)! : null
  return {
    job_id: jobId,
    line: r.line,
    user_id: r.userId,
    action: r.action,
    iin: r.iin,
    full_name: r.fullName,
    email: r.email,
    region_code: r.regionCode,
    school_id: r.schoolId,
    search_text: userSearchText(r.fullName, r.email, r.iin),
    password_hash: creating ? unusablePassword() : null,
    role_id: creating ? ids.role(r.line) : null,
    cohort_id: r.cohortId,
    enrolment_id: cohort ? ids.enrolment(r.line) : null,
    lessons_total: cohort ? cohort.lessonsTotal : null,
    survey_id: cohort?.survey?.id ?? null,
    survey_version_id: cohort?.survey?.versionId ?? null,
    assignment_id: cohort?.survey ? ids.assignment(r.line) : null,
  }
}

const STAGED_COLUMNS = [
  'job_id',
  'line',
  'user_id',
  'action',
  'iin',
  'full_name',
  'email',
  'region_code',
  'school_id',
  'search_text',
  'password_hash',
  'role_id',
  'cohort_id',
  'enrolment_id',
  'lessons_total',
  'survey_id',
  'survey_version_id',
  'assignment_id',
] as const satisfies readonly (keyof RosterStagingTable)[]

/** Stages the plan's rows, then commits the import with its counts as the outcome to be. */
export async function stageAndCommit(work: Work, jobId: string, plan: PlannedRow[], outcome: unknown): Promise<void> {
  const facts = await cohortFacts(work, plan)
  const ids: RowIds = { role: idRun(), enrolment: idRun(), assignment: idRun() }
  for (let i = 0; i < plan.length; i += STAGE_ROWS) {
    const rows = plan.slice(i, i + STAGE_ROWS).map((r) => {
      const row = stagedRow(jobId, r, facts, ids)
      return STAGED_COLUMNS.map((column) => row[column])
    })
    const started = performance.now()
    await write(work, async (tx) => {
      await insertRows(tx.db, 'roster_staging', STAGED_COLUMNS, rows)
      await claim(tx.db, work, jobId, { processed: i + rows.length, total: plan.length, phase: 'staging' })
    })
    await pace(started)
  }
  // The commit point: from here the import is applied to the end, by this process or the one that resumes it.
  await write(work, (tx) => claim(tx.db, work, jobId, { processed: 0, total: plan.length, phase: 'saving', cursor: 0, result: JSON.stringify(outcome) }))
}

const CLEAN_ROWS = 5_000

/** Drops a job's staged rows, a slice at a time. */
export async function dropStaged(work: Work, jobId: string): Promise<void> {
  for (;;) {
    const last = await work.db
      .selectFrom('roster_staging')
      .select('line')
      .where('job_id', '=', jobId)
      .orderBy('line')
      .offset(CLEAN_ROWS - 1)
      .limit(1)
      .executeTakeFirst()
    let q = work.db.deleteFrom('roster_staging').where('job_id', '=', jobId)
    if (last) q = q.where('line', '<=', last.line)
    await q.execute()
    if (!last) return
    await yieldToServer()
  }
}
