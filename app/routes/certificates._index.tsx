import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CertificateStatus } from '#app/components/certificate-status.tsx'
import { NextStepNotice } from '#app/components/next-step-notice.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { formatCode } from '#app/modules/certificates/facts.ts'
import { listUserCertificates } from '#app/modules/certificates/issue.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { enrolmentsWithoutDocument } from '#app/modules/courses/next-step.server.ts'

export const handle: PageHandle = { title: 'certificates.title' }

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const certificates = await listUserCertificates(args.context.work, user.id)
  const pending = await enrolmentsWithoutDocument(args.context.work, user.id)
  return {
    pending,
    certificates: certificates.map((c) => ({
      id: c.id,
      number: c.number,
      code: c.code,
      kind: c.kind,
      status: c.status,
      reason: c.revoke_reason,
      revokedAt: c.revoked_at,
      course: c.facts.course,
      hours: c.facts.hours,
      issued: c.facts.issued,
    })),
  }
}

export default function MyCertificates() {
  const { certificates, pending } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section className="page" aria-labelledby="certs-title">
      <h1 id="certs-title">{t('certificates.title')}</h1>
      {certificates.length === 0 && pending.length === 0 ? <p>{t('certificates.empty')}</p> : null}
      <ul className="cards" role="list">
        {certificates.map((c) => (
          <li key={c.id} className="card">
            <p className="eyebrow">{t(c.kind === 'certificate' ? 'certificate.kind.certificate' : 'certificate.kind.attendance')}</p>
            <h2>{pickLocalized(c.course, locale)}</h2>
            <p>
              {c.number} · {f.date(`${c.issued}T12:00:00Z`)} · {t('certificates.hours', { hours: c.hours })}
            </p>
            <p className="muted">
              {t('verify.code')}: <code>{formatCode(c.code)}</code>
            </p>
            <CertificateStatus status={c.status} revokedAt={c.revokedAt} reason={c.reason} />
            <p className="actions">
              <a className="button" href={`/certificates/${c.id}.pdf`} download>
                {t('certificates.download')}
              </a>
              <a href={`/verify/${c.code}`}>{t('certificates.verifyLink')}</a>
            </p>
          </li>
        ))}
      </ul>
      {pending.length ? (
        <>
          <h2 id="pending-title">{t('certificates.pending.title')}</h2>
          <ul className="cards" role="list" aria-labelledby="pending-title">
            {pending.map((e) => (
              <li key={e.id} className="card">
                <h3>{pickLocalized(e.course, locale)}</h3>
                <p>{e.cohortTitle}</p>
                <NextStepNotice step={e.step} here="/certificates" />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}
