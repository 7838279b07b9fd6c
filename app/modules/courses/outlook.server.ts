import type { Work } from '#app/core/work.server.ts'
import type { EnrolmentStatus } from '#db/schema.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { spentRequired } from './attempts.server.ts'
import { versionManifest } from './catalogue.server.ts'
import { courseStanding, lessonLocks, type LessonLock, type Standing } from './order.server.ts'

// What the course page tells an enrolled teacher beside the next step (which
// says where the document of an ended enrolment is, next-step.server.ts):
// what is locked while the enrolment runs, which required tests have no
// attempt left, and whether another cohort may be joined. Only what the page
// shows: the loader's data is sent in the page.

export interface EnrolmentOutlook {
  /** Why each locked lesson is locked, by "module/lesson". */
  locks: Record<string, LessonLock['reason']>
  /** Required tests with no attempt left: the final exam, a module test. */
  spent: ('final' | 'module')[]
  /** Ended not passed, and a retake granted since: another cohort may be joined. */
  mayEnrolAgain: boolean
}

export async function enrolmentOutlook(
  work: Work,
  enrolment: { id: string; user_id: string; course_id: string; status: EnrolmentStatus; course_version_id: string },
  known?: Standing,
): Promise<EnrolmentOutlook | null> {
  const manifest = await versionManifest(work.db, enrolment.course_version_id)
  if (!manifest) return null
  const standing = known ?? (await courseStanding(work, enrolment, manifest))
  const spent = [...new Set(spentRequired(manifest, standing.quizzes).map((q): 'final' | 'module' => (q.kind === 'final' ? 'final' : 'module')))]
  const locks: Record<string, LessonLock['reason']> = {}
  if (enrolment.status === 'active') {
    const lockOf = lessonLocks(manifest, standing)
    for (const { module, lesson } of flatLessons(manifest)) {
      const lock = lockOf({ moduleId: module.id, lessonId: lesson.id })
      if (lock) locks[`${module.id}/${lesson.id}`] = lock.reason
    }
  }
  return { locks, spent, mayEnrolAgain: enrolment.status === 'not_passed' && spent.length === 0 }
}
