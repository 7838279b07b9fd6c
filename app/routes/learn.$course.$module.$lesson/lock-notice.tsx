import { Link } from '@remix-run/react'
import { useT } from '#app/i18n/i18n.tsx'
import type { SerializeFrom } from '@remix-run/node'
import type { loader } from './route.tsx'

type Lesson = SerializeFrom<typeof loader>

/** Why a locked lesson is not shown, and the way to the step that opens it. */
export function LockNotice({ lock }: { lock: NonNullable<Lesson['lock']> }) {
  const t = useT()
  return (
    <div className="notice" role="alert">
      <p>{t(lock.reason === 'diagnosticFirst' ? 'lesson.locked.diagnosticFirst' : 'lesson.locked.finalExam')}</p>
      {lock.reason === 'finalExamLast' ? (
        <ul>
          {lock.lessonsLeft ? <li>{t('lesson.locked.lessonsLeft', { count: lock.lessonsLeft })}</li> : null}
          {lock.quizzesLeft ? <li>{t('lesson.locked.quizzesLeft', { count: lock.quizzesLeft })}</li> : null}
        </ul>
      ) : null}
      {lock.href ? (
        <p>
          <Link className="button" to={lock.href}>
            {t(lock.reason === 'diagnosticFirst' ? 'lesson.locked.toDiagnostic' : 'lesson.locked.nextStep')}
          </Link>
        </p>
      ) : null}
    </div>
  )
}
