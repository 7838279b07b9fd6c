import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { Pager, pageParam, withPage } from '#app/components/pager.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { listAudit } from '#app/modules/audit/audit.server.ts'

export const handle: PageHandle = { title: 'admin.audit.title' }

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const list = await listAudit(args.context.work, { page: pageParam(args.request.url) })
  return { ...list, url: args.request.url }
}

export default function AdminAudit() {
  const { rows, page, pages, total, first, url } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('admin.audit.title')}</h1>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.when')}</th>
              <th scope="col">{t('admin.audit.who')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.target')}</th>
              <th scope="col">{t('admin.audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{f.dateTime(r.created_at)}</td>
                <td>{r.actor_name ?? '—'}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>{r.target_type === 'user' && r.target_id ? <Link to={`/admin/users/${r.target_id}`}>{r.target_id}</Link> : (r.target_id ?? '—')}</td>
                <td>
                  <code>{r.details}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        label={t('pager.label')}
        shown={t('pager.shown', { from: f.number(first), to: f.number(first + rows.length - 1), total: f.number(total) })}
        page={page}
        pages={pages}
        href={(to) => withPage(url, to)}
      />
    </section>
  )
}
