import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { listAudit } from '#app/modules/audit/audit.server.ts'

export const handle: PageHandle = { title: 'admin.audit.title' }

const Query = z.object({ page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined) })

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const q = Query.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  return listAudit(args.context.db, { page: q.page })
}

export default function AdminAudit() {
  const { rows, page, hasMore } = useLoaderData<typeof loader>()
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
                <td><code>{r.action}</code></td>
                <td>{r.target_type === 'user' && r.target_id ? <Link to={`/admin/users/${r.target_id}`}>{r.target_id}</Link> : r.target_id ?? '—'}</td>
                <td><code>{r.details}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label={t('admin.pagination')} className="pagination">
        {page > 1 ? <Link to={`?page=${page - 1}`}>{t('admin.previous')}</Link> : null}
        {hasMore ? <Link to={`?page=${page + 1}`}>{t('admin.next')}</Link> : null}
      </nav>
    </section>
  )
}
