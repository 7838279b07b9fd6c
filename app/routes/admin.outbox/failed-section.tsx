import { Form, Link } from '@remix-run/react'
import { useFormat, useT } from '#app/i18n/i18n.tsx'

// The mail that could not be sent, with why, each with a button that queues
// it again (and one for all of them): shown above the full list so that an
// admin watching an import's invitations sees a bounce at once.

interface FailedMail {
  id: string
  to_address: string
  subject: string
  attempts: number
  last_error: string | null
}

export function RetryButton({ id }: { id: string }) {
  const t = useT()
  return (
    <Form method="post">
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="intent" value="retry" className="button button--secondary">
        {t('delivery.outbox.retry')}
      </button>
    </Form>
  )
}

export function FailedSection({ failed, total }: { failed: FailedMail[]; total: number }) {
  const t = useT()
  const f = useFormat()
  return (
    <section aria-labelledby="outbox-failed" className="stack">
      <h2 id="outbox-failed">{t('delivery.outbox.failedTitle')}</h2>
      {total === 0 ? (
        <p>{t('delivery.outbox.noFailed')}</p>
      ) : (
        <>
          <ul className="mail-list" role="list">
            {failed.map((m) => (
              <li key={m.id} className="card">
                <p>
                  <strong>{m.subject}</strong> · {m.to_address}
                </p>
                <p className="form-errors">{t('admin.outbox.lastError', { attempts: m.attempts, error: m.last_error ?? '' })}</p>
                <RetryButton id={m.id} />
              </li>
            ))}
          </ul>
          <Form method="post" className="stack">
            <button type="submit" name="intent" value="retryAll" className="button">
              {`${t('delivery.outbox.retryAll')} (${f.number(total)})`}
            </button>
          </Form>
          {total > failed.length ? <Link to="?status=failed">{`${t('admin.outbox.failed')} (${f.number(total)})`}</Link> : null}
        </>
      )}
    </section>
  )
}
