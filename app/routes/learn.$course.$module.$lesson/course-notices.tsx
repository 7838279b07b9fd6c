import { Link } from '@remix-run/react'
import { useT } from '#app/i18n/i18n.tsx'
import type { SerializeFrom } from '@remix-run/node'
import type { loader } from './route.tsx'

type Lesson = SerializeFrom<typeof loader>

/** Where the course stands: completed, not passed, or its end-of-course survey still open. */
export function CourseNotices({ d }: { d: Lesson }) {
  const t = useT()
  return (
    <>
      {d.status === 'completed' ? (
        <p className="notice notice--success" role="status">
          {t('lesson.courseComplete')}
        </p>
      ) : null}
      {d.status === 'not_passed' ? (
        <p className="notice" role="status">
          {t('lesson.courseNotPassed')}
        </p>
      ) : null}
      {d.endSurveyId ? (
        <p className="notice" role="status">
          {t('lesson.endSurvey')} <Link to={`/surveys/${d.endSurveyId}`}>{t('lesson.endSurveyLink')}</Link>
        </p>
      ) : null}
    </>
  )
}
