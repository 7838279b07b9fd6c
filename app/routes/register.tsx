import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { parseForm } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { PASSWORD_MIN, RegisterSchema } from '#app/modules/auth/forms.ts'
import { REGISTER_ADDRESS_RULE, requestRegistration } from '#app/modules/auth/registration.server.ts'
import { consumeRateLimit } from '#app/modules/security/rate-limit.server.ts'
import { listRegions, listSchools } from '#app/modules/reference/reference.server.ts'

export const handle: PageHandle = { title: 'auth.register.title' }

// Two steps that work without JavaScript: choose the region (a GET form), then
// fill in the rest with that region's schools to choose from.
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.auth) return redirect('/')
  const regions = await listRegions(context.work)
  const requested = new URL(request.url).searchParams.get('region')
  const region = regions.find((r) => r.code === requested) ?? null
  const schools = region ? await listSchools(context.work, region.code) : []
  return { regions, region, schools }
}

const hidden = ['password', 'passwordConfirm']

// Every well-formed registration gets the same answer, new or taken
// (registration.server.ts): the account is created when its mailed link is used.
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, RegisterSchema)
  if (submission.status !== 'success') return data(submission.reply({ hideFields: hidden }), { status: 400 })
  const limit = await consumeRateLimit(context.work, REGISTER_ADDRESS_RULE, context.work.clientIp ?? 'unknown')
  if (limit.limited) return data(submission.reply({ formErrors: ['auth.register.rateLimited'], hideFields: hidden }), { status: 429 })
  const locale = resolveLocale(request, context)
  const result = await requestRegistration(context.work, submission.value, locale)
  if (!result.ok) return data(submission.reply({ fieldErrors: result.error, hideFields: hidden }), { status: 400 })
  return redirect('/register/sent')
}

export default function RegisterPage() {
  const t = useT()
  const locale = useLocale()
  const { regions, region, schools } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const submit = useSubmit()
  const [form, fields] = useForm({
    id: 'register',
    lastResult,
    constraint: getZodConstraint(RegisterSchema),
    defaultValue: { regionCode: region?.code },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const districts = [...new Set(schools.map((s) => s.district ?? ''))]

  return (
    <section className="page narrow" aria-labelledby="register-title">
      <h1 id="register-title">{t('auth.register.title')}</h1>
      <p>{t('auth.register.intro')}</p>

      <Form method="get" className="stack step" aria-labelledby="step-region">
        <h2 id="step-region" className="step__title">
          {t('auth.register.step1')}
        </h2>
        <SelectField
          label={t('auth.field.region')}
          selectProps={{
            id: 'region-choice',
            name: 'region',
            defaultValue: region?.code ?? '',
            required: true,
            onChange: (e) => submit(e.currentTarget.form, { replace: true, preventScrollReset: true }),
          }}
        >
          <option value="" disabled>
            {t('auth.register.chooseRegion')}
          </option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {localName(r, locale)}
            </option>
          ))}
        </SelectField>
        <noscript>
          <button type="submit" className="button button--secondary">
            {t('auth.register.showSchools')}
          </button>
        </noscript>
      </Form>

      {region ? (
        <Form method="post" {...getFormProps(form)} className="stack step" aria-labelledby="step-details">
          <h2 id="step-details" className="step__title">
            {t('auth.register.step2', { region: localName(region, locale) })}
          </h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="regionCode" value={region.code} />
          <SelectField
            label={t('auth.field.school')}
            errors={[...(fields.schoolId.errors ?? []), ...(fields.regionCode.errors ?? [])]}
            errorId={fields.schoolId.errorId}
            selectProps={getSelectProps(fields.schoolId)}
          >
            <option value="">{t('auth.register.chooseSchool')}</option>
            {districts.map((d) => (
              <optgroup key={d} label={d}>
                {schools
                  .filter((s) => (s.district ?? '') === d)
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {localName(s, locale)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </SelectField>
          <Field
            label={t('auth.field.iin')}
            description={t('auth.field.iinHint')}
            errors={fields.iin.errors}
            errorId={fields.iin.errorId}
            inputProps={{ ...getInputProps(fields.iin, { type: 'text' }), inputMode: 'numeric', autoComplete: 'off', maxLength: 12 }}
          />
          <Field
            label={t('auth.field.fullName')}
            errors={fields.fullName.errors}
            errorId={fields.fullName.errorId}
            inputProps={{ ...getInputProps(fields.fullName, { type: 'text' }), autoComplete: 'name' }}
          />
          <Field
            label={t('auth.field.email')}
            errors={fields.email.errors}
            errorId={fields.email.errorId}
            inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
          />
          <Field
            label={t('auth.field.phoneOptional')}
            errors={fields.phone.errors}
            errorId={fields.phone.errorId}
            inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel', placeholder: '+7 7XX XXX XX XX' }}
          />
          <Field
            label={t('auth.field.password')}
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
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('auth.register.submit')}
          </button>
        </Form>
      ) : null}
      <p>
        {t('auth.register.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </section>
  )
}
