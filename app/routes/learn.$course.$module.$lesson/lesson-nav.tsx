import { Link } from '@remix-run/react'
import { useT } from '#app/i18n/i18n.tsx'
import type { SerializeFrom } from '@remix-run/node'
import type { loader } from './route.tsx'

type Lesson = SerializeFrom<typeof loader>

/**
 * The course's contents beside the lesson: each module's lessons, done, current or locked, and the progress bar.
 * On a phone they are closed behind a button so the lesson starts on the first screen. The button is a <details>
 * with nothing inside: the list is its next sibling, shown by CSS while it is open and always on a wide screen,
 * which a closed <details> could not do without JavaScript (a lesson page has none).
 */
export function LessonNav({ d }: { d: Lesson }) {
  const t = useT()
  const percent = d.progress.total ? Math.round((d.progress.done / d.progress.total) * 100) : 0
  return (
    <nav className="lesson-nav" aria-label={t('lesson.contents')}>
      <details className="lesson-nav__toggle">
        <summary aria-controls="lesson-contents">
          {t('lesson.contents')}{' '}
          <span className="lesson-nav__count" aria-hidden="true">
            {d.progress.done} / {d.progress.total}
          </span>
        </summary>
      </details>
      <div className="lesson-nav__body" id="lesson-contents">
        <p className="lesson-nav__course">
          <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link>
        </p>
        <p className="lesson-nav__progress">
          {t('lesson.progress', { done: d.progress.done, total: d.progress.total })}
          <progress max={100} value={percent} aria-label={t('lesson.progress', { done: d.progress.done, total: d.progress.total })} />
        </p>
        <ol className="lesson-nav__modules">
          {d.nav.map((m) => (
            <li key={m.id}>
              <span className="lesson-nav__module">{m.title}</span>
              <ol>
                {m.lessons.map((l) => (
                  <li key={l.href}>
                    <Link to={l.href} aria-current={l.current ? 'page' : undefined} className={l.done ? 'is-done' : undefined}>
                      {l.done ? (
                        <>
                          <span aria-hidden="true">✓ </span>
                          <span className="visually-hidden">{t('lesson.done')}: </span>
                        </>
                      ) : null}
                      {l.title}
                      {l.locked ? <span className="tag">{t('lesson.locked.tag')}</span> : null}
                    </Link>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      </div>
    </nav>
  )
}
