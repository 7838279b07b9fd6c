import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { listOutbox, outboxCounts } from '#app/modules/mail/outbox.server.ts'

export const handle: PageHandle = { title: 'admin.outbox.title' }

const Query = z.object({
  status: z.enum(['pending', 'sent', 'failed']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const q = Query.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const [list, counts] = await Promise.all([listOutbox(args.context.db, q.status, q.page), outboxCounts(args.context.db)])
  return { ...list, counts, status: q.status ?? null, smtpConfigured: args.context.config.smtpConfigured }
}

export default function AdminOutbox() {
  const { rows, counts, status, smtpConfigured } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t('admin.outbox.title')}</h1>
      <p>{smtpConfigured ? t('admin.outbox.smtp') : t('admin.outbox.noSmtp')}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="status">{t('admin.outbox.status')}</label>
          <select id="status" name="status" defaultValue={status ?? ''}>
            <option value="">{t('admin.outbox.all')}</option>
            <option value="pending">{t('admin.outbox.pending')} ({f.number(counts.pending)})</option>
            <option value="sent">{t('admin.outbox.sent')} ({f.number(counts.sent)})</option>
            <option value="failed">{t('admin.outbox.failed')} ({f.number(counts.failed)})</option>
          </select>
        </div>
        <button type="submit" className="button">{t('admin.filter')}</button>
      </Form>
      {rows.length === 0 ? <p>{t('admin.outbox.empty')}</p> : null}
      <ul className="mail-list" role="list">
        {rows.map((m) => (
          <li key={m.id} className="card">
            <details>
              <summary>
                <strong>{m.subject}</strong> · {m.to_address} · {t(`admin.outbox.${m.status}`)} · {f.dateTime(m.created_at)}
              </summary>
              <pre className="mail-body">{m.text_body}</pre>
              {m.last_error ? <p className="form-errors">{t('admin.outbox.lastError', { attempts: m.attempts, error: m.last_error })}</p> : null}
            </details>
          </li>
        ))}
      </ul>
    </section>
  )
}
