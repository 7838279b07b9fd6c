import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { primaryRole } from '#app/http/auth.server.ts'
import { useT } from '#app/i18n/i18n.tsx'

export const handle: PageHandle = { title: 'home.title' }

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.auth?.user
  if (!user) return { kind: 'guest' as const, name: null, welcome: false }
  const role = primaryRole(user)
  if (role === 'admin' || role === 'regional_admin') return redirect('/admin')
  const welcome = new URL(request.url).searchParams.has('welcome')
  return { kind: role, name: user.fullName, welcome }
}

export default function HomePage() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  if (data.kind === 'guest') return <GuestHome />
  return (
    <section className="page" aria-labelledby="home-title">
      {data.welcome ? <p role="status" className="notice notice--success">{t('home.welcome', { name: data.name ?? '' })}</p> : null}
      {data.kind === 'teacher' ? (
        <>
          <h1 id="home-title">{t('home.teacher.title')}</h1>
          <p>{t('home.teacher.empty')}</p>
        </>
      ) : data.kind === 'trainer' ? (
        <>
          <h1 id="home-title">{t('home.trainer.title')}</h1>
          <p>{t('home.trainer.empty')}</p>
        </>
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

function GuestHome() {
  const t = useT()
  return (
    <section className="page" aria-labelledby="home-title">
      <div className="hero">
        <h1 id="home-title">{t('home.guest.title')}</h1>
        <p className="lead">{t('home.guest.lead')}</p>
        <p className="actions">
          <Link className="button" to="/register">{t('home.guest.register')}</Link>
          <Link className="button button--secondary" to="/login">{t('nav.login')}</Link>
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
