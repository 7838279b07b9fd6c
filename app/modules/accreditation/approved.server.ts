import type { Database } from '#db/client.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { AccreditationFactsSchema, type AccreditationFacts } from './facts.ts'

// The facts a course's versions must carry: set by its first version (from
// content/ files, which are reviewed in git) and afterwards only by an approved
// request (requests.server.ts).

export async function approvedFacts(db: Database, courseId: string): Promise<AccreditationFacts | null> {
  const row = await db.selectFrom('course_accreditation').select('facts').where('course_id', '=', courseId).executeTakeFirst()
  return row ? AccreditationFactsSchema.parse(JSON.parse(row.facts)) : null
}

export async function setApprovedFacts(
  db: Database,
  courseId: string,
  facts: AccreditationFacts,
  by: { userId: string | null; requestId: string | null },
): Promise<void> {
  const values = { facts: JSON.stringify(facts), approved_at: nowIso(), approved_by: by.userId, request_id: by.requestId }
  await db
    .insertInto('course_accreditation')
    .values({ course_id: courseId, ...values })
    .onConflict((oc) => oc.column('course_id').doUpdateSet(values))
    .execute()
}
