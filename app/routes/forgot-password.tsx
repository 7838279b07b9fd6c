import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { parseForm } from '#app/http/submission.server.ts'
import { data, type ActionFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { Field } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import { ForgotPasswordSchema } from '#app/modules/auth/forms.ts'
import { requestPasswordReset } from '#app/modules/auth/password-reset.server.ts'
import { consumeRateLimit } from '#app/modules/security/rate-limit.server.ts'
import { HOUR } from '#app/modules/clock/clock.server.ts'

export const handle: PageHandle = { title: 'auth.forgot.title' }

const resetRequestRule = { bucket: 'reset:address', max: 10, windowMs: HOUR }

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, ForgotPasswordSchema)
  if (submission.status !== 'success') return data({ sent: false, result: submission.reply() }, { status: 400 })
  const limit = await consumeRateLimit(context.work, resetRequestRule, context.work.clientIp ?? 'unknown')
  if (limit.limited) return data({ sent: false, result: submission.reply({ formErrors: ['auth.forgot.rateLimited'] }) }, { status: 429 })
  await requestPasswordReset(context.work, submission.value.email)
  return { sent: true, result: submission.reply({ resetForm: true }) }
}

export default function ForgotPasswordPage() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'forgot',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    shouldValidate: 'onBlur',
  })
  return (
    <section className="page narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t('auth.forgot.title')}</h1>
      {actionData?.sent ? (
        <p role="status" className="notice notice--success">
          {t('auth.forgot.sent')}
        </p>
      ) : (
        <p>{t('auth.forgot.intro')}</p>
      )}
      <Form method="post" {...getFormProps(form)} className="stack">
        {form.errors ? (
          <p role="alert" className="form-errors">
            {t('auth.forgot.rateLimited')}
          </p>
        ) : null}
        <Field
          label={t('auth.field.email')}
          errors={fields.email.errors}
          errorId={fields.email.errorId}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
        />
        <button type="submit" className="button">
          {t('auth.forgot.submit')}
        </button>
      </Form>
      <p>
        <Link to="/login">{t('auth.forgot.back')}</Link>
      </p>
    </section>
  )
}
