import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/http/auth.server.ts'
import { notFound } from '#app/http/errors.ts'
import { Slug } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { flatLessons } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { findEnrolment } from '#app/modules/courses/enrolment.server.ts'
import { enrolmentNextStep } from '#app/modules/courses/next-step.server.ts'
import type { NextStepKind } from '#app/modules/courses/next-step.ts'

const resumable = new Set<NextStepKind>([
  'notStarted',
  'diagnostic',
  'start',
  'lesson',
  'moduleTest',
  'finalTest',
  'finalRetry',
  'endSurvey',
  'activities',
  'awaitingResult',
])

// Resume where the learner left off, or start at the first lesson; an
// enrolment that has ended, or whose cohort has, goes to the course page,
// which says what is next instead of "continue".
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { course } = parseParams(args.params, { course: Slug })
  const enrolment = await findEnrolment(args.context.work, user.id, course)
  if (!enrolment) return redirect(`/courses/${course}`)
  const step = await enrolmentNextStep(args.context.work, enrolment)
  if (step && !resumable.has(step.kind)) return redirect(`/courses/${course}`)
  const manifest = await versionManifest(args.context.work.db, enrolment.course_version_id)
  if (!manifest) notFound()
  const lessons = flatLessons(manifest)
  const last = lessons.find((l) => l.module.id === enrolment.last_module_id && l.lesson.id === enrolment.last_lesson_id) ?? lessons[0]
  if (!last) notFound()
  return redirect(`/learn/${course}/${last.module.id}/${last.lesson.id}`)
}
