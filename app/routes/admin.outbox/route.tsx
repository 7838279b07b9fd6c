import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FilterForm, SelectField } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { Pager, pageParam, withPage } from '#app/components/pager.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { listOutbox, outboxCounts } from '#app/modules/mail/outbox.server.ts'

export const handle: PageHandle = { title: 'admin.outbox.title' }

const Status = z.enum(['pending', 'sent', 'failed']).optional().catch(undefined)

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const url = args.request.url
  const status = Status.parse(new URL(url).searchParams.get('status') ?? undefined)
  const [list, counts] = await Promise.all([listOutbox(args.context.work, status, pageParam(url)), outboxCounts(args.context.work.db)])
  return { ...list, counts, status: status ?? null, url, smtpConfigured: args.context.work.config.smtpConfigured }
}

export default function AdminOutbox() {
  const { rows, counts, status, smtpConfigured, page, pages, total, first, url } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t('admin.outbox.title')}</h1>
      <p>{smtpConfigured ? t('admin.outbox.smtp') : t('admin.outbox.noSmtp')}</p>
      <FilterForm label={t('admin.outbox.status')} submitLabel={t('admin.filter')}>
        <SelectField label={t('admin.outbox.status')} selectProps={{ id: 'status', name: 'status', defaultValue: status ?? '' }}>
          <option value="">{t('admin.outbox.all')}</option>
          <option value="pending">
            {t('admin.outbox.pending')} ({f.number(counts.pending)})
          </option>
          <option value="sent">
            {t('admin.outbox.sent')} ({f.number(counts.sent)})
          </option>
          <option value="failed">
            {t('admin.outbox.failed')} ({f.number(counts.failed)})
          </option>
        </SelectField>
      </FilterForm>
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
