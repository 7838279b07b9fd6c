import type { Work } from '#app/core/work.server.ts'
import type { EnrolmentStatus } from '#db/schema.ts'
import { flatLessons, type CourseManifest } from '#app/modules/content/manifest.ts'
import { spentRequired } from './attempts.server.ts'
import { versionManifest } from './catalogue.server.ts'
import { courseStanding, lessonLocks, nextStep, type LessonLock, type LessonRef, type Standing } from './order.server.ts'

// What the course page tells an enrolled teacher: the next step and what is
// locked while the enrolment runs; when it has ended, when and why, and
// where its document is. No dead ends: an ended enrolment never says
// "continue".

export interface EnrolmentOutlook {
  status: EnrolmentStatus
  /** The next lesson to open, while the enrolment runs. */
  next: (LessonRef & { title: CourseManifest['modules'][number]['lessons'][number]['title'] }) | null
  /** Why each locked lesson is locked, by "module/lesson". */
  locks: Record<string, LessonLock['reason']>
  /** Required tests with no attempt left: the final exam, a module test. */
  spent: ('final' | 'module')[]
  endedAt: string | null
  document: { id: string; kind: 'certificate' | 'attendance' } | null
  /** Ended not passed, and a retake granted since: another cohort may be joined. */
  mayEnrolAgain: boolean
}

export async function enrolmentOutlook(
  work: Work,
  enrolment: { id: string; user_id: string; course_id: string; status: EnrolmentStatus; course_version_id: string; ended_at: string | null },
  known?: Standing,
  /** The enrolment's document when the caller read it already (with the attempts, personAttempts' end facts); null for none. */
  knownDocument?: { id: string; kind: 'certificate' | 'attendance' } | null,
): Promise<EnrolmentOutlook | null> {
  const manifest = await versionManifest(work.db, enrolment.course_version_id)
  if (!manifest) return null
  const standing = known ?? (await courseStanding(work, enrolment, manifest))
  const spent = [...new Set(spentRequired(manifest, standing.quizzes).map((q): 'final' | 'module' => (q.kind === 'final' ? 'final' : 'module')))]
  const document =
    knownDocument !== undefined
      ? knownDocument
      : await work.db.selectFrom('certificates').select(['id', 'kind']).where('enrolment_id', '=', enrolment.id).executeTakeFirst()
  const locks: Record<string, LessonLock['reason']> = {}
  let next: EnrolmentOutlook['next'] = null
  if (enrolment.status === 'active') {
    const lockOf = lessonLocks(manifest, standing)
    for (const { module, lesson } of flatLessons(manifest)) {
      const lock = lockOf({ moduleId: module.id, lessonId: lesson.id })
      if (lock) locks[`${module.id}/${lesson.id}`] = lock.reason
    }
    const ref = nextStep(manifest, standing)
    const lesson = ref && flatLessons(manifest).find((l) => l.module.id === ref.moduleId && l.lesson.id === ref.lessonId)
    if (ref && lesson) next = { ...ref, title: lesson.lesson.title }
  }
  return {
    status: enrolment.status,
    next,
    locks,
    spent,
    endedAt: enrolment.ended_at,
    document: document ?? null,
    mayEnrolAgain: enrolment.status === 'not_passed' && spent.length === 0,
  }
}
