import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/http/auth.server.ts'
import { notFound } from '#app/http/errors.ts'
import { Slug } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { findEnrolment, mayResume, resumePath } from '#app/modules/courses/enrolment.server.ts'

// Resume where the learner left off, or start at the first lesson; an
// enrolment that has ended, or whose cohort has, goes to the course page,
// which says what is next instead of "continue".
// Whether to resume is read from the enrolment alone (mayResume): the next
// step's two reads would cost every "continue" two more round trips, all of
// them at once at a quiz day's synchronized start; the lesson reads them.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { course } = parseParams(args.params, { course: Slug })
  const { work } = args.context
  const enrolment = await findEnrolment(work, user.id, course)
  const today = localIsoDate(work.now())
  if (!enrolment || !mayResume(enrolment, today)) return redirect(`/courses/${course}`)
  const manifest = await versionManifest(work.db, enrolment.course_version_id)
  if (!manifest) notFound()
  return redirect(resumePath(course, manifest, enrolment, today) ?? notFound())
}
