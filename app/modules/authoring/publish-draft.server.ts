import type { Work } from '#app/core/work.server.ts'
import { cachedCompiler } from '#app/modules/content/bundle-cache.server.ts'
import { checkCourse, type CourseCheck, type FileProblem } from '#app/modules/content/check.server.ts'
import { contentRoot } from '#app/modules/content/content-root.server.ts'
import { publishCourseSource } from '#app/modules/content/publish.server.ts'
import { courseMediaIds, markMediaPublished } from '#app/modules/media/library.server.ts'
import { courseOfWorkingCopy, loadWorkingCopy, parityOf, type WorkingCopy } from './draft.server.ts'
import type { ParityIssue } from './parity.ts'
import type { FactChange } from '#app/modules/accreditation/facts.ts'

// Publishing an author's draft: the whole working copy is checked exactly as
// content:sync checks files, becomes an immutable version, and the draft is
// emptied. Cohorts keep the version they are pinned to. A draft whose
// accreditation facts differ from the approved ones is refused (ADR 017).

export type PublishDraftResult =
  | { ok: true; versionId: string }
  | { ok: false; error: 'authoring.publish.error.note' | 'authoring.publish.error.empty' }
  | { ok: false; error: 'authoring.publish.error.problems'; problems: FileProblem[] }
  | { ok: false; error: 'authoring.publish.error.parity'; parity: ParityIssue[] }
  | { ok: false; error: 'authoring.publish.error.facts'; factChanges: FactChange[] }

export const MAX_NOTE = 500

/** The checks publishing runs, against the database's surveys and the course's media library. */
export async function checkOptionsFor(work: Work, courseId: string) {
  const surveys = new Set((await work.db.selectFrom('surveys').select('id').execute()).map((s) => s.id))
  return {
    contentRoot: contentRoot(),
    compile: cachedCompiler(work),
    surveyExists: (slug: string) => surveys.has(slug),
    uploadedMedia: await courseMediaIds(work, courseId),
  }
}

/** Every problem the working copy has now, as publishing would find them. */
export async function checkWorkingCopy(work: Work, copy: WorkingCopy): Promise<CourseCheck> {
  return checkCourse(courseOfWorkingCopy(copy), await checkOptionsFor(work, copy.courseId))
}

/** Publishes the course's draft as its author (the work's actor), audited as 'course.publish'. */
export async function publishDraft(work: Work, input: { courseId: string; note: string; confirmParity: boolean }): Promise<PublishDraftResult> {
  const note = input.note.trim()
  if (!note || note.length > MAX_NOTE) return { ok: false, error: 'authoring.publish.error.note' }
  const copy = await loadWorkingCopy(work, input.courseId)
  if (!copy.draftCount) return { ok: false, error: 'authoring.publish.error.empty' }
  const parity = await parityOf(work, copy)
  if (parity.length && !input.confirmParity) return { ok: false, error: 'authoring.publish.error.parity', parity }
  const result = await publishCourseSource(work, courseOfWorkingCopy(copy), {
    ...(await checkOptionsFor(work, input.courseId)),
    origin: 'app',
    publishedBy: work.actorId,
    changeNote: note,
    changedAt: new Map([...copy.files].map(([path, f]) => [path, f.changedAt])),
    afterPublish: async (tx, versionId, check) => {
      await tx.db.deleteFrom('draft_files').where('course_id', '=', input.courseId).execute()
      await markMediaPublished(
        tx.db,
        input.courseId,
        check.lessons.flatMap((l) => l.compiled.links.map((link) => link.url)),
      )
      tx.audit({
        action: 'course.publish',
        targetType: 'course',
        targetId: input.courseId,
        details: { versionId, note, files: copy.draftCount, parityConfirmed: parity.length > 0 },
      })
    },
  })
  if (!result.ok && result.factChanges) return { ok: false, error: 'authoring.publish.error.facts', factChanges: result.factChanges }
  if (!result.ok) return { ok: false, error: 'authoring.publish.error.problems', problems: result.problems }
  return { ok: true, versionId: result.versionId }
}
