import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, hasRole, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { formatCode } from '#app/modules/certificates/facts.ts'
import { getCertificate, reissueCertificate, revokeCertificate } from '#app/modules/certificates/issue.server.ts'
import { canAdministerCertificate, getCertificateForAdmin } from '#app/modules/certificates/registry.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { ChangeForms } from './change-forms.tsx'
import { HistoryTable } from './history-table.tsx'
import { ReissueSchema, RevokeSchema } from './schemas.ts'

export const handle: PageHandle = {
  title: (data) => (data as { cert?: { number: string } } | undefined)?.cert?.number,
}

const DoneSchema = z.enum(['issued', 'existing', 'reissued', 'revoked']).nullable().catch(null)

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { id } = parseParams(args.params, { id: Id })
  const cert = await getCertificateForAdmin(args.context.work, id)
  if (!cert) notFound()
  invariantResponse(canAdministerCertificate(cert, adminRegions(user)), 'error.forbidden.text', { status: 403 })
  return {
    cert: {
      id: cert.id,
      number: cert.number,
      code: cert.code,
      kind: cert.kind,
      status: cert.status,
      revision: cert.revision,
      issuedAt: cert.issued_at,
      revokedAt: cert.revoked_at,
      revokeReason: cert.revoke_reason,
      facts: cert.facts,
      holder: cert.holder,
      cohort: cert.cohort,
      region: cert.region,
      issuer: cert.issuer,
      history: cert.history,
    },
    isAdmin: hasRole(user, 'admin'),
    done: DoneSchema.parse(new URL(args.request.url).searchParams.get('done')),
  }
}

const ActionSchema = z.discriminatedUnion('intent', [ReissueSchema, RevokeSchema])

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, params, request } = args
  const { id } = parseParams(params, { id: Id })
  const cert = await getCertificate(context.work, id)
  if (!cert) notFound()
  invariantResponse(canAdministerCertificate(cert, adminRegions(user)), 'error.forbidden.text', { status: 403 })
  const submission = await parseForm(request, ActionSchema)
  if (submission.status !== 'success') {
    return data({ intent: submission.payload.intent === 'revoke' ? ('revoke' as const) : ('reissue' as const), result: submission.reply() }, { status: 400 })
  }
  if (submission.value.intent === 'revoke') {
    const revoked = await revokeCertificate(context.work, cert.id, submission.value.reason)
    if (!revoked) return data({ intent: 'revoke' as const, result: submission.reply({ formErrors: ['admin.certificates.revoke.already'] }) }, { status: 400 })
    return redirect(`/admin/certificates/${cert.id}?done=revoked`)
  }
  const holder = submission.value.holder.replace(/\s+/g, ' ')
  if (cert.status === 'revoked') {
    return data({ intent: 'reissue' as const, result: submission.reply({ formErrors: ['admin.certificates.reissue.revoked'] }) }, { status: 400 })
  }
  if (holder === cert.facts.holder) {
    return data(
      { intent: 'reissue' as const, result: submission.reply({ fieldErrors: { holder: ['admin.certificates.reissue.unchanged'] } }) },
      { status: 400 },
    )
  }
  await reissueCertificate(context.work, cert.id, { holder })
  return redirect(`/admin/certificates/${cert.id}?done=reissued`)
}

export default function AdminCertificatePage() {
  const { cert, isAdmin, done } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const facts = cert.facts
  const day = (iso: string) => f.date(`${iso}T12:00:00Z`)
  const kind = t(cert.kind === 'certificate' ? 'certificate.kind.certificate' : 'certificate.kind.attendance')
  return (
    <section aria-labelledby="certificate-title">
      <h1 id="certificate-title">{`${kind} ${cert.number}`}</h1>
      {done ? (
        <p role="status" className="notice notice--success">
          {t(`admin.certificates.done.${done}`)}
        </p>
      ) : null}
      {cert.status === 'revoked' ? (
        <p className="form-errors">
          <strong>{t('admin.certificates.status.revoked')}</strong>
          {' · '}
          {t('admin.certificates.detail.revoked', { date: f.dateTime(cert.revokedAt ?? cert.issuedAt), reason: cert.revokeReason ?? '' })}
        </p>
      ) : null}
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
        <dd>
          {day(facts.from)} – {day(facts.to)}
        </dd>
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
        <dd>
          <code>{formatCode(cert.code)}</code>
        </dd>
        <dt>{t('verify.issued')}</dt>
        <dd>{day(facts.issued)}</dd>
        <dt>{t('admin.certificates.detail.issuedBy')}</dt>
        <dd>{cert.issuer?.full_name ?? t('admin.certificates.detail.system')}</dd>
        <dt>{t('admin.certificates.detail.revision')}</dt>
        <dd>{f.number(cert.revision)}</dd>
      </dl>
      {cert.status === 'revoked' ? <p className="muted">{t('certificates.revokedPdf')}</p> : null}
      <p className="actions">
        <a className="button" href={`/certificates/${cert.id}.pdf`} download>
          {t('certificates.download')}
        </a>
        <a href={`/verify/${cert.code}`}>{t('certificates.verifyLink')}</a>
      </p>

      {cert.status === 'valid' ? <ChangeForms holder={cert.facts.holder} intent={actionData?.intent} result={actionData?.result} /> : null}

      <HistoryTable history={cert.history} />
    </section>
  )
}
