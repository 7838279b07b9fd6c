import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { primaryRole, requireUser } from '#app/http/auth.server.ts'
import { z } from 'zod'
import { parseForm } from '#app/http/submission.server.ts'
import { useFormat, useLocale, useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import { interpolate } from '#app/i18n/locales.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listMyEnrolments, resumePath } from '#app/modules/courses/enrolment.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { markNotificationsRead, unreadNotifications } from '#app/modules/mail/notifications.server.ts'
import { awaitingFirstAdministrator } from '#app/modules/auth/admin-account.server.ts'
import { SetupNotice } from '#app/components/setup-notice.tsx'

export const handle: PageHandle = { title: 'home.title' }

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.auth?.user
  if (!user)
    return { kind: 'guest' as const, name: null, welcome: false, learning: [], notifications: [], setup: await awaitingFirstAdministrator(context.work) }
  const role = primaryRole(user)
  if (role === 'admin' || role === 'regional_admin') return redirect('/admin')
  if (role === 'trainer') return redirect('/trainer')
  const welcome = new URL(request.url).searchParams.has('welcome')
  const enrolments = role === 'teacher' ? await listMyEnrolments(context.work, user.id) : []
  const notifications = await unreadNotifications(context.work, user.id, resolveLocale(request, context))
  const today = localIsoDate(context.work.now())
  return {
    kind: role,
    name: user.fullName,
    welcome,
    notifications,
    learning: enrolments.map((e) => ({
      id: e.id,
      // Straight to the lesson (or the course page): what /learn/<course> would redirect to.
      href: resumePath(e.course_id, e.manifest, e, today) ?? `/courses/${e.course_id}`,
      title: e.manifest.title,
      cohort: e.cohort_title,
      status: e.status,
      done: e.lessons_done,
      total: e.lessons_total,
      started: e.last_lesson_id !== null,
      completedAt: e.completed_at,
    })),
  }
}

/** Marks the reader's notifications as read. */
export async function action(args: ActionFunctionArgs) {
  requireUser(args)
  await parseForm(args.request, z.object({}))
  await markNotificationsRead(args.context.work)
  return redirect('/')
}

export default function HomePage() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const translate = useTranslateKey()
  if (data.kind === 'guest') return <GuestHome setup={data.setup} />
  return (
    <section className="page" aria-labelledby="home-title">
      {data.welcome ? (
        <p role="status" className="notice notice--success">
          {t('home.welcome', { name: data.name ?? '' })}
        </p>
      ) : null}
      {data.notifications.length ? (
        <aside className="notice" aria-labelledby="notifications-title">
          <h2 id="notifications-title" className="notice__title">
            {t('monitoring.notifications')}
          </h2>
          <ul>
            {data.notifications.map((n) => (
              <li key={n.id}>{n.link ? <Link to={n.link}>{interpolate(translate(n.key), n.params)}</Link> : interpolate(translate(n.key), n.params)}</li>
            ))}
          </ul>
          <Form method="post">
            <button type="submit" className="button button--quiet">
              {t('monitoring.markRead')}
            </button>
          </Form>
        </aside>
      ) : null}
      {data.kind === 'teacher' ? (
        <MyLearning learning={data.learning} />
      ) : data.kind === 'coordinator' ? (
        <>
          <h1 id="home-title">{t('home.coordinator.title')}</h1>
          <p>{t('home.coordinator.empty')}</p>
        </>
      ) : (
        <>
          <h1 id="home-title">{t('home.parent.title')}</h1>
          <p>{t('home.parent.empty')}</p>
        </>
      )}
    </section>
  )
}

type Learning = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { learning: unknown }>['learning']

function MyLearning({ learning }: { learning: Learning }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <>
      <h1 id="home-title">{t('learning.title')}</h1>
      {learning.length === 0 ? (
        <p>
          {t('learning.empty')} <Link to="/courses">{t('learning.findCourse')}</Link>
        </p>
      ) : (
        <ul className="cards" role="list">
          {learning.map((e) => {
            const percent = e.total ? Math.round((e.done / e.total) * 100) : 0
            const label = t('learning.progress', { done: e.done, total: e.total })
            return (
              <li key={e.id} className="card learning-card">
                <h2>
                  <Link to={e.href}>{pickLocalized(e.title, locale)}</Link>
                </h2>
                <p className="muted">
                  {e.cohort} · {t(`learning.status.${e.status}`)}
                </p>
                <p>{label}</p>
                <progress max={100} value={percent} aria-label={label}>
                  {percent}%
                </progress>
                {e.completedAt ? <p>{t('learning.completedOn', { date: f.date(e.completedAt) })}</p> : null}
                {e.status === 'not_passed' ? <p>{t('learning.notPassedNote')}</p> : null}
                {e.status === 'active' ? (
                  <Link className="button" to={e.href}>
                    {e.started ? t('course.continue') : t('course.start')}
                  </Link>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
      <p>
        <Link to="/courses">{t('catalogue.title')}</Link>
      </p>
    </>
  )
}

function GuestHome({ setup }: { setup: boolean }) {
  const t = useT()
  return (
    <section className="page" aria-labelledby="home-title">
      {setup ? <SetupNotice /> : null}
      <div className="hero">
        <h1 id="home-title">{t('home.guest.title')}</h1>
        <p className="lead">{t('home.guest.lead')}</p>
        <p className="actions">
          <Link className="button" to="/register">
            {t('home.guest.register')}
          </Link>
          <Link className="button button--secondary" to="/courses">
            {t('catalogue.title')}
          </Link>
        </p>
      </div>
      <ul className="cards" role="list">
        <li className="card">
          <h2>{t('home.guest.teachers.title')}</h2>
          <p>{t('home.guest.teachers.text')}</p>
        </li>
        <li className="card">
          <h2>{t('home.guest.parents.title')}</h2>
          <p>{t('home.guest.parents.text')}</p>
        </li>
        <li className="card">
          <h2>{t('home.guest.verify.title')}</h2>
          <p>{t('home.guest.verify.text')}</p>
        </li>
      </ul>
    </section>
  )
}
