import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Field } from '#app/components/forms.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import type { action } from './route.tsx'

export const UploadSchema = z.object({
  file: z.instanceof(File, { message: 'registry.form.fileRequired' }).refine((f) => f.size > 0, 'registry.form.fileRequired'),
  full: z.boolean().optional(),
  sheet: z.string().trim().max(100).optional(),
})

/** The registry's upload: the file, whether it is the full national list (ticked by default), and a sheet for a workbook of several. */
export function RegistryUploadForm() {
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'registry-upload',
    lastResult,
    constraint: getZodConstraint(UploadSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UploadSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack card" aria-labelledby="registry-upload-title">
      <h2 id="registry-upload-title">{t('registry.upload.title')}</h2>
      <Field
        label={t('registry.file')}
        description={t('registry.help')}
        errors={fields.file.errors}
        errorId={fields.file.errorId}
        inputProps={{
          ...getInputProps(fields.file, { type: 'file' }),
          accept: '.csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        }}
      />
      <div className="field field--check">
        <input id="registry-full" type="checkbox" name={fields.full.name} defaultChecked aria-describedby="registry-full-help" />
        <label htmlFor="registry-full">{t('registry.full')}</label>
        <p id="registry-full-help" className="field-description">
          {t('registry.full.help')}
        </p>
      </div>
      <Field
        label={t('registry.sheet')}
        description={t('registry.sheet.help')}
        errors={fields.sheet.errors}
        errorId={fields.sheet.errorId}
        inputProps={{ ...getInputProps(fields.sheet, { type: 'text' }), autoComplete: 'off' }}
      />
      <div>
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('registry.submit')}
        </button>
      </div>
    </Form>
  )
}
