import { data, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { formatCode } from '#app/modules/certificates/facts.ts'
import { allowVerification, verificationView } from '#app/modules/certificates/verify.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { CodeEntryForm, VERIFY_CODE_WORDS } from '#app/components/code-entry-form.tsx'

export const handle: PageHandle = { title: 'verify.title' }

// Public: no login, never a redirect to one. The QR code's ?t= token is for
// offline checkers and is ignored here; the database is the authority.
export async function loader({ params, context }: LoaderFunctionArgs) {
  if (!(await allowVerification(context.work, context.work.clientIp ?? 'unknown')))
    return data({ view: { state: 'rateLimited' as const } }, { status: 429, headers: { 'Cache-Control': 'no-store' } })
  const view = await verificationView(context.work, params.code ?? '')
  const status = view.state === 'malformed' ? 400 : view.state === 'notFound' ? 404 : 200
  return data({ view }, { status, headers: { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' } })
}

export default function VerifyPage() {
  const { view } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section className="page narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verify.title')}</h1>
      {view.state === 'rateLimited' ? (
        <p className="form-errors" role="alert">
          {t('verify.rateLimited')}
        </p>
      ) : null}
      {view.state === 'malformed' ? (
        <p className="form-errors" role="alert">
          {t('verify.malformed')}
        </p>
      ) : null}
      {view.state === 'notFound' ? (
        <p className="form-errors" role="alert">
          {t('verify.notFound')}
        </p>
      ) : null}
      {view.state === 'valid' || view.state === 'revoked' ? (
        <div className={`verdict verdict--${view.state}`}>
          <p className="verdict__state" role="status">
            <span aria-hidden="true">{view.state === 'valid' ? '✔' : '✖'} </span>
            {view.state === 'valid' ? t('verify.valid') : t('verify.revoked')}
          </p>
          <p>{view.state === 'valid' ? t('verify.validText') : t('verify.revokedText', { date: f.date(view.revokedAt ?? view.issued) })}</p>
          {view.state === 'revoked' && view.revokeReason ? <p>{t('verify.revokedReason', { reason: view.revokeReason })}</p> : null}
          <dl className="details">
            <dt>{t('verify.kind')}</dt>
            <dd>{t(view.kind === 'certificate' ? 'certificate.kind.certificate' : 'certificate.kind.attendance')}</dd>
            <dt>{t('verify.holder')}</dt>
            <dd>{view.holder}</dd>
            <dt>{t('verify.course')}</dt>
            <dd lang={view.course[locale] ? locale : view.lang}>{pickLocalized(view.course, locale)}</dd>
            <dt>{t('verify.hours')}</dt>
            <dd>{t('certificates.hours', { hours: view.hours })}</dd>
            <dt>{t('verify.dates')}</dt>
            <dd>
              {f.date(`${view.from}T12:00:00Z`)} – {f.date(`${view.to}T12:00:00Z`)}
            </dd>
            <dt>{t('verify.number')}</dt>
            <dd>{view.number}</dd>
            <dt>{t('verify.issued')}</dt>
            <dd>
              {f.date(`${view.issued}T12:00:00Z`)}
              {view.revision > 1 ? ` · ${t('verify.revision', { revision: view.revision })}` : ''}
            </dd>
            <dt>{t('verify.code')}</dt>
            <dd>
              <code>{formatCode(view.code)}</code>
            </dd>
          </dl>
        </div>
      ) : null}
      <h2>{t('verify.submit')}</h2>
      <CodeEntryForm action="/verify" id="verify-code" words={VERIFY_CODE_WORDS} />
      <p>
        <Link to="/certificates/public-key.pem" reloadDocument>
          {t('verify.publicKey')}
        </Link>
      </p>
    </section>
  )
}
