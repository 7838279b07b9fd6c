import type { Work } from '#app/core/work.server.ts'
import { flatLessons, type CourseManifest, type ManifestLesson } from '#app/modules/content/manifest.ts'
import { personAttempts, standingsOf, type PersonAttempts, type QuizStanding } from './attempts.server.ts'

// The order rules of course.yml (`order`): the diagnostic before the lessons,
// the final exam after the lessons and module tests. Checked by every lesson
// loader and action and by quiz grading; shown on the course page.

export interface LessonRef {
  moduleId: string
  lessonId: string
}

export type LessonLock =
  { reason: 'diagnosticFirst'; diagnostic: LessonRef } | { reason: 'finalExamLast'; lessonsLeft: number; quizzesLeft: number; first: LessonRef | null }

/** What the order rules need to know about one enrolment: its lessons done, and the person's quizzes in the course. */
export interface Standing {
  done: Set<string>
  quizzes: Map<string, QuizStanding>
}

const keyOf = (ref: LessonRef) => `${ref.moduleId}/${ref.lessonId}`
const hasQuiz = (lesson: ManifestLesson, kind: 'diagnostic' | 'final') => lesson.quizzes.some((q) => q.kind === kind)

/**
 * The enrolment's lessons done and the person's quizzes, in one statement
 * (personAttempts). `known`: the person's attempts with the enrolment's
 * lessons done when the caller has read them already (a quiz answer, under the
 * enrolment's lock).
 */
export async function courseStanding(
  work: Work,
  enrolment: { id: string; user_id: string; course_id: string },
  manifest: CourseManifest,
  known?: PersonAttempts,
): Promise<Standing> {
  const read = known?.done ? known : await personAttempts(work, { userId: enrolment.user_id, courseId: enrolment.course_id }, { lessonsOf: enrolment.id })
  return { done: read.done ?? new Set(), quizzes: standingsOf(manifest, read) }
}

export function isDone(standing: Standing, ref: LessonRef): boolean {
  return standing.done.has(keyOf(ref))
}

interface Placed {
  ref: LessonRef
  lesson: ManifestLesson
}

/** A course's lessons in order, by key, with the diagnostic's lesson and the teaching ones: worked out once per manifest (they are kept per version). */
interface Shape {
  all: Placed[]
  byKey: Map<string, Placed>
  diagnostic: Placed | undefined
  teaching: Placed[]
}
const shapes = new WeakMap<CourseManifest, Shape>()

function shapeOf(manifest: CourseManifest): Shape {
  let shape = shapes.get(manifest)
  if (!shape) {
    const all = flatLessons(manifest).map(({ module, lesson }) => ({ ref: { moduleId: module.id, lessonId: lesson.id }, lesson }))
    shape = {
      all,
      byKey: new Map(all.map((l) => [keyOf(l.ref), l])),
      diagnostic: all.find((l) => hasQuiz(l.lesson, 'diagnostic')),
      teaching: all.filter((l) => !hasQuiz(l.lesson, 'diagnostic') && !hasQuiz(l.lesson, 'final')),
    }
    shapes.set(manifest, shape)
  }
  return shape
}

/**
 * Why each lesson is not open yet under the course's order rules (null when
 * it is open), for one standing: the rules are worked out once, so a page
 * asking about every lesson of a course costs one pass over it.
 */
export function lessonLocks(manifest: CourseManifest, standing: Standing): (ref: LessonRef) => LessonLock | null {
  const order = manifest.order
  if (!order) return () => null
  const { all, byKey, diagnostic, teaching } = shapeOf(manifest)
  let beforeDiagnostic: LessonLock | null = null
  if (order.diagnostic_first && diagnostic) {
    const answered = diagnostic.lesson.quizzes.filter((q) => q.kind === 'diagnostic').every((q) => standing.quizzes.get(q.id)?.reached)
    if (!answered) beforeDiagnostic = { reason: 'diagnosticFirst', diagnostic: diagnostic.ref }
  }
  let beforeFinal: LessonLock | null = null
  if (order.final_exam_after.length) {
    const lessonsLeft = order.final_exam_after.includes('lessons') ? teaching.filter((l) => !isDone(standing, l.ref)) : []
    const quizzesLeft = order.final_exam_after.includes('module_quizzes')
      ? teaching.filter((l) => l.lesson.quizzes.some((q) => q.kind === 'module' && !standing.quizzes.get(q.id)?.reached))
      : []
    if (lessonsLeft.length || quizzesLeft.length) {
      const first = all.find((l) => lessonsLeft.includes(l) || quizzesLeft.includes(l))
      beforeFinal = { reason: 'finalExamLast', lessonsLeft: lessonsLeft.length, quizzesLeft: quizzesLeft.length, first: first?.ref ?? null }
    }
  }
  return (ref) => {
    const here = byKey.get(keyOf(ref))
    if (!here) return null
    if (beforeDiagnostic && !hasQuiz(here.lesson, 'diagnostic')) return beforeDiagnostic
    if (beforeFinal && hasQuiz(here.lesson, 'final')) return beforeFinal
    return null
  }
}

/** Why a lesson is not open yet under the course's order rules; null when it is open. */
export function lessonLock(manifest: CourseManifest, standing: Standing, ref: LessonRef): LessonLock | null {
  return lessonLocks(manifest, standing)(ref)
}

/**
 * The learner's next step: the first open lesson not yet done, else the first
 * open lesson whose test is not passed and still has attempts; null when
 * nothing is left to do.
 */
export function nextStep(manifest: CourseManifest, standing: Standing): LessonRef | null {
  const lock = lessonLocks(manifest, standing)
  const open = shapeOf(manifest).all.filter((l) => !lock(l.ref))
  const undone = open.find((l) => !isDone(standing, l.ref))
  if (undone) return undone.ref
  const retry = open.find((l) =>
    l.lesson.quizzes.some((q) => q.kind !== 'diagnostic' && !standing.quizzes.get(q.id)?.reached && !standing.quizzes.get(q.id)?.spent),
  )
  return retry?.ref ?? null
}
