import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import { useFailedRequestId } from './request-id.tsx'

/**
 * Renders a thrown response or error in the reader's language, never with a
 * stack trace. For a server error it shows the request's id (the one in the
 * server's log line for it) so that a teacher can quote it to support.
 */
export function ErrorPage() {
  const error = useRouteError()
  const requestId = useFailedRequestId()
  const t = useT()
  const translateKey = useTranslateKey()
  let status = 500
  let message: string = t('error.server.text')
  if (isRouteErrorResponse(error)) {
    status = error.status
    const key = (error.data as { message?: unknown } | null)?.message
    if (status === 404) message = t('error.notFound.text')
    else if (status === 403) message = t('error.forbidden.text')
    if (typeof key === 'string') message = translateKey(key)
  }
  const title =
    status === 404
      ? t('error.notFound.title')
      : status === 403
        ? t('error.forbidden.title')
        : status >= 500
          ? t('error.server.title')
          : t('error.generic.title')
  return (
    <section className="page narrow" aria-labelledby="error-title">
      <p className="eyebrow">{t('error.status', { status })}</p>
      <h1 id="error-title">{title}</h1>
      <p>{message}</p>
      {status >= 500 && requestId ? (
        <p className="muted" data-request-id={requestId}>
          {t('error.requestId', { id: requestId })}
        </p>
      ) : null}
      <p>
        <a className="button" href="/">
          {t('error.backHome')}
        </a>
      </p>
    </section>
  )
}
