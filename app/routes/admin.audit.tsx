import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AuditDetails } from '#app/components/audit-details.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { Pager, pageParam, withPage } from '#app/components/pager.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { MoreMessages, useFormat, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { listAudit } from '#app/modules/audit/audit.server.ts'
import { auditDetails, auditTargetHref, isAuditAction, isAuditTarget } from '#app/modules/audit/entries.ts'

export const handle: PageHandle = { title: 'admin.audit.title' }

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const list = await listAudit(args.context.work, { page: pageParam(args.request.url) })
  const rows = list.rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    targetHref: auditTargetHref(r.action, r.target_type, r.target_id),
    details: auditDetails(r.details),
  }))
  return { ...list, rows, url: args.request.url, messages: staffMessagesFor(resolveLocale(args.request, args.context), ['audit.']) }
}

export default function AdminAudit() {
  const { messages } = useLoaderData<typeof loader>()
  return (
    <MoreMessages messages={messages}>
      <AuditLog />
    </MoreMessages>
  )
}

function AuditLog() {
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
                <td>{f.dateTime(r.createdAt)}</td>
                <td>{r.actorName ?? '—'}</td>
                <td>{isAuditAction(r.action) ? t(`audit.action.${r.action}`) : t('audit.unknownAction', { action: r.action })}</td>
                <td>
                  {r.targetType && isAuditTarget(r.targetType) ? `${t(`audit.target.${r.targetType}`)}: ` : null}
                  {r.targetHref ? <Link to={r.targetHref}>{r.targetId}</Link> : (r.targetId ?? '—')}
                </td>
                <td>
                  <AuditDetails details={r.details} />
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
