import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { parseSubmission } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, Field, FormErrors } from '#app/components/forms.tsx'
import { localName } from '#app/components/localized.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, hasRole, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { useFormat, useLocale, useT, type TFunction } from '#app/i18n/i18n.tsx'
import { formatCode } from '#app/modules/certificates/facts.ts'
import { getCertificate, reissueCertificate, revokeCertificate } from '#app/modules/certificates/issue.server.ts'
import { canAdministerCertificate, getCertificateForAdmin } from '#app/modules/certificates/registry.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'

export const handle: PageHandle = {
  title: (data) => (data as { cert?: { number: string } } | undefined)?.cert?.number,
}

const ParamsSchema = z.object({ id: z.string().regex(/^[a-z2-7]{16}$/) })
const DoneSchema = z.enum(['issued', 'existing', 'reissued', 'revoked']).nullable().catch(null)

const ReissueSchema = z.object({
  intent: z.literal('reissue'),
  holder: z
    .string({ required_error: 'admin.certificates.reissue.holderShort' })
    .trim()
    .min(3, 'admin.certificates.reissue.holderShort')
    .max(120, 'validation.tooLong'),
})

const RevokeSchema = z.object({
  intent: z.literal('revoke'),
  reason: z
    .string({ required_error: 'admin.certificates.revoke.reasonShort' })
    .trim()
    .min(3, 'admin.certificates.revoke.reasonShort')
    .max(500, 'admin.certificates.revoke.reasonLong'),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound()
  const cert = await getCertificateForAdmin(args.context.work, params.data.id)
  if (!cert) notFound()
  invariantResponse(canAdministerCertificate(cert, adminRegions(user)), 'error.forbidden.text', { status: 403 })
  return {
    cert: {
      id: cert.id, number: cert.number, code: cert.code, kind: cert.kind, status: cert.status, revision: cert.revision, issuedAt: cert.issued_at,
      revokedAt: cert.revoked_at, revokeReason: cert.revoke_reason, facts: cert.facts, holder: cert.holder, cohort: cert.cohort,
      region: cert.region, issuer: cert.issuer, history: cert.history,
    },
    isAdmin: hasRole(user, 'admin'),
    done: DoneSchema.parse(new URL(args.request.url).searchParams.get('done')),
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, params, request } = args
  const parsedParams = ParamsSchema.safeParse(params)
  if (!parsedParams.success) notFound()
  const cert = await getCertificate(context.work, parsedParams.data.id)
  if (!cert) notFound()
  invariantResponse(canAdministerCertificate(cert, adminRegions(user)), 'error.forbidden.text', { status: 403 })
  const formData = await request.formData()
  if (formData.get('intent') === 'revoke') {
    const submission = parseSubmission(formData, { schema: RevokeSchema })
    if (submission.status !== 'success') return data({ intent: 'revoke' as const, result: submission.reply() }, { status: 400 })
    const revoked = await revokeCertificate(context.work, cert.id, submission.value.reason)
    if (!revoked) return data({ intent: 'revoke' as const, result: submission.reply({ formErrors: ['admin.certificates.revoke.already'] }) }, { status: 400 })
    return redirect(`/admin/certificates/${cert.id}?done=revoked`)
  }
  const submission = parseSubmission(formData, { schema: ReissueSchema })
  if (submission.status !== 'success') return data({ intent: 'reissue' as const, result: submission.reply() }, { status: 400 })
  const holder = submission.value.holder.replace(/\s+/g, ' ')
  if (cert.status === 'revoked') {
    return data({ intent: 'reissue' as const, result: submission.reply({ formErrors: ['admin.certificates.reissue.revoked'] }) }, { status: 400 })
  }
  if (holder === cert.facts.holder) {
    return data({ intent: 'reissue' as const, result: submission.reply({ fieldErrors: { holder: ['admin.certificates.reissue.unchanged'] } }) }, { status: 400 })
  }
  await reissueCertificate(context.work, cert.id, { holder })
  return redirect(`/admin/certificates/${cert.id}?done=reissued`)
}

type History = ReturnType<typeof useLoaderData<typeof loader>>['cert']['history']

function describe(entry: History[number], t: TFunction): string {
  const d = entry.details
  switch (entry.action) {
    case 'certificate.issue':
      return t('admin.certificates.history.issue')
    case 'certificate.reissue':
      return t('admin.certificates.history.reissue', { revision: d.revision ?? '?', from: d.previousHolder ?? '', to: d.holder ?? '' })
    case 'certificate.revoke':
      return t('admin.certificates.history.revoke', { reason: d.reason ?? '' })
    default:
      return t('admin.certificates.history.other', { action: entry.action })
  }
}

export default function AdminCertificatePage() {
  const { cert, isAdmin, done } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const [reissueForm, reissueFields] = useForm({
    id: 'reissue',
    lastResult: actionData?.intent === 'reissue' ? actionData.result : undefined,
    defaultValue: { holder: cert.facts.holder },
    constraint: getZodConstraint(ReissueSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReissueSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  const [revokeForm, revokeFields] = useForm({
    id: 'revoke',
    lastResult: actionData?.intent === 'revoke' ? actionData.result : undefined,
    constraint: getZodConstraint(RevokeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RevokeSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  const facts = cert.facts
  const day = (iso: string) => f.date(`${iso}T12:00:00Z`)
  const kind = t(cert.kind === 'certificate' ? 'certificate.kind.certificate' : 'certificate.kind.attendance')
  const busy = navigation.state === 'submitting'
  const reasonHintId = 'revoke-reason-hint'
  const { key: reasonKey, ...reasonProps } = getTextareaProps(revokeFields.reason, { ariaDescribedBy: reasonHintId })
  return (
    <section aria-labelledby="certificate-title">
      <h1 id="certificate-title">{`${kind} ${cert.number}`}</h1>
      {done ? <p role="status" className="notice notice--success">{t(`admin.certificates.done.${done}`)}</p> : null}
      {/* A refusal for a certificate revoked meanwhile: its forms are gone, so it shows here. */}
      {cert.status !== 'valid' ? <FormErrors errors={actionData?.result.error?.[''] ?? null} /> : null}
      <dl className="details">
        <dt>{t('admin.certificates.detail.status')}</dt>
        <dd>
          {cert.status === 'valid'
            ? t('admin.certificates.status.valid')
            : t('admin.certificates.detail.revoked', { date: f.dateTime(cert.revokedAt ?? cert.issuedAt), reason: cert.revokeReason ?? '' })}
        </dd>
        <dt>{t('verify.kind')}</dt>
        <dd>{kind}</dd>
        <dt>{t('verify.holder')}</dt>
        <dd>{facts.holder}</dd>
        <dt>{t('admin.certificates.detail.account')}</dt>
        <dd>
          {isAdmin ? <Link to={`/admin/users/${cert.holder.id}`}>{cert.holder.full_name}</Link> : cert.holder.full_name}
          {cert.holder.iin ? ` · ${t('auth.field.iin')} ${cert.holder.iin}` : ''}
        </dd>
        <dt>{t('verify.course')}</dt>
        <dd>{pickLocalized(facts.course, locale)}</dd>
        <dt>{t('verify.hours')}</dt>
        <dd>{t('certificates.hours', { hours: f.number(facts.hours) })}</dd>
        <dt>{t('verify.dates')}</dt>
        <dd>{day(facts.from)} – {day(facts.to)}</dd>
        {facts.approval ? (
          <>
            <dt>{t('admin.certificates.detail.approval')}</dt>
            <dd>{t('admin.certificates.detail.approvalValue', { number: facts.approval.number, date: day(facts.approval.date) })}</dd>
          </>
        ) : null}
        <dt>{t('admin.certificates.detail.cohort')}</dt>
        <dd>{cert.cohort.title}</dd>
        <dt>{t('admin.certificates.detail.region')}</dt>
        <dd>{cert.region ? localName(cert.region, locale) : '—'}</dd>
        <dt>{t('verify.number')}</dt>
        <dd>{cert.number}</dd>
        <dt>{t('verify.code')}</dt>
        <dd><code>{formatCode(cert.code)}</code></dd>
        <dt>{t('verify.issued')}</dt>
        <dd>{day(facts.issued)}</dd>
        <dt>{t('admin.certificates.detail.issuedBy')}</dt>
        <dd>{cert.issuer?.full_name ?? t('admin.certificates.detail.system')}</dd>
        <dt>{t('admin.certificates.detail.revision')}</dt>
        <dd>{f.number(cert.revision)}</dd>
      </dl>
      <p className="actions">
        <a className="button" href={`/certificates/${cert.id}.pdf`} download>{t('certificates.download')}</a>
        <a href={`/verify/${cert.code}`}>{t('certificates.verifyLink')}</a>
      </p>

      {cert.status === 'valid' ? (
        <>
          <Form method="post" {...getFormProps(reissueForm)} className="stack card" aria-labelledby="reissue-title">
            <h2 id="reissue-title">{t('admin.certificates.reissue.title')}</h2>
            <p>{t('admin.certificates.reissue.intro')}</p>
            <FormErrors id={reissueForm.errorId} errors={reissueForm.errors} />
            <input type="hidden" name="intent" value="reissue" />
            <Field
              label={t('admin.certificates.reissue.holder')}
              errors={reissueFields.holder.errors}
              errorId={reissueFields.holder.errorId}
              inputProps={{ ...getInputProps(reissueFields.holder, { type: 'text' }), autoComplete: 'off' }}
            />
            <button type="submit" className="button" disabled={busy}>{t('admin.certificates.reissue.submit')}</button>
          </Form>

          <Form method="post" {...getFormProps(revokeForm)} className="stack card" aria-labelledby="revoke-title">
            <h2 id="revoke-title">{t('admin.certificates.revoke.title')}</h2>
            <p>{t('admin.certificates.revoke.intro')}</p>
            <FormErrors id={revokeForm.errorId} errors={revokeForm.errors} />
            <input type="hidden" name="intent" value="revoke" />
            <div className="field">
              <label htmlFor={revokeFields.reason.id}>{t('admin.certificates.revoke.reason')}</label>
              <p id={reasonHintId} className="field-description">{t('admin.certificates.revoke.reasonHint')}</p>
              <textarea key={reasonKey} {...reasonProps} rows={3} maxLength={500} />
              <ErrorList id={revokeFields.reason.errorId} errors={revokeFields.reason.errors} />
            </div>
            <button type="submit" className="button button--danger" disabled={busy}>{t('admin.certificates.revoke.submit')}</button>
          </Form>
        </>
      ) : null}

      <h2 id="history-title">{t('admin.certificates.history.title')}</h2>
      {cert.history.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="history-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.certificates.history.when')}</th>
                <th scope="col">{t('admin.certificates.history.who')}</th>
                <th scope="col">{t('admin.certificates.history.what')}</th>
              </tr>
            </thead>
            <tbody>
              {cert.history.map((h) => (
                <tr key={h.id}>
                  <td>{f.dateTime(h.created_at)}</td>
                  <td>{h.actor_name ?? t('admin.certificates.detail.system')}</td>
                  <td>{describe(h, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('admin.certificates.history.empty')}</p>
      )}
    </section>
  )
}
