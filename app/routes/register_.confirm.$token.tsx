import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { startSession } from '#app/http/session-start.server.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { confirmRegistration, findRegistrationRequest } from '#app/modules/auth/registration.server.ts'
import { z } from 'zod'

export const handle: PageHandle = { title: 'auth.confirm.title' }

// Opening the mailed link only shows a button: mail scanners open links too,
// and a confirmation must be the teacher's own act. The post creates the
// account and logs it in.
// A malformed token is an expired link to the reader (410 below), not a missing page.
const TokenParams = { token: z.string() }

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { token } = parseParams(params, TokenParams)
  const pending = await findRegistrationRequest(context.work, token)
  return data({ pending }, { status: pending ? 200 : 410, headers: { 'Cache-Control': 'no-store' } })
}

// The page names the address being confirmed: no cache keeps it.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { token } = parseParams(params, TokenParams)
  await parseForm(request, z.object({}))
  const confirmed = await confirmRegistration(context.work, token)
  if (!confirmed.ok) return data({ error: confirmed.error === 'taken' ? ('auth.confirm.taken' as const) : ('auth.confirm.invalid' as const) }, { status: 400 })
  const headers = await startSession({ request, context }, confirmed.value.userId, confirmed.value.locale)
  return redirect('/?welcome=1', { headers })
}

export default function ConfirmRegistrationPage() {
  const t = useT()
  const { pending } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const error = actionData?.error ?? (pending ? null : 'auth.confirm.invalid')
  return (
    <section className="page narrow" aria-labelledby="confirm-title">
      <h1 id="confirm-title">{t('auth.confirm.title')}</h1>
      {error ? (
        <>
          <p role="alert" className="form-errors">
            {t(error)}
          </p>
          <p>
            <Link to="/login">{t('nav.login')}</Link> · <Link to="/forgot-password">{t('auth.login.forgot')}</Link> ·{' '}
            <Link to="/register">{t('auth.confirm.again')}</Link>
          </p>
        </>
      ) : pending ? (
        <Form method="post" className="stack">
          <p>{t('auth.confirm.text', { name: pending.fullName, email: pending.email })}</p>
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('auth.confirm.submit')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
