import { sql } from 'kysely'
import { write, type Tx, type Work } from '#app/core/work.server.ts'
import type { CourseManifest } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { settleSinceCheck, type StagedRow } from './apply-settle.server.ts'
import { inviteAll } from './invitations.server.ts'
import { claim, pace } from './steps.server.ts'

// Applying a committed roster (ADR 025), a range of staged lines per step:
// the rows are settled against what changed since the checks, then copied
// into users, roles, enrolments and survey assignments by INSERT … SELECT,
// and the job's cursor moves past the range in the same transaction. The
// new teachers are invited the same way, a range at a time, once all are
// saved. A process that resumes the job carries on from the cursor.

/**
 * Lines per applying step: a step writes about five rows a line and refreshes
 * the metrics they touch; on SQLite every query of the process waits for the
 * one connection while it runs, so it must stay far under 100 ms.
 */
const APPLY_ROWS = 500
/** Lines per inviting step: a token and a mail (about 1 KB of text) each. */
const INVITE_ROWS = 500

const text = (value: string) => sql<string>`cast(${value} as text)`

/** The job's cursor and count as its last step left them. */
async function position(work: Work, jobId: string): Promise<{ cursor: number; processed: number; phase: string | null }> {
  const job = await work.db.selectFrom('jobs').select(['cursor', 'processed', 'phase']).where('id', '=', jobId).executeTakeFirstOrThrow()
  return { cursor: job.cursor ?? 0, processed: job.processed, phase: job.phase }
}

/** Applies the staged lines past the job's cursor; `processed` counts applied lines. */
export async function applyStaged(work: Work, jobId: string, actorId: string | null): Promise<void> {
  let { cursor, processed } = await position(work, jobId)
  const courseOf = await cohortCourses(work, jobId)
  for (;;) {
    const started = performance.now()
    const chunk = await work.db
      .selectFrom('roster_staging')
      .select(['line', 'user_id', 'action', 'iin', 'email', 'full_name', 'region_code', 'school_id', 'search_text', 'cohort_id', 'enrolment_id'])
      .where('job_id', '=', jobId)
      .where('line', '>', cursor)
      .orderBy('line')
      .limit(APPLY_ROWS)
      .execute()
    if (chunk.length === 0) return
    const last = chunk.at(-1)!.line
    await write(work, async (tx) => {
      const settled = await settleSinceCheck(tx, jobId, chunk, (cohortId) => courseOf.get(cohortId)!)
      await applyRange(tx, jobId, { after: cursor, last }, settled, actorId)
      processed += chunk.length
      await claim(tx.db, work, jobId, { processed, cursor: last, phase: 'saving' })
    })
    cursor = last
    await pace(started)
  }
}

/**
 * The cohorts a job's staged lines name. Read apart from the cohorts: as a
 * subquery of `cohorts.id in (…)`, SQLite read the national file's staged
 * lines once per cohort.
 */
async function stagedCohortIds(work: Work, jobId: string): Promise<string[]> {
  const rows = await work.db
    .selectFrom('roster_staging')
    .select('cohort_id')
    .distinct()
    .where('job_id', '=', jobId)
    .where('cohort_id', 'is not', null)
    .execute()
  return rows.flatMap((r) => (r.cohort_id === null ? [] : [r.cohort_id]))
}

async function cohortCourses(work: Work, jobId: string): Promise<Map<string, string>> {
  const ids = await stagedCohortIds(work, jobId)
  const cohorts = ids.length ? await work.db.selectFrom('cohorts').select(['id', 'course_id']).where('id', 'in', ids).execute() : []
  return new Map(cohorts.map((c) => [c.id, c.course_id]))
}

async function applyRange(tx: Tx, jobId: string, range: { after: number; last: number }, settled: StagedRow[], actorId: string | null): Promise<void> {
  const stamp = tx.work.now().toISOString()
  const lines = () => tx.db.selectFrom('roster_staging as s').where('s.job_id', '=', jobId).where('s.line', '>', range.after).where('s.line', '<=', range.last)
  const fresh = settled.filter((r) => r.action === 'create')
  if (fresh.length) {
    await tx.db
      .insertInto('users')
      .columns([
        'id',
        'email',
        'iin',
        'full_name',
        'search_text',
        'region_code',
        'school_id',
        'password_hash',
        'locale',
        'is_active',
        'is_demo',
        'created_at',
        'updated_at',
      ])
      .expression(
        lines()
          .where('s.action', '=', 'create')
          .select([
            's.user_id',
            's.email',
            's.iin',
            's.full_name',
            's.search_text',
            's.region_code',
            's.school_id',
            's.password_hash',
            sql.lit('kk').as('locale'),
            sql.lit(1).as('is_active'),
            sql.lit(0).as('is_demo'),
            text(stamp).as('created_at'),
            text(stamp).as('updated_at'),
          ]),
      )
      .execute()
    await tx.db
      .insertInto('user_roles')
      .columns(['id', 'user_id', 'role', 'scope', 'granted_by', 'granted_at'])
      .expression(
        lines()
          .where('s.action', '=', 'create')
          .select([
            's.role_id',
            's.user_id',
            sql.lit('teacher').as('role'),
            sql.lit('').as('scope'),
            sql<string | null>`cast(${actorId} as text)`.as('granted_by'),
            text(stamp).as('granted_at'),
          ]),
      )
      .execute()
    tx.emit({ type: 'user.registered', userIds: fresh.map((r) => r.user_id) })
  }
  for (const r of settled.filter((row) => row.action === 'update')) {
    await tx.db
      .updateTable('users')
      .set({ full_name: r.full_name, school_id: r.school_id, region_code: r.region_code, search_text: r.search_text, updated_at: stamp })
      .where('id', '=', r.user_id)
      .execute()
  }
  const enrolling = settled.filter((r) => r.cohort_id !== null)
  if (enrolling.length === 0) return
  await tx.db
    .insertInto('enrolments')
    .columns(['id', 'cohort_id', 'course_id', 'user_id', 'status', 'source', 'lessons_done', 'lessons_total', 'enrolled_at'])
    .expression(
      lines()
        .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
        .select([
          's.enrolment_id',
          's.cohort_id',
          'c.course_id',
          's.user_id',
          sql.lit('active').as('status'),
          sql.lit('import').as('source'),
          sql.lit(0).as('lessons_done'),
          's.lessons_total',
          text(stamp).as('enrolled_at'),
        ]),
    )
    .execute()
  await tx.db
    .insertInto('survey_assignments')
    .columns([
      'id',
      'survey_id',
      'survey_version_id',
      'user_id',
      'enrolment_id',
      'course_id',
      'cohort_id',
      'region_code',
      'schedule_key',
      'status',
      'assigned_at',
      'reminders_sent',
    ])
    .expression(
      lines()
        .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
        .where('s.assignment_id', 'is not', null)
        .select([
          's.assignment_id',
          's.survey_id',
          's.survey_version_id',
          's.user_id',
          's.enrolment_id',
          'c.course_id',
          's.cohort_id',
          'c.region_code',
          sql.lit('pre').as('schedule_key'),
          sql.lit('assigned').as('status'),
          text(stamp).as('assigned_at'),
          sql.lit(0).as('reminders_sent'),
        ]),
    )
    .execute()
  tx.emit({ type: 'enrolment.created', enrolmentIds: enrolling.map((r) => r.enrolment_id!) })
}

interface CohortOfStage {
  id: string
  course_id: string
  title: string
  starts_on: string
  ends_on: string
  manifest: CourseManifest | null
}

/** The cohorts the staged rows name, with their course's manifest (read once per run). */
async function stagedCohorts(work: Work, jobId: string): Promise<Map<string, CohortOfStage>> {
  const ids = await stagedCohortIds(work, jobId)
  const rows = ids.length
    ? await work.db.selectFrom('cohorts').select(['id', 'course_id', 'course_version_id', 'title', 'starts_on', 'ends_on']).where('id', 'in', ids).execute()
    : []
  const cohorts = new Map<string, CohortOfStage>()
  for (const c of rows) cohorts.set(c.id, { ...c, manifest: await versionManifest(work.db, c.course_version_id) })
  return cohorts
}

/** Enqueues the invitations of the saved new teachers past the job's cursor; `processed` counts invited ones. */
export async function inviteStaged(work: Work, jobId: string): Promise<void> {
  const cohorts = await stagedCohorts(work, jobId)
  const at = await position(work, jobId)
  let { cursor, processed } = at
  if (at.phase !== 'inviting') {
    const total = Number(
      (
        await work.db
          .selectFrom('roster_staging')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('job_id', '=', jobId)
          .where('action', '=', 'create')
          .executeTakeFirstOrThrow()
      ).n,
    )
    cursor = 0
    processed = 0
    await write(work, (tx) => claim(tx.db, work, jobId, { processed, total, cursor, phase: 'inviting' }))
  }
  for (;;) {
    const started = performance.now()
    const chunk = await work.db
      .selectFrom('roster_staging')
      .select(['line', 'user_id', 'email', 'full_name', 'cohort_id'])
      .where('job_id', '=', jobId)
      .where('action', '=', 'create')
      .where('line', '>', cursor)
      .orderBy('line')
      .limit(INVITE_ROWS)
      .execute()
    if (chunk.length === 0) return
    const last = chunk.at(-1)!.line
    await write(work, async (tx) => {
      const invitees = chunk.map((r) => {
        const cohort = cohorts.get(r.cohort_id!)!
        return { userId: r.user_id, email: r.email, fullName: r.full_name, course: cohort.manifest?.title.kk ?? cohort.course_id, cohort }
      })
      await inviteAll(tx.db, invitees)
      processed += chunk.length
      await claim(tx.db, work, jobId, { processed, cursor: last, phase: 'inviting' })
    })
    cursor = last
    await pace(started)
  }
}
