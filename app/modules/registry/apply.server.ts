import { sql } from 'kysely'
import type { Database } from '#db/client.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'
import { bumpVersions } from '#app/modules/dashboard/versions.server.ts'
import type { KnownSchool, StagedChange } from './plan.ts'

// Writing a registry's changes without holding the write lock for long (ADR
// 026): the changes are first staged in `registry_stage` in short
// transactions of STAGE_STEP rows, which change nothing anyone reads; then
// one short transaction applies them all to `schools` with a few set-based
// statements and empties the stage. Until that commit nothing is visible, so
// a failure anywhere leaves the schools as they were.

const STAGE_STEP = 250

/** The schools the registry knows (those with a BIN), as the plan compares them. */
export async function knownSchools(work: Work): Promise<KnownSchool[]> {
  return work.db
    .selectFrom('schools')
    .select(['id', 'bin', 'region_code', 'district_id', 'district', 'settlement', 'name_kk', 'name_ru', 'name_en', 'kind', 'language', 'closed_at'])
    .where('bin', 'is not', null)
    .$narrowType<{ bin: string }>()
    .execute()
}

/** Stages `changes` for `jobId` in short writes, after clearing what a dead import left behind. */
export async function stageChanges(work: Work, jobId: string, changes: StagedChange[], between: (staged: number) => Promise<void>): Promise<void> {
  await write(work, async (tx) => {
    await tx.db.deleteFrom('registry_stage').where('job_id', '<>', jobId).execute()
  })
  for (let i = 0; i < changes.length; i += STAGE_STEP) {
    const step = changes.slice(i, i + STAGE_STEP).map((c) => ({ ...c, job_id: jobId }))
    await write(work, async (tx) => {
      await tx.db.insertInto('registry_stage').values(step).execute()
    })
    await between(Math.min(changes.length, i + STAGE_STEP))
    await yieldToServer()
  }
}

/** Removes a job's staged rows (a refused or failed import). */
export async function dropStaged(work: Work, jobId: string): Promise<void> {
  await write(work, async (tx) => {
    await tx.db.deleteFrom('registry_stage').where('job_id', '=', jobId).execute()
  })
}

/**
 * Applies a job's staged changes to `schools` in the caller's transaction:
 * new schools inserted, known ones given the staged values, closed or
 * reopened as staged; nothing deleted. Returns how many rows were staged, so
 * the caller can check none went missing.
 */
export async function applyStaged(db: Database, jobId: string, at: string): Promise<number> {
  const staged = await db
    .selectFrom('registry_stage')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow()
  await db
    .insertInto('schools')
    .columns([
      'id',
      'bin',
      'region_code',
      'district_id',
      'district',
      'settlement',
      'name_kk',
      'name_ru',
      'name_en',
      'kind',
      'language',
      'is_demo',
      'created_at',
      'closed_at',
      'updated_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('registry_stage as g')
        .select([
          'g.school_id',
          'g.bin',
          'g.region_code',
          'g.district_id',
          'g.district',
          'g.settlement',
          'g.name_kk',
          'g.name_ru',
          'g.name_en',
          'g.kind',
          'g.language',
          sql<number>`0`.as('is_demo'),
          sql<string>`${at}`.as('created_at'),
          sql<string | null>`case when g.closed = 1 then ${at} else null end`.as('closed_at'),
          sql<string>`${at}`.as('updated_at'),
        ])
        .where('g.job_id', '=', jobId)
        .where('g.action', '=', 'create'),
    )
    .execute()
  // One statement for every known school the file changes; each column read from its staged row (found by the stage's key).
  const from = (column: string) => sql`(select g.${sql.ref(column)} from registry_stage g where g.job_id = ${jobId} and g.school_id = schools.id)`
  await sql`
    update schools set
      region_code = ${from('region_code')},
      district_id = ${from('district_id')},
      district = ${from('district')},
      settlement = ${from('settlement')},
      name_kk = ${from('name_kk')},
      name_ru = ${from('name_ru')},
      name_en = ${from('name_en')},
      kind = ${from('kind')},
      language = ${from('language')},
      closed_at = case when ${from('closed')} = 1 then coalesce(closed_at, ${at}) else null end,
      updated_at = ${at}
    where id in (select school_id from registry_stage where job_id = ${jobId} and action <> 'create')
  `.execute(db)
  await db.deleteFrom('registry_stage').where('job_id', '=', jobId).execute()
  // The dashboard's drill-downs show schools' names and districts.
  await bumpVersions(db, ['schools'])
  return Number(staged.n)
}
