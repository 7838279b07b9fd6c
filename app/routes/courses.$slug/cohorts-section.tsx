import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { localName } from '#app/i18n/local-name.ts'
import { useFormat, useLanguageName, useLocale, useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import type { action, loader } from './route.tsx'

// A teachers' course's open cohorts, each with its enrol button (or a link to log in first).

export function CohortsSection() {
  const { course, cohorts, enrolment, outlook, loggedIn, canEnrol } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const languageName = useLanguageName()
  const translate = useTranslateKey()
  const locale = useLocale()
  const f = useFormat()
  return (
    <>
      <h2 id="cohorts-title">{t('course.cohorts')}</h2>
      {actionData?.error ? (
        <p className="form-errors" role="alert">
          {translate(actionData.error)}
        </p>
      ) : null}
      {cohorts.length === 0 ? <p>{t('course.noCohorts')}</p> : null}
      <ul className="cards" role="list" aria-labelledby="cohorts-title">
        {cohorts.map((c) => {
          const free = Math.max(0, c.capacity - c.taken)
          return (
            <li key={c.id} className="card">
              <h3>{c.title}</h3>
              <p>{t('course.cohort.dates', { start: f.date(c.startsOn), end: f.date(c.endsOn) })}</p>
              <p>
                {localName(c.region, locale)} · {t('course.cohort.lang', { lang: languageName(c.lang) })}
              </p>
              {c.trainer ? <p>{t('course.cohort.trainer', { name: c.trainer })}</p> : null}
              <p>{t('course.cohort.seats', { free, capacity: c.capacity })}</p>
              {/* After a granted retake, any open cohort but the one that ended. */}
              {enrolment && (!outlook?.mayEnrolAgain || enrolment.cohortId === c.id) ? null : !loggedIn ? (
                <Link to={`/login?redirectTo=${encodeURIComponent(`/courses/${course.slug}`)}`}>{t('course.enrolLogin')}</Link>
              ) : canEnrol ? (
                <Form method="post">
                  <input type="hidden" name="cohortId" value={c.id} />
                  <button type="submit" className="button" aria-describedby={`cohort-${c.id}`}>
                    {t('course.enrol')}
                  </button>
                  <span id={`cohort-${c.id}`} className="visually-hidden">
                    {c.title}
                  </span>
                </Form>
              ) : null}
            </li>
          )
        })}
      </ul>
    </>
  )
}
