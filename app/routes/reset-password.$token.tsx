import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { z } from 'zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import { PASSWORD_MIN, ResetPasswordSchema } from '#app/modules/auth/forms.ts'
import { findValidResetToken, resetPassword } from '#app/modules/auth/password-reset.server.ts'

export const handle: PageHandle = { title: 'auth.reset.title' }

// A malformed token reads as an expired link (410), as an unknown one does.
const TokenParams = { token: z.string() }

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { token } = parseParams(params, TokenParams)
  const valid = await findValidResetToken(context.work, token)
  return data({ valid: Boolean(valid) }, { status: valid ? 200 : 410 })
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { token } = parseParams(params, TokenParams)
  const submission = await parseForm(request, ResetPasswordSchema)
  const hideFields = ['password', 'passwordConfirm']
  if (submission.status !== 'success') return data(submission.reply({ hideFields }), { status: 400 })
  const done = await resetPassword(context.work, token, submission.value.password)
  if (!done) return data(submission.reply({ formErrors: ['auth.reset.invalid'], hideFields }), { status: 410 })
  return redirect('/login?reset=1')
}

export default function ResetPasswordPage() {
  const t = useT()
  const { valid } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'reset',
    lastResult,
    constraint: getZodConstraint(ResetPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <section className="page narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t('auth.reset.title')}</h1>
      {!valid ? (
        <>
          <p role="alert" className="form-errors">
            {t('auth.reset.invalid')}
          </p>
          <p>
            <Link to="/forgot-password">{t('auth.reset.again')}</Link>
          </p>
        </>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field
            label={t('auth.field.newPassword')}
            description={t('auth.field.passwordHint', { min: PASSWORD_MIN })}
            errors={fields.password.errors}
            errorId={fields.password.errorId}
            inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
          />
          <Field
            label={t('auth.field.passwordConfirm')}
            errors={fields.passwordConfirm.errors}
            errorId={fields.passwordConfirm.errorId}
            inputProps={{ ...getInputProps(fields.passwordConfirm, { type: 'password' }), autoComplete: 'new-password' }}
          />
          <button type="submit" className="button">
            {t('auth.reset.submit')}
          </button>
        </Form>
      )}
    </section>
  )
}
