import type { SerializeFrom } from '@remix-run/node'
import { NextStepNotice } from '#app/components/next-step-notice.tsx'
import type { loader } from './route.tsx'

type Lesson = SerializeFrom<typeof loader>

/**
 * Where the course stands and what is next, when that is more than the next
 * lesson the footer links to: a test to retake, the end-of-course survey, an
 * ended cohort, the certificate.
 */
export function CourseNotices({ d }: { d: Lesson }) {
  if (!d.nextStep || d.nextStep.kind === 'lesson' || d.nextStep.kind === 'start') return null
  // A locked lesson's own notice already says where to go instead.
  if (d.lock && d.nextStep.kind !== 'cohortEnded') return null
  return <NextStepNotice step={d.nextStep} here={d.here} />
}
