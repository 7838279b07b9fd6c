import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FilterForm, FormErrors, SelectField } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { Pager, pageParam, withPage } from '#app/components/pager.tsx'
import { withStaffMessages } from '#app/components/staff-page.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { listOutbox } from '#app/modules/mail/outbox.server.ts'
import { outboxProgress, retryFailedMail } from '#app/modules/mail/progress.server.ts'
import { FailedSection, RetryButton } from './failed-section.tsx'
import { ProgressSection } from './progress-section.tsx'

export const handle: PageHandle = { title: 'admin.outbox.title' }

const STATUSES = ['pending', 'sending', 'sent', 'failed'] as const
type MailStatus = (typeof STATUSES)[number]
const Status = z.enum(STATUSES).optional().catch(undefined)

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const { work } = args.context
  const url = args.request.url
  const status = Status.parse(new URL(url).searchParams.get('status') ?? undefined)
  const [list, failed, progress] = await Promise.all([listOutbox(work, status, pageParam(url)), listOutbox(work, 'failed', 1, 10), outboxProgress(work)])
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context), ['delivery.']),
    ...list,
    progress,
    failed: failed.rows,
    failedTotal: failed.total,
    status: status ?? null,
    url,
    smtpConfigured: work.config.smtpConfigured,
  }
}

const RetrySchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('retry'), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('retryAll') }),
])

export async function action(args: ActionFunctionArgs) {
  requireRole(args, 'admin')
  const submission = await parseForm(args.request, RetrySchema)
  if (submission.status !== 'success') return data({ error: 'error.form.malformed' as const }, { status: 400 })
  const form = submission.value
  const result = await retryFailedMail(args.context.work, form.intent === 'retry' ? form.id : 'all')
  if (!result.ok) return data({ error: 'delivery.outbox.notFound' as const }, { status: 404 })
  return redirect(`/admin/outbox?retried=${result.value.retried}`)
}

export default withStaffMessages(AdminOutbox)

function AdminOutbox() {
  const { rows, progress, failed, failedTotal, status, smtpConfigured, page, pages, total, first, url } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const [params] = useSearchParams()
  const retried = Number(params.get('retried') ?? 0)
  const t = useT()
  const f = useFormat()
  const count = (key: MailStatus) => progress.kinds.reduce((sum, k) => sum + k[key], 0)
  const statusName = (s: MailStatus) => (s === 'sending' ? t('delivery.outbox.sending') : t(`admin.outbox.${s}`))
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t('admin.outbox.title')}</h1>
      <p>{smtpConfigured ? t('admin.outbox.smtp') : t('admin.outbox.noSmtp')}</p>
      {retried > 0 ? (
        <p className="notice notice--success" role="status">
          {t('delivery.outbox.retried', { count: f.number(retried) })}
        </p>
      ) : null}
      <FormErrors errors={answer ? [t(answer.error)] : null} />
      <ProgressSection progress={progress} />
      <FailedSection failed={failed} total={failedTotal} />
      <FilterForm label={t('admin.outbox.status')} submitLabel={t('admin.filter')}>
        <SelectField label={t('admin.outbox.status')} selectProps={{ id: 'status', name: 'status', defaultValue: status ?? '' }}>
          <option value="">{t('admin.outbox.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusName(s)} ({f.number(count(s))})
            </option>
          ))}
        </SelectField>
      </FilterForm>
      {rows.length === 0 ? <p>{t('admin.outbox.empty')}</p> : null}
      <ul className="mail-list" role="list">
        {rows.map((m) => (
          <li key={m.id} className="card">
            <details>
              <summary>
                <strong>{m.subject}</strong> · {m.to_address} · {statusName(m.status)} · {f.dateTime(m.created_at)}
              </summary>
              <pre className="mail-body">{m.text_body}</pre>
            </details>
            {m.last_error ? <p className="form-errors">{t('admin.outbox.lastError', { attempts: m.attempts, error: m.last_error })}</p> : null}
            {m.status === 'failed' ? <RetryButton id={m.id} /> : null}
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
