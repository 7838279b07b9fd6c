import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requireUser } from '#app/http/auth.server.ts'
import { notFound } from '#app/http/errors.ts'
import { Slug } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { findEnrolment } from '#app/modules/courses/enrolment.server.ts'
import { locateLesson } from '#app/modules/courses/lesson-view.server.ts'
import { requiredActivities } from '#app/modules/courses/next-step.server.ts'
import { personAttempts } from '#app/modules/courses/attempts.server.ts'
import { courseStanding, lessonLock, type LessonLock } from '#app/modules/courses/order.server.ts'
import { QuizAnswersSchema } from '#app/modules/courses/progress.server.ts'
import type { Work } from '#app/core/work.server.ts'

export const lessonPath = (course: string, moduleId: string, lessonId: string) => `/learn/${course}/${moduleId}/${lessonId}`

/** The signed-in learner's enrolment and the lesson asked for: a redirect to the course page without an enrolment, 404 for no such lesson. */
export async function loadLesson(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { course, module, lesson } = parseParams(args.params, { course: Slug, module: Slug, lesson: Slug })
  const enrolment = await findEnrolment(args.context.work, user.id, course)
  if (!enrolment) throw redirect(`/courses/${course}`)
  const location = await locateLesson(args.context.work, enrolment.course_version_id, module, lesson)
  if (!location) notFound()
  return { enrolment, location, course, module, lesson }
}

type LoadedLesson = Awaited<ReturnType<typeof loadLesson>>

/**
 * The learner's standing under the order rules of course.yml (the diagnostic
 * first, the final exam last) and the lesson's lock, read in one statement
 * with the lesson's saved reflections and the end facts the next step needs.
 */
export async function lessonStanding(work: Work, { enrolment, location, module, lesson }: LoadedLesson) {
  const read = await personAttempts(
    work,
    { userId: enrolment.user_id, courseId: enrolment.course_id },
    {
      lessonsOf: enrolment.id,
      reflectionsOf: { enrolmentId: enrolment.id, ids: location.lesson.reflections },
      endOf: { enrolmentId: enrolment.id, requiredActivities: requiredActivities(location.manifest) },
    },
  )
  const standing = await courseStanding(work, enrolment, location.manifest, read)
  const lock = enrolment.status === 'active' ? lessonLock(location.manifest, standing, { moduleId: module, lessonId: lesson }) : null
  return { standing, lock, reflections: read.reflections ?? new Map<string, string>(), end: read.end }
}

export async function load(args: LoaderFunctionArgs) {
  const loaded = await loadLesson(args)
  return { ...loaded, ...(await lessonStanding(args.context.work, loaded)) }
}

/** A locked lesson's notice: why, and where to go instead. */
export function lockView(course: string, lock: LessonLock) {
  if (lock.reason === 'diagnosticFirst')
    return { reason: lock.reason, href: lessonPath(course, lock.diagnostic.moduleId, lock.diagnostic.lessonId), lessonsLeft: 0, quizzesLeft: 0 }
  return {
    reason: lock.reason,
    href: lock.first ? lessonPath(course, lock.first.moduleId, lock.first.lessonId) : null,
    lessonsLeft: lock.lessonsLeft,
    quizzesLeft: lock.quizzesLeft,
  }
}

export const lockErrors: Record<LessonLock['reason'], string> = {
  diagnosticFirst: 'lesson.locked.diagnosticFirst',
  finalExamLast: 'lesson.locked.finalExam',
}

export const quizErrors: Record<string, string> = {
  unanswered: 'lesson.quiz.error.unanswered',
  tooManyChoices: 'lesson.quiz.error.tampered',
  unknownQuiz: 'lesson.quiz.error.tampered',
  unknownQuestion: 'lesson.quiz.error.tampered',
  unknownOption: 'lesson.quiz.error.tampered',
  noAttemptsLeft: 'lesson.quiz.error.noAttemptsLeft',
  alreadyPassed: 'lesson.quiz.error.noAttemptsLeft',
  notActive: 'lesson.quiz.error.notActive',
  locked: 'lesson.locked.finalExam',
}

// A lesson's forms: marking it done, a quiz's answers, a reflection. A quiz
// or reflection the lesson does not have is refused by the module, not here.
export const LessonActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('done') }),
  z.object({ intent: z.literal('quiz'), quizId: z.string().default(''), answer: QuizAnswersSchema }),
  z.object({ intent: z.literal('reflection'), reflectionId: z.string().default(''), text: z.string().default('') }),
])
