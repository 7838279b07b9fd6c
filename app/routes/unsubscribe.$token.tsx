import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import { z } from 'zod'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { unsubscribeByToken, unsubscribeLinkValid } from '#app/modules/mail/unsubscribe.server.ts'

export const handle: PageHandle = { title: 'monitoring.unsubscribe.title' }

// The link in every reminder. No login: the token is signed for one user and
// one kind of mail. Opening it asks; the button unsubscribes.
const TokenParams = { token: z.string() }

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { token } = parseParams(params, TokenParams)
  const valid = await unsubscribeLinkValid(context.work, token)
  return data({ valid }, { status: valid ? 200 : 404 })
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { token } = parseParams(params, TokenParams)
  await parseForm(request, z.object({}))
  if (!(await unsubscribeByToken(context.work, token))) return data({ done: false }, { status: 404 })
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
        <p className="form-errors" role="alert">
          {t('monitoring.unsubscribe.invalid')}
        </p>
      ) : result?.done ? (
        <p className="notice notice--success" role="status">
          {t('monitoring.unsubscribe.done')}
        </p>
      ) : (
        <Form method="post" className="stack">
          <p>{t('monitoring.unsubscribe.text')}</p>
          <button type="submit" className="button">
            {t('monitoring.unsubscribe.submit')}
          </button>
        </Form>
      )}
    </section>
  )
}
