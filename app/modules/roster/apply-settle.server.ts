import type { Selectable } from 'kysely'
import type { RosterStagingTable } from '#db/schema.ts'
import type { Tx } from '#app/core/work.server.ts'

// Between a roster's checks and the step that applies a row, seconds pass in
// which a teacher may register themselves with the row's IIN or email, or
// enrol in the course. Each applying step settles its rows against what is
// there now, in its own transaction, so that a committed import never fails
// half-way on a unique index nor enrols anyone twice: the same person (IIN
// and email both theirs) is taken as found; a clash with someone else skips
// the row, and the skipped lines are audited.

/** What a step reads of a staged line. */
export type StagedRow = Pick<
  Selectable<RosterStagingTable>,
  'line' | 'user_id' | 'action' | 'iin' | 'email' | 'full_name' | 'region_code' | 'school_id' | 'search_text' | 'cohort_id' | 'enrolment_id'
>

export async function settleSinceCheck(tx: Tx, jobId: string, chunk: StagedRow[], courseOf: (cohortId: string) => string): Promise<StagedRow[]> {
  const fresh = chunk.filter((r) => r.action === 'create')
  const taken = fresh.length
    ? await tx.db
        .selectFrom('users')
        .select(['id', 'iin', 'email'])
        .where((eb) =>
          eb.or([
            eb(
              'iin',
              'in',
              fresh.map((r) => r.iin),
            ),
            eb(
              'email',
              'in',
              fresh.map((r) => r.email),
            ),
          ]),
        )
        .execute()
    : []
  const skipped: number[] = []
  let settled = chunk.map((r): StagedRow => {
    if (r.action !== 'create') return r
    const byIin = taken.find((u) => u.iin === r.iin)
    const byEmail = taken.find((u) => u.email === r.email)
    if (!byIin && !byEmail) return r
    if (byIin && byIin === byEmail) return { ...r, user_id: byIin.id, action: 'keep' }
    skipped.push(r.line)
    return { ...r, action: 'keep', cohort_id: null }
  })
  const known = settled.filter((r) => r.cohort_id !== null && r.action !== 'create')
  if (known.length) {
    const live = await tx.db
      .selectFrom('enrolments')
      .select(['user_id', 'course_id'])
      .where(
        'user_id',
        'in',
        known.map((r) => r.user_id),
      )
      .where('status', '!=', 'withdrawn')
      .execute()
    const enrolled = new Set(live.map((e) => `${e.user_id}|${e.course_id}`))
    settled = settled.map((r) => (r.cohort_id !== null && enrolled.has(`${r.user_id}|${courseOf(r.cohort_id)}`) ? { ...r, cohort_id: null } : r))
  }
  for (const [i, r] of settled.entries()) {
    const before = chunk[i]!
    if (r.user_id === before.user_id && r.action === before.action && r.cohort_id === before.cohort_id) continue
    await tx.db
      .updateTable('roster_staging')
      .set({ user_id: r.user_id, action: r.action, cohort_id: r.cohort_id })
      .where('job_id', '=', jobId)
      .where('line', '=', r.line)
      .execute()
  }
  if (skipped.length) tx.audit({ action: 'import.conflict', targetType: 'import_job', targetId: jobId, details: { lines: skipped } })
  return settled
}
