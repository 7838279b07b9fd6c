import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, useNavigation } from '@remix-run/react'
import { Field, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import { ReissueSchema, RevokeSchema } from './schemas.ts'

/** Re-issuing with a corrected name, and revoking with a reason: the forms of a valid certificate. */
export function ChangeForms({
  holder,
  intent,
  result,
}: {
  holder: string
  intent: 'reissue' | 'revoke' | undefined
  result: SubmissionResult<string[]> | undefined
}) {
  const t = useT()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const [reissueForm, reissueFields] = useForm({
    id: 'reissue',
    lastResult: intent === 'reissue' ? result : undefined,
    defaultValue: { holder },
    constraint: getZodConstraint(ReissueSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReissueSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  const [revokeForm, revokeFields] = useForm({
    id: 'revoke',
    lastResult: intent === 'revoke' ? result : undefined,
    constraint: getZodConstraint(RevokeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RevokeSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <>
      <Form method="post" {...getFormProps(reissueForm)} className="stack card" aria-labelledby="reissue-title">
        <h2 id="reissue-title">{t('admin.certificates.reissue.title')}</h2>
        <p>{t('admin.certificates.reissue.intro')}</p>
        <FormErrors id={reissueForm.errorId} errors={reissueForm.errors} />
        <input type="hidden" name="intent" value="reissue" />
        <Field
          label={t('admin.certificates.reissue.holder')}
          errors={reissueFields.holder.errors}
          errorId={reissueFields.holder.errorId}
          inputProps={{ ...getInputProps(reissueFields.holder, { type: 'text' }), autoComplete: 'off' }}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('admin.certificates.reissue.submit')}
        </button>
      </Form>

      <Form method="post" {...getFormProps(revokeForm)} className="stack card" aria-labelledby="revoke-title">
        <h2 id="revoke-title">{t('admin.certificates.revoke.title')}</h2>
        <p>{t('admin.certificates.revoke.intro')}</p>
        <FormErrors id={revokeForm.errorId} errors={revokeForm.errors} />
        <input type="hidden" name="intent" value="revoke" />
        <TextareaField
          label={t('admin.certificates.revoke.reason')}
          description={t('admin.certificates.revoke.reasonHint')}
          errors={revokeFields.reason.errors}
          errorId={revokeFields.reason.errorId}
          textareaProps={{ ...getTextareaProps(revokeFields.reason), rows: 3, maxLength: 500 }}
        />
        <button type="submit" className="button button--danger" disabled={busy}>
          {t('admin.certificates.revoke.submit')}
        </button>
      </Form>
    </>
  )
}
