import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { write, type Tx, type Work } from '#app/core/work.server.ts'
import { userSearchText } from '#app/modules/auth/users.server.ts'
import type { CourseManifest } from '#app/modules/content/manifest.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { RUNNER, yieldToServer } from '#app/modules/jobs/jobs.server.ts'
import { settleSinceCheck, type StagedRow } from './apply-settle.server.ts'
import { assignPreSurveys } from './pre-surveys.server.ts'
import { inviteAll, unusablePassword } from './invitations.server.ts'
import type { PlannedRow } from './roster-check.server.ts'

// Writing a checked roster in short steps that keep it all or nothing
// (ADR 025): its rows are staged (nothing a reader sees), one small update
// commits the import (the job's phase becomes `saving`), then the staged rows
// are applied and the new teachers invited a chunk at a time. Each step is
// one short transaction that also proves the job is still this process's, so
// a process that lost the job stops, and the one that resumed it carries on
// from the rows not yet marked applied.

/** Rows per staging transaction: 11 values a row, under SQLite's limit on bound variables. */
const STAGE_ROWS = 1_000
/**
 * Rows per applying transaction: each writes users, roles, enrolments and
 * surveys for them and refreshes the metrics they touch. On SQLite every
 * query of the process waits for the one connection while a transaction
 * holds it, so a step must stay far under 100 ms even on a busy machine.
 */
const APPLY_ROWS = 100
const INVITE_ROWS = 250
const CLEAN_ROWS = 5_000

export type Phase = 'reading' | 'checking' | 'staging' | 'saving' | 'inviting'

/**
 * Between two steps the job waits as long as its last step took (at most
 * 100 ms). On SQLite the one connection serves every request's queries in
 * turn, and a page's next query is queued only after its previous one
 * answered: yielding alone would let the next step take the connection
 * first every time, so a page of twenty queries would wait for twenty steps.
 */
async function pace(stepStarted: number): Promise<void> {
  await yieldToServer()
  await new Promise((resolve) => setTimeout(resolve, Math.min(100, performance.now() - stepStarted)))
}

/** The job was failed as interrupted, or another process took it over: this one stops. */
export class RosterLost extends Error {
  constructor(jobId: string) {
    super(`roster job ${jobId} is no longer this process's`)
  }
}

/** Records progress inside a step's transaction; throws RosterLost when the job is no longer ours. */
async function claim(db: Database, work: Work, jobId: string, set: { processed: number; total?: number; phase?: Phase; result?: string }): Promise<void> {
  const updated = await db
    .updateTable('jobs')
    .set({ ...set, heartbeat_at: work.now().toISOString() })
    .where('id', '=', jobId)
    .where('status', '=', 'running')
    .where('runner', '=', RUNNER)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) throw new RosterLost(jobId)
}

/** Stages the plan's rows, then commits the import with its counts as the outcome to be. */
export async function stageAndCommit(work: Work, jobId: string, plan: PlannedRow[], outcome: unknown): Promise<void> {
  for (let i = 0; i < plan.length; i += STAGE_ROWS) {
    const chunk = plan.slice(i, i + STAGE_ROWS)
    const started = performance.now()
    await write(work, async (tx) => {
      await tx.db
        .insertInto('roster_staging')
        .values(
          chunk.map((r) => ({
            job_id: jobId,
            line: r.line,
            user_id: r.userId,
            action: r.action,
            iin: r.iin,
            full_name: r.fullName,
            email: r.email,
            region_code: r.regionCode,
            school_id: r.schoolId,
            cohort_id: r.cohortId,
          })),
        )
        .execute()
      await claim(tx.db, work, jobId, { processed: i + chunk.length, total: plan.length, phase: 'staging' })
    })
    await pace(started)
  }
  // The commit point: from here the import is applied to the end, by this process or the one that resumes it.
  await write(work, (tx) => claim(tx.db, work, jobId, { processed: 0, total: plan.length, phase: 'saving', result: JSON.stringify(outcome) }))
}

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

interface CohortOfStage {
  id: string
  course_id: string
  region_code: string
  title: string
  starts_on: string
  ends_on: string
  manifest: CourseManifest | null
}

/** The cohorts the staged rows name, with their course's manifest (read once per run). */
async function stagedCohorts(work: Work, jobId: string): Promise<Map<string, CohortOfStage>> {
  const ids = await work.db.selectFrom('roster_staging').select('cohort_id').distinct().where('job_id', '=', jobId).where('cohort_id', 'is not', null).execute()
  const cohorts = new Map<string, CohortOfStage>()
  for (const { cohort_id } of ids) {
    const c = await work.db
      .selectFrom('cohorts')
      .select(['id', 'course_id', 'course_version_id', 'region_code', 'title', 'starts_on', 'ends_on'])
      .where('id', '=', cohort_id!)
      .executeTakeFirstOrThrow()
    cohorts.set(c.id, { ...c, manifest: await versionManifest(work.db, c.course_version_id) })
  }
  return cohorts
}

/** Applies the staged rows not applied yet, APPLY_ROWS per transaction; `processed` counts applied rows. */
export async function applyStaged(work: Work, jobId: string, actorId: string | null): Promise<void> {
  const cohorts = await stagedCohorts(work, jobId)
  let applied = Number(
    (
      await work.db
        .selectFrom('roster_staging')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('job_id', '=', jobId)
        .where('applied', '=', 1)
        .executeTakeFirstOrThrow()
    ).n,
  )
  for (;;) {
    const started = performance.now()
    const chunk = await work.db
      .selectFrom('roster_staging')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('applied', '=', 0)
      .orderBy('line')
      .limit(APPLY_ROWS)
      .execute()
    if (chunk.length === 0) return
    await write(work, async (tx) => {
      const settled = await settleSinceCheck(tx, jobId, chunk, (cohortId) => cohorts.get(cohortId)!.course_id)
      await applyChunk(tx, settled, cohorts, actorId)
      await tx.db
        .updateTable('roster_staging')
        .set({ applied: 1 })
        .where('job_id', '=', jobId)
        .where('line', '>=', chunk[0]!.line)
        .where('line', '<=', chunk.at(-1)!.line)
        .execute()
      applied += chunk.length
      await claim(tx.db, work, jobId, { processed: applied, phase: 'saving' })
    })
    await pace(started)
  }
}

async function applyChunk(tx: Tx, chunk: StagedRow[], cohorts: Map<string, CohortOfStage>, actorId: string | null): Promise<void> {
  const stamp = tx.work.now().toISOString()
  const fresh = chunk.filter((r) => r.action === 'create')
  if (fresh.length) {
    await tx.db
      .insertInto('users')
      .values(
        fresh.map((r) => ({
          id: r.user_id,
          email: r.email,
          iin: r.iin,
          full_name: r.full_name,
          search_text: userSearchText(r.full_name, r.email, r.iin),
          phone: null,
          region_code: r.region_code,
          school_id: r.school_id,
          password_hash: unusablePassword(),
          locale: 'kk' as const,
          is_active: 1,
          is_demo: 0,
          created_at: stamp,
          updated_at: stamp,
          deactivated_at: null,
        })),
      )
      .execute()
    await tx.db
      .insertInto('user_roles')
      .values(
        fresh.map((r) => ({
          id: newId(),
          user_id: r.user_id,
          role: 'teacher' as const,
          scope: '',
          region_code: null,
          school_id: null,
          granted_by: actorId,
          granted_at: stamp,
        })),
      )
      .execute()
    tx.emit({ type: 'user.registered', userIds: fresh.map((r) => r.user_id) })
  }
  for (const r of chunk.filter((row) => row.action === 'update')) {
    await tx.db
      .updateTable('users')
      .set({
        full_name: r.full_name,
        school_id: r.school_id,
        region_code: r.region_code,
        search_text: userSearchText(r.full_name, r.email, r.iin),
        updated_at: stamp,
      })
      .where('id', '=', r.user_id)
      .execute()
  }
  const enrolling = chunk.filter((r) => r.cohort_id !== null)
  if (enrolling.length === 0) return
  const enrolments = enrolling.map((r) => {
    const cohort = cohorts.get(r.cohort_id!)!
    return {
      id: newId(),
      cohort_id: cohort.id,
      course_id: cohort.course_id,
      user_id: r.user_id,
      status: 'active' as const,
      source: 'import' as const,
      lessons_done: 0,
      lessons_total: cohort.manifest ? flatLessons(cohort.manifest).length : 0,
      last_module_id: null,
      last_lesson_id: null,
      final_score: null,
      enrolled_at: stamp,
      started_at: null,
      last_activity_at: null,
      completed_at: null,
      ended_at: null,
    }
  })
  await tx.db.insertInto('enrolments').values(enrolments).execute()
  await assignPreSurveys(tx, enrolments, cohorts)
  tx.emit({ type: 'enrolment.created', enrolmentIds: enrolments.map((e) => e.id) })
}

/** Enqueues the invitations of the applied new teachers not invited yet; `processed` counts invited ones. */
export async function inviteStaged(work: Work, jobId: string): Promise<void> {
  const cohorts = await stagedCohorts(work, jobId)
  const courseTitles = new Map([...cohorts.values()].map((c) => [c.id, c.manifest?.title.kk ?? c.course_id]))
  const count = (invited: number) =>
    work.db
      .selectFrom('roster_staging')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .where('action', '=', 'create')
      .where('invited', '=', invited)
      .executeTakeFirstOrThrow()
  let invited = Number((await count(1)).n)
  const total = invited + Number((await count(0)).n)
  await write(work, (tx) => claim(tx.db, work, jobId, { processed: invited, total, phase: 'inviting' }))
  for (;;) {
    const started = performance.now()
    const chunk = await work.db
      .selectFrom('roster_staging')
      .select(['line', 'user_id', 'email', 'full_name', 'cohort_id'])
      .where('job_id', '=', jobId)
      .where('action', '=', 'create')
      .where('invited', '=', 0)
      .orderBy('line')
      .limit(INVITE_ROWS)
      .execute()
    if (chunk.length === 0) return
    await write(work, async (tx) => {
      const invitees = chunk.map((r) => {
        const cohort = cohorts.get(r.cohort_id!)!
        return { userId: r.user_id, email: r.email, fullName: r.full_name, course: courseTitles.get(cohort.id)!, cohort }
      })
      await inviteAll(tx.db, invitees, tx.work.now())
      await tx.db
        .updateTable('roster_staging')
        .set({ invited: 1 })
        .where('job_id', '=', jobId)
        .where('action', '=', 'create')
        .where('line', '>=', chunk[0]!.line)
        .where('line', '<=', chunk.at(-1)!.line)
        .execute()
      invited += chunk.length
      await claim(tx.db, work, jobId, { processed: invited, phase: 'inviting' })
    })
    await pace(started)
  }
}
