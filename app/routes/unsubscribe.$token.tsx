import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import { readUnsubscribeToken, unsubscribe } from '#app/modules/surveys/scheduler.server.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'

export const handle: PageHandle = { title: 'monitoring.unsubscribe.title' }

// The link in every reminder. No login: the token is signed for one user and
// one kind of mail. Opening it asks; the button unsubscribes.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const valid = await readUnsubscribeToken(context.db, params.token ?? '')
  return data({ valid: Boolean(valid) }, { status: valid ? 200 : 404 })
}

export async function action({ params, context }: ActionFunctionArgs) {
  const valid = await readUnsubscribeToken(context.db, params.token ?? '')
  if (!valid) return data({ done: false }, { status: 404 })
  await unsubscribe(context.db, valid.userId, valid.kind)
  await writeAudit(context.db, { actorUserId: valid.userId, action: 'user.mail_unsubscribe', targetType: 'user', targetId: valid.userId, details: { kind: valid.kind }, ip: context.clientIp })
  return { done: true }
}

export default function UnsubscribePage() {
  const { valid } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  return (
    <section className="page narrow" aria-labelledby="unsub-title">
      <h1 id="unsub-title">{t('monitoring.unsubscribe.title')}</h1>
      {!valid ? (
        <p className="form-errors" role="alert">{t('monitoring.unsubscribe.invalid')}</p>
      ) : result?.done ? (
        <p className="notice notice--success" role="status">{t('monitoring.unsubscribe.done')}</p>
      ) : (
        <Form method="post" className="stack">
          <p>{t('monitoring.unsubscribe.text')}</p>
          <button type="submit" className="button">{t('monitoring.unsubscribe.submit')}</button>
        </Form>
      )}
    </section>
  )
}
