import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { parseForm } from '#app/http/submission.server.ts'
import { data, redirect, redirectDocument, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { SetupNotice } from '#app/components/setup-notice.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { startSession } from '#app/http/session-start.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { safeRedirect } from '#app/http/safe-redirect.ts'
import { LoginSchema } from '#app/modules/auth/forms.ts'
import { authenticate } from '#app/modules/auth/users.server.ts'
import { awaitingFirstAdministrator } from '#app/modules/auth/admin-account.server.ts'

// The login form is one plain form (ADR 006): it arrives without scripts, so
// a phone's first visit downloads the page and the styles only, and the page
// is the same kept and compressed document for every visitor (ADR 037).
export const handle: PageHandle & { hydrate: false } = { title: 'auth.login.title', hydrate: false }

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.auth) return redirect('/')
  return { demo: context.work.config.demoPassword !== null, setup: await awaitingFirstAdministrator(context.work) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, LoginSchema)
  if (submission.status !== 'success') {
    return data(submission.reply({ hideFields: ['password'] }), { status: 400 })
  }
  const { login, password, redirectTo } = submission.value
  const result = await authenticate(context.work, login, password)
  if (!result.ok) {
    const refusal = result.error
    const locale = resolveLocale(request, context)
    const message =
      refusal.reason === 'rateLimited'
        ? translate(locale, 'auth.login.rateLimited', { minutes: refusal.retryAfterMinutes })
        : translate(locale, refusal.reason === 'inactive' ? 'auth.login.inactive' : 'auth.login.invalid')
    return data(submission.reply({ formErrors: [message], hideFields: ['password'] }), { status: refusal.reason === 'rateLimited' ? 429 : 400 })
  }
  const { userId, locale } = result.value
  const headers = await startSession({ request, context }, userId, locale)
  // Logging in as someone who reads another language: load the next page as a
  // whole document, so it arrives with that language's dictionary.
  const to = safeRedirect(redirectTo)
  return locale === resolveLocale(request, context) ? redirect(to, { headers }) : redirectDocument(to, { headers })
}

export default function LoginPage() {
  const t = useT()
  const { setup } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'login',
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <section className="page narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.login.title')}</h1>
      {setup ? <SetupNotice /> : null}
      {searchParams.get('reset') === '1' && !lastResult ? (
        <p className="notice notice--success" role="status">
          {t('nextStep.passwordChanged')}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          label={t('auth.login.login')}
          description={t('auth.login.loginHint')}
          errors={fields.login.errors}
          errorId={fields.login.errorId}
          inputProps={{ ...getInputProps(fields.login, { type: 'text' }), autoComplete: 'username', autoFocus: true }}
        />
        <Field
          label={t('auth.field.password')}
          errors={fields.password.errors}
          errorId={fields.password.errorId}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('auth.login.submit')}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t('auth.login.forgot')}</Link>
      </p>
      <p>
        {t('auth.login.noAccount')} <Link to="/register">{t('auth.login.registerLink')}</Link>
      </p>
    </section>
  )
}
