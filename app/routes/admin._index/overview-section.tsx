import { Link } from '@remix-run/react'
import { localName } from '#app/i18n/local-name.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import type { LoaderData } from './route.tsx'

/** Head counts of accounts by role, new accounts and the mail outbox. */
export function OverviewSection({ overview }: { overview: LoaderData['overview'] }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section aria-labelledby="overview-title" className="dashboard-section dashboard-overview">
      <h2 id="overview-title">{t('dashboard.overview.title')}</h2>
      {overview.regions ? <p>{t('admin.overview.scope', { regions: overview.regions.map((r) => localName(r, locale)).join(', ') })}</p> : null}
      <ul className="stats" role="list">
        {overview.roleCounts.map((r) => (
          <li key={r.role} className="stat">
            <span className="stat__value">{f.number(r.count)}</span>
            <span className="stat__label">{t(`role.${r.role}`)}</span>
          </li>
        ))}
        <li className="stat">
          <span className="stat__value">{f.number(overview.newUsers7d)}</span>
          <span className="stat__label">{t('admin.overview.newUsers7d')}</span>
        </li>
      </ul>
      {overview.outbox ? (
        <p>
          {t('admin.overview.outbox', { pending: f.number(overview.outbox.pending), failed: f.number(overview.outbox.failed) })}{' '}
          {overview.isAdmin ? <Link to="/admin/outbox">{t('admin.nav.outbox')}</Link> : null}
          {!overview.smtpConfigured ? ` · ${t('admin.outbox.noSmtp')}` : ''}
        </p>
      ) : null}
    </section>
  )
}
