import { Form, Link, useNavigation } from '@remix-run/react'
import { useT } from '#app/i18n/i18n.tsx'
import type { SerializeFrom } from '@remix-run/node'
import type { loader } from './route.tsx'

type Lesson = SerializeFrom<typeof loader>

/** Marking the lesson done (while the enrolment runs and the lesson is open), and the previous and next lessons. */
export function LessonFooter({ d }: { d: Lesson }) {
  const t = useT()
  const navigation = useNavigation()
  return (
    <div className="lesson-footer">
      {d.status === 'active' && !d.lock ? (
        d.lesson.done ? (
          <p className="notice notice--success">{t('lesson.isDone')}</p>
        ) : (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="done" />
            <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
              {d.next ? t('lesson.markDone') : t('lesson.markDoneLast')}
            </button>
          </Form>
        )
      ) : null}
      <nav className="pager" aria-label={t('admin.pagination')}>
        {d.previous ? (
          <Link to={d.previous} rel="prev">
            ← {t('lesson.previous')}
          </Link>
        ) : (
          <span />
        )}
        {d.next ? (
          <Link to={d.next} rel="next">
            {t('lesson.next')} →
          </Link>
        ) : null}
      </nav>
    </div>
  )
}
