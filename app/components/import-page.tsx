import { getFormProps, getInputProps, type FieldMetadata, type FormMetadata } from '@conform-to/react'
import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useFormat, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { Field } from './forms.tsx'

// The parts every CSV import shares: the upload form (other fields, the file
// with its help and a sample to start from, the button) and, on the job's
// page, each bad line with its reason when the file was refused.

export function ImportUploadForm<Schema extends Record<string, unknown>>({
  form,
  file,
  help,
  sampleHref,
  children,
}: {
  form: FormMetadata<Schema, string[]>
  file: FieldMetadata<File, Schema, string[]>
  /** What the file holds and in which format; the sample link follows it. */
  help: ReactNode
  sampleHref: string
  /** Fields before the file (a cohort to import into). */
  children?: ReactNode
}) {
  const t = useT()
  const navigation = useNavigation()
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack card">
      {children}
      <Field
        label={t('import.file')}
        description={
          <>
            {help}{' '}
            <a href={sampleHref} download>
              {t('import.sample')}
            </a>
          </>
        }
        errors={file.errors}
        errorId={file.errorId}
        inputProps={{ ...getInputProps(file, { type: 'file' }), accept: '.csv,text/csv' }}
      />
      <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
        {t('import.submit')}
      </button>
    </Form>
  )
}

export interface LineError {
  line: number
  key: MessageKey
  params?: Record<string, string | number>
}

export function ImportLineErrors({ lineCount, errorCount, errors }: { lineCount: number; errorCount: number; errors: LineError[] }) {
  const t = useT()
  const f = useFormat()
  return (
    <>
      <p role="alert" className="form-errors">
        {t('import.job.failed')}
      </p>
      <h2 id="errors-title">{t('import.errors.title')}</h2>
      <p>
        {t('import.errors.summary', { lines: f.number(lineCount) })}
        {errorCount > errors.length ? ` ${t('import.errors.truncated', { shown: f.number(errors.length), total: f.number(errorCount) })}` : ''}
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="errors-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('import.errors.line')}</th>
              <th scope="col">{t('import.errors.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={`${e.line}-${i}`}>
                <td>{e.line}</td>
                <td>{t(e.key, e.params)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

/** The counts an import recorded, as a row of figures. */
export function ImportCounts({ counts }: { counts: { label: string; value: number }[] }) {
  const t = useT()
  const f = useFormat()
  return (
    <>
      <p role="status" className="notice notice--success">
        {t('import.job.done')}
      </p>
      <h2>{t('import.result.title')}</h2>
      <ul className="stats" role="list">
        {counts.map(({ label, value }) => (
          <li key={label} className="stat">
            <span className="stat__value">{f.number(value)}</span>
            <span className="stat__label">{label}</span>
          </li>
        ))}
      </ul>
    </>
  )
}
