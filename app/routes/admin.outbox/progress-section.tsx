import { useFormat, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import type { KindProgress, OutboxProgress } from '#app/modules/mail/progress.server.ts'

// The outbox at a glance: each kind's line ("Invitations: 52,400 — 12,000
// sent, 40,400 waiting — about 67 min at 600 a minute"), the last hour, the rate.

const KIND_NAMES: Readonly<Record<string, MessageKey>> = {
  import_invitation: 'delivery.kind.import_invitation',
  survey_reminder: 'delivery.kind.survey_reminder',
  certificate_issued: 'delivery.kind.certificate_issued',
  password_reset: 'delivery.kind.password_reset',
  registration_confirm: 'delivery.kind.registration_confirm',
  registration_attempt: 'delivery.kind.registration_attempt',
}

export function ProgressSection({ progress }: { progress: OutboxProgress }) {
  const t = useT()
  const f = useFormat()
  const kindName = (kind: string) => {
    const key = KIND_NAMES[kind]
    return key ? t(key) : kind
  }
  const kindLine = (k: KindProgress) =>
    [
      t('delivery.outbox.kindLine', { kind: kindName(k.kind), total: f.number(k.total), sent: f.number(k.sent), waiting: f.number(k.pending + k.sending) }),
      k.minutesLeft > 0 ? t('delivery.outbox.kindEta', { minutes: f.number(k.minutesLeft), rate: f.number(progress.ratePerMinute) }) : null,
      k.failed > 0 ? t('delivery.outbox.kindFailed', { failed: f.number(k.failed) }) : null,
    ]
      .filter(Boolean)
      .join(' — ')
  return (
    <section aria-labelledby="outbox-progress" className="stack">
      <h2 id="outbox-progress">{t('delivery.outbox.progress')}</h2>
      <p>{t('delivery.outbox.summary', { sent: f.number(progress.sentLastHour), rate: f.number(progress.ratePerMinute) })}</p>
      <p role="status">
        {progress.waiting > 0
          ? t('delivery.outbox.eta', { waiting: f.number(progress.waiting), minutes: f.number(progress.minutesLeft) })
          : t('delivery.outbox.idle')}
      </p>
      <ul className="stack" role="list">
        {progress.kinds.map((k) => (
          <li key={k.kind}>{kindLine(k)}</li>
        ))}
      </ul>
    </section>
  )
}
