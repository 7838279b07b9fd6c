import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { localName } from '#app/components/localized.ts'
import { adminOverview } from '#app/modules/admin/overview.server.ts'

export const handle: PageHandle = { title: 'admin.overview.title' }

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const overview = await adminOverview(args.context.db, adminRegions(user))
  return { ...overview, smtpConfigured: args.context.config.smtpConfigured }
}

export default function AdminOverview() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">{t('admin.overview.title')}</h1>
      {data.regions ? (
        <p>{t('admin.overview.scope', { regions: data.regions.map((r) => localName(r, locale)).join(', ') })}</p>
      ) : null}
      <ul className="stats" role="list">
        {data.roleCounts.map((r) => (
          <li key={r.role} className="stat">
            <span className="stat__value">{f.number(r.count)}</span>
            <span className="stat__label">{t(`role.${r.role}`)}</span>
          </li>
        ))}
        <li className="stat">
          <span className="stat__value">{f.number(data.newUsers7d)}</span>
          <span className="stat__label">{t('admin.overview.newUsers7d')}</span>
        </li>
      </ul>
      {data.outbox ? (
        <p>
          {t('admin.overview.outbox', { pending: f.number(data.outbox.pending), failed: f.number(data.outbox.failed) })}{' '}
          <Link to="/admin/outbox">{t('admin.nav.outbox')}</Link>
          {!data.smtpConfigured ? ` · ${t('admin.outbox.noSmtp')}` : ''}
        </p>
      ) : null}
    </section>
  )
}
