import type { Database } from '#db/client.server.ts'
import { write, type Tx, type Work } from '#app/core/work.server.ts'
import { newId } from '#db/ids.server.ts'
import type { AccreditationRequestStatus } from '#db/schema.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { saveDraft } from '#app/modules/authoring/draft.server.ts'
import { checkOptionsFor } from '#app/modules/authoring/publish-draft.server.ts'
import type { FileProblem } from '#app/modules/content/check.server.ts'
import { sha256 } from '#app/modules/content/compile-mdx.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { publishCourseSource } from '#app/modules/content/publish.server.ts'
import { courseFromFiles, kindOfAudience } from '#app/modules/content/source.server.ts'
import { versionFiles } from '#app/modules/content/version-files.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { approvedFacts, setApprovedFacts } from './approved.server.ts'
import { factsOfYml, ymlWithFacts } from './course-yml.server.ts'
import { factChanges, FactChangesSchema, withChanges, type AccreditationFacts, type FactChange } from './facts.ts'

// Changing a course's accreditation facts takes two people. Whoever edits
// course.yml in the app files a request and the draft keeps the approved
// facts; an admin who is not the requester approves it (a new version carries
// the new facts at once) or rejects it. Every step is audited with the values.

export const MAX_REASON = 1000
export const MAX_COMMENT = 1000

export type SettingsSaveResult = { ok: true; requestId: string | null } | { ok: false; error: 'conflict' } | { ok: false; error: 'accreditation.error.reason' }

/**
 * Saves course.yml to the draft. When its facts differ from the approved ones
 * the draft keeps the approved facts and the difference becomes a pending
 * request (replacing one the course already had), with the author's reason.
 */
export async function saveCourseSettings(
  work: Work,
  input: { courseId: string; text: string; expectedHash: string | null; reason: string },
): Promise<SettingsSaveResult> {
  const userId = signedIn(work)
  return write(work, async (tx): Promise<SettingsSaveResult> => {
    const trx = tx.db
    const approved = await approvedFacts(trx, input.courseId)
    const proposed = factsOfYml(input.text)
    const changes = approved && proposed ? factChanges(approved, proposed) : []
    const save = (text: string) => saveDraft(tx.work, { courseId: input.courseId, changes: [{ path: 'course.yml', text, expectedHash: input.expectedHash }] })
    if (!changes.length) return (await save(input.text)).ok ? { ok: true, requestId: null } : { ok: false, error: 'conflict' }
    const reason = input.reason.trim()
    if (!reason || reason.length > MAX_REASON) return { ok: false, error: 'accreditation.error.reason' }
    // The text parsed (its facts were read), so it can be written back.
    if (!(await save(ymlWithFacts(input.text, approved!)!)).ok) return { ok: false, error: 'conflict' }
    const stamp = nowIso()
    const superseded = await trx
      .updateTable('accreditation_requests')
      .set({ status: 'superseded', decided_at: stamp })
      .where('course_id', '=', input.courseId)
      .where('status', '=', 'pending')
      .returning('id')
      .execute()
    const id = newId()
    await trx
      .insertInto('accreditation_requests')
      .values({
        id,
        course_id: input.courseId,
        requested_by: userId,
        reason,
        changes: JSON.stringify(changes),
        status: 'pending',
        created_at: stamp,
        decided_by: null,
        decided_at: null,
        decision_comment: null,
        version_id: null,
      })
      .execute()
    tx.audit({
      action: 'accreditation.request',
      targetType: 'course',
      targetId: input.courseId,
      details: { requestId: id, reason, changes, superseded: superseded.map((s) => s.id) },
    })
    return { ok: true, requestId: id }
  })
}

export type DecideError =
  | 'accreditation.error.notFound'
  | 'accreditation.error.notPending'
  | 'accreditation.error.self'
  | 'accreditation.error.problems'
  | 'accreditation.error.changed'
export type DecideResult = { ok: true; versionId: string | null } | { ok: false; error: DecideError; problems?: FileProblem[] }

class NoLongerPending extends Error {}

/**
 * An admin's decision on a request. The requester never decides their own,
 * whatever roles they hold. Approving publishes the current version's files
 * with the new facts as a new version (published versions never change) and
 * makes those facts the approved ones, in one transaction.
 */
export async function decideRequest(work: Work, input: { requestId: string; decision: 'approve' | 'reject'; comment: string }): Promise<DecideResult> {
  const { db } = work
  const adminId = signedIn(work)
  const request = await db.selectFrom('accreditation_requests').selectAll().where('id', '=', input.requestId).executeTakeFirst()
  if (!request) return { ok: false, error: 'accreditation.error.notFound' }
  if (request.requested_by === adminId) return { ok: false, error: 'accreditation.error.self' }
  if (request.status !== 'pending') return { ok: false, error: 'accreditation.error.notPending' }
  const requested = FactChangesSchema.parse(JSON.parse(request.changes))
  const comment = input.comment.trim()
  // An approval decides inside the publishing write (content/publish.server.ts), a rejection in a write of its own.
  const decide = async (tx: Tx, status: AccreditationRequestStatus, versionId: string | null, changes: FactChange[]) => {
    const updated = await tx.db
      .updateTable('accreditation_requests')
      .set({ status, decided_by: adminId, decided_at: nowIso(), decision_comment: comment, version_id: versionId })
      .where('id', '=', request.id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) throw new NoLongerPending()
    tx.audit({
      action: `accreditation.${input.decision}`,
      targetType: 'course',
      targetId: request.course_id,
      details: { requestId: request.id, requestedBy: request.requested_by, reason: request.reason, comment, changes, versionId },
    })
  }
  try {
    if (input.decision === 'reject') {
      await write(work, (tx) => decide(tx, 'rejected', null, requested))
      return { ok: true, versionId: null }
    }
    return await approve(work, { courseId: request.course_id, requestId: request.id, requested, reason: request.reason, adminId }, decide)
  } catch (error) {
    if (error instanceof NoLongerPending) return { ok: false, error: 'accreditation.error.notPending' }
    throw error
  }
}

async function approve(
  work: Work,
  { courseId, requestId, requested, reason, adminId }: { courseId: string; requestId: string; requested: FactChange[]; reason: string; adminId: string },
  decide: (tx: Tx, status: AccreditationRequestStatus, versionId: string | null, changes: FactChange[]) => Promise<void>,
): Promise<DecideResult> {
  const { db } = work
  const course = await db.selectFrom('courses').select(['audience', 'current_version_id']).where('id', '=', courseId).executeTakeFirstOrThrow()
  const before = await approvedFacts(db, courseId)
  if (!before || !course.current_version_id) return { ok: false, error: 'accreditation.error.notFound' }
  // Applied over the facts approved now: another request may have been approved since this one was made.
  const facts = withChanges(before, requested)
  const changes = factChanges(before, facts)
  const files = new Map([...(await versionFiles(db, course.current_version_id))].map(([path, f]) => [path, f.text]))
  // New hours need a course plan that accounts for them (the activities of
  // course.yml, ADR 017): the trainer declares it in the draft, and the
  // approval publishes the draft's course.yml with the facts laid over it.
  const draftYml = changes.some((c) => c.fact === 'hours')
    ? (await db.selectFrom('draft_files').select('text').where('course_id', '=', courseId).where('path', '=', 'course.yml').executeTakeFirst())?.text
    : null
  const yml = ymlWithFacts(draftYml ?? files.get('course.yml') ?? '', facts)
  if (yml === null) return { ok: false, error: 'accreditation.error.problems', problems: [] }
  files.set('course.yml', yml)
  const result = await publishCourseSource(work, courseFromFiles(kindOfAudience(course.audience), courseId, files), {
    ...(await checkOptionsFor(work, courseId)),
    origin: 'app',
    publishedBy: adminId,
    changeNote: reason,
    acceptFacts: facts,
    // Built from the current version's files: a publish meanwhile must not be undone.
    basedOn: course.current_version_id,
    afterPublish: async (tx, versionId) => {
      await setApprovedFacts(tx.db, courseId, facts, { userId: adminId, requestId })
      await keepDraftInStep(tx.db, courseId, yml, facts)
      await decide(tx, 'approved', versionId, changes)
    },
  })
  if (!result.ok && result.stale) return { ok: false, error: 'accreditation.error.changed' }
  if (!result.ok) return { ok: false, error: 'accreditation.error.problems', problems: result.problems }
  return { ok: true, versionId: result.versionId }
}

/** A draft course.yml takes the newly approved facts, so publishing it does not undo them. */
async function keepDraftInStep(trx: Database, courseId: string, publishedYml: string, facts: AccreditationFacts) {
  const draft = await trx.selectFrom('draft_files').select('text').where('course_id', '=', courseId).where('path', '=', 'course.yml').executeTakeFirst()
  if (!draft?.text) return
  const text = ymlWithFacts(draft.text, facts) ?? draft.text
  if (text === publishedYml) {
    await trx.deleteFrom('draft_files').where('course_id', '=', courseId).where('path', '=', 'course.yml').execute()
    return
  }
  await trx
    .updateTable('draft_files')
    .set({ text, base_hash: sha256(publishedYml) })
    .where('course_id', '=', courseId)
    .where('path', '=', 'course.yml')
    .execute()
}

export interface RequestView {
  id: string
  courseId: string
  courseTitle: string
  requestedBy: string
  requestedAt: string
  reason: string
  changes: FactChange[]
  status: AccreditationRequestStatus
  decidedBy: string | null
  decidedAt: string | null
  comment: string | null
  /** The requester is the viewer: they may not decide it. */
  own: boolean
}

/** Requests, newest first: every pending one, and the latest decided ones (of one course, or all). */
export async function listRequests(
  work: Work,
  input: { viewerId: string; locale: string; courseId?: string; decidedLimit?: number },
): Promise<{ pending: RequestView[]; decided: RequestView[] }> {
  const { db } = work
  const base = () => {
    let q = db
      .selectFrom('accreditation_requests as r')
      .innerJoin('users as u', 'u.id', 'r.requested_by')
      .leftJoin('users as d', 'd.id', 'r.decided_by')
      .innerJoin('courses as c', 'c.id', 'r.course_id')
      .select([
        'r.id',
        'r.course_id',
        'r.reason',
        'r.changes',
        'r.status',
        'r.created_at',
        'r.decided_at',
        'r.decision_comment',
        'r.requested_by',
        'u.full_name as requester',
        'd.full_name as decider',
        'c.current_version_id',
      ])
    if (input.courseId) q = q.where('r.course_id', '=', input.courseId)
    return q
  }
  const [pending, decided] = await Promise.all([
    base().where('r.status', '=', 'pending').orderBy('r.created_at', 'desc').execute(),
    base()
      .where('r.status', 'in', ['approved', 'rejected'])
      .orderBy('r.decided_at', 'desc')
      .limit(input.decidedLimit ?? 20)
      .execute(),
  ])
  const view = async (r: (typeof pending)[number]): Promise<RequestView> => {
    const manifest = r.current_version_id ? await versionManifest(db, r.current_version_id) : null
    return {
      id: r.id,
      courseId: r.course_id,
      courseTitle: manifest ? pickLocalized(manifest.title, input.locale) : r.course_id,
      requestedBy: r.requester,
      requestedAt: r.created_at,
      reason: r.reason,
      changes: FactChangesSchema.parse(JSON.parse(r.changes)),
      status: r.status,
      decidedBy: r.decider,
      decidedAt: r.decided_at,
      comment: r.decision_comment,
      own: r.requested_by === input.viewerId,
    }
  }
  return { pending: await Promise.all(pending.map(view)), decided: await Promise.all(decided.map(view)) }
}

function signedIn(work: Work): string {
  if (!work.actorId) throw new Error('accreditation requests are filed and decided by a signed-in user')
  return work.actorId
}
