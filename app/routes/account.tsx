import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { parseForm } from '#app/http/submission.server.ts'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { useLanguageName, useLocale, useT } from '#app/i18n/i18n.tsx'
import { ChangePasswordSchema, PASSWORD_MIN } from '#app/modules/auth/forms.ts'
import { getUserForAdmin } from '#app/modules/admin/users.server.ts'
import { changePassword } from '#app/modules/auth/users.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'

export const handle: PageHandle = { title: 'account.title' }

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const profile = await getUserForAdmin(args.context.work, user.id)
  const regions = await listRegions(args.context.work)
  const region = regions.find((r) => r.code === profile?.region_code) ?? null
  return { profile, region }
}

export async function action(args: ActionFunctionArgs) {
  requireUser(args)
  const { context, request } = args
  const submission = await parseForm(request, ChangePasswordSchema)
  const hideFields = ['currentPassword', 'newPassword', 'newPasswordConfirm']
  if (submission.status !== 'success') return data({ changed: false, result: submission.reply({ hideFields }) }, { status: 400 })
  const result = await changePassword(context.work, submission.value.currentPassword, submission.value.newPassword, context.auth!.session.id)
  if (!result.ok) return data({ changed: false, result: submission.reply({ fieldErrors: result.error, hideFields }) }, { status: 400 })
  return { changed: true, result: submission.reply({ resetForm: true }) }
}

export default function AccountPage() {
  const t = useT()
  const languageName = useLanguageName()
  const locale = useLocale()
  const { profile, region } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'change-password',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ChangePasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  if (!profile) return null
  const school = profile.school_kk
    ? localName({ name_kk: profile.school_kk, name_ru: profile.school_ru ?? '', name_en: profile.school_en ?? '' }, locale)
    : null
  return (
    <section className="page narrow" aria-labelledby="account-title">
      <h1 id="account-title">{t('account.title')}</h1>
      <dl className="details">
        <dt>{t('auth.field.fullName')}</dt>
        <dd>{profile.full_name}</dd>
        <dt>{t('auth.field.email')}</dt>
        <dd>{profile.email}</dd>
        {profile.iin ? (
          <>
            <dt>{t('auth.field.iin')}</dt>
            <dd>{profile.iin}</dd>
          </>
        ) : null}
        {region ? (
          <>
            <dt>{t('auth.field.region')}</dt>
            <dd>{localName(region, locale)}</dd>
          </>
        ) : null}
        {school ? (
          <>
            <dt>{t('auth.field.school')}</dt>
            <dd>{school}</dd>
          </>
        ) : null}
        <dt>{t('account.language')}</dt>
        <dd>{languageName(profile.locale, { capital: true })}</dd>
        <dt>{t('account.roles')}</dt>
        <dd>{profile.roles.map((r) => t(`role.${r.role}`)).join(', ')}</dd>
      </dl>

      <h2 id="password-title">{t('account.changePassword')}</h2>
      {actionData?.changed ? (
        <p role="status" className="notice notice--success">
          {t('account.passwordChanged')}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack" aria-labelledby="password-title">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          label={t('auth.field.currentPassword')}
          errors={fields.currentPassword.errors}
          errorId={fields.currentPassword.errorId}
          inputProps={{ ...getInputProps(fields.currentPassword, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <Field
          label={t('auth.field.newPassword')}
          description={t('auth.field.passwordHint', { min: PASSWORD_MIN })}
          errors={fields.newPassword.errors}
          errorId={fields.newPassword.errorId}
          inputProps={{ ...getInputProps(fields.newPassword, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Field
          label={t('auth.field.passwordConfirm')}
          errors={fields.newPasswordConfirm.errors}
          errorId={fields.newPasswordConfirm.errorId}
          inputProps={{ ...getInputProps(fields.newPasswordConfirm, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <button type="submit" className="button">
          {t('account.changePasswordSubmit')}
        </button>
      </Form>
    </section>
  )
}
