import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { hasRole, requireRole } from '#app/http/auth.server.ts'
import { useT, type MessageKey } from '#app/i18n/i18n.tsx'

// Everything under /admin is for admins and regional admins; each child route
// checks its own rule again, since a loader may be called without this one.
export function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  return { isAdmin: hasRole(user, 'admin') }
}

const sections: { to: string; label: MessageKey; adminOnly?: boolean }[] = [
  { to: '/admin', label: 'admin.nav.dashboard' },
  { to: '/admin/cohorts', label: 'cohort.nav' },
  { to: '/admin/import', label: 'import.nav' },
  { to: '/admin/certificates', label: 'admin.certificates.nav' },
  { to: '/admin/surveys', label: 'surveyReport.nav' },
  { to: '/admin/parents', label: 'admin.nav.parents' },
  { to: '/admin/events', label: 'admin.nav.events' },
  { to: '/admin/schools', label: 'admin.nav.schools' },
  { to: '/admin/users', label: 'admin.nav.users', adminOnly: true },
  { to: '/admin/outbox', label: 'admin.nav.outbox', adminOnly: true },
  { to: '/admin/accreditation', label: 'admin.nav.accreditation', adminOnly: true },
  { to: '/admin/audit', label: 'admin.nav.audit', adminOnly: true },
  { to: '/admin/targets', label: 'admin.nav.targets', adminOnly: true },
]

export default function AdminLayout() {
  const { isAdmin } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="page admin">
      <nav aria-label={t('admin.nav.label')} className="subnav">
        <ul>
          {sections
            .filter((s) => isAdmin || !s.adminOnly)
            .map((s) => (
              <li key={s.to}>
                <NavLink to={s.to} end={s.to === '/admin'}>
                  {t(s.label)}
                </NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  )
}
