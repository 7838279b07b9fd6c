import { useFormat, useT } from '#app/i18n/i18n.tsx'

/**
 * A revoked document's notice on a holder's card: when and why it was
 * revoked, and that its PDF says so. Nothing for a valid document.
 */
export function CertificateStatus({ status, revokedAt, reason }: { status: string; revokedAt?: string | null; reason: string | null }) {
  const t = useT()
  const f = useFormat()
  if (status !== 'revoked') return null
  return (
    <div className="form-errors certificate-status">
      <p>
        {revokedAt ? t('certificates.revokedOn', { date: f.date(revokedAt), reason: reason ?? '—' }) : t('certificates.revoked', { reason: reason ?? '—' })}
      </p>
      <p>{t('certificates.revokedPdf')}</p>
    </div>
  )
}
