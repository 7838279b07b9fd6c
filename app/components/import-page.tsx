import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type FormMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useFormat, useLocale, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { Localized } from '#app/modules/content/manifest.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { RosterFormSchema } from '#app/modules/roster/form.ts'
import { Field, SelectField } from './forms.tsx'
import { JobPage } from './job-page.tsx'

// The parts every CSV import shares: the upload form (other fields, the file
// with its help and a sample to start from, the button) and, on the job's
// page, each bad line with its reason when the file was refused.

export function ImportUploadForm<Schema extends Record<string, unknown>>({
  form,
  file,
  help,
  sampleHref,
  fileLabel,
  accept = '.csv,text/csv',
  samples,
  children,
}: {
  form: FormMetadata<Schema, string[]>
  file: FieldMetadata<File, Schema, string[]>
  /** What the file holds and in which format; the sample link follows it. */
  help: ReactNode
  sampleHref: string
  fileLabel?: string
  accept?: string
  /** More samples after the first (the same file as XLSX). */
  samples?: ReactNode
  /** Fields before the file (a cohort to import into). */
  children?: ReactNode
}) {
  const t = useT()
  const navigation = useNavigation()
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack card">
      {children}
      <Field
        label={fileLabel ?? t('import.file')}
        description={
          <>
            {help}{' '}
            <a href={sampleHref} download>
              {t('import.sample')}
            </a>
            {samples}
          </>
        }
        errors={file.errors}
        errorId={file.errorId}
        inputProps={{ ...getInputProps(file, { type: 'file' }), accept }}
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

interface CohortGroup {
  id: string
  title: Localized | null
  cohorts: {
    id: string
    title: string
    starts_on: string
    ends_on: string
    capacity: number
    taken: number
    region_kk: string
    region_ru: string
    region_en: string
  }[]
}

/** The national roster's upload page: a cohort for rows without one, the sheet of a workbook, the file with its help and samples. */
export function RosterUploadPage({ courses, lastResult, base }: { courses: CohortGroup[]; lastResult: SubmissionResult<string[]> | undefined; base: string }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const [form, fields] = useForm({
    id: 'import',
    lastResult,
    constraint: getZodConstraint(RosterFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RosterFormSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t('roster.title')}</h1>
      <p>{t('roster.intro')}</p>
      {courses.length === 0 ? <p className="notice">{t('roster.noCohorts')}</p> : null}
      <ImportUploadForm
        form={form}
        file={fields.file}
        fileLabel={t('roster.file')}
        accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        help={`${t('roster.help.headers')} ${t('roster.help.format')}`}
        sampleHref={`${base}/sample.csv`}
        samples={
          <>
            {' · '}
            <a href={`${base}/sample.xlsx`} download>
              {t('roster.sampleXlsx')}
            </a>
          </>
        }
      >
        <SelectField label={t('roster.cohort')} errors={fields.cohortId.errors} errorId={fields.cohortId.errorId} selectProps={getSelectProps(fields.cohortId)}>
          <option value="">{t('roster.cohortNone')}</option>
          {courses.map((course) => (
            <optgroup key={course.id} label={course.title ? pickLocalized(course.title, locale) : course.id}>
              {course.cohorts.map((c) => (
                <option key={c.id} value={c.id}>
                  {t('import.cohortOption', {
                    title: c.title,
                    region: localName({ name_kk: c.region_kk, name_ru: c.region_ru, name_en: c.region_en }, locale),
                    dates: `${f.date(c.starts_on)} – ${f.date(c.ends_on)}`,
                    free: f.number(Math.max(0, c.capacity - c.taken)),
                  })}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <Field
          label={t('roster.sheet')}
          description={t('roster.sheetHelp')}
          errors={fields.sheet.errors}
          errorId={fields.sheet.errorId}
          inputProps={getInputProps(fields.sheet, { type: 'text' })}
        />
      </ImportUploadForm>
    </section>
  )
}

const PHASES = ['reading', 'checking', 'staging', 'saving', 'inviting'] as const
type RosterPhase = (typeof PHASES)[number]
const isPhase = (phase: string | null): phase is RosterPhase => PHASES.some((p) => p === phase)

interface RosterJob {
  status: 'running' | 'done' | 'failed'
  phase: string | null
  fileName: string
  processed: number
  total: number
  result:
    | {
        kind: 'counts'
        usersCreated: number
        usersUpdated: number
        usersFound: number
        enrolled: number
        alreadyEnrolled: number
        notices: { key: MessageKey; params?: Record<string, string | number> }[]
      }
    | { kind: 'errors'; errors: LineError[]; errorCount: number; lineCount: number }
    | { kind: 'failure'; key: MessageKey; params?: Record<string, string | number> }
    | null
}

/** A roster import's page: its phase and counts while it runs, then what it did or why nothing was written. */
export function RosterJobView({ job, base }: { job: RosterJob; base: string }) {
  const t = useT()
  const result = job.result
  const phase = isPhase(job.phase) ? job.phase : 'reading'
  return (
    <JobPage
      job={job}
      progressId="import-progress"
      title={t('import.job.title')}
      summary={t('roster.job.summary', { file: job.fileName })}
      progressLabel={t('import.job.progress')}
      progressText={(values) => t(`roster.phase.${phase}`, values)}
      runningText={phase === 'saving' || phase === 'inviting' ? t('import.job.saving') : t('import.job.running')}
      crashedKey="import.job.crashed"
      actions={
        job.status !== 'running' ? (
          <p>
            <Link to={base}>{t('import.job.another')}</Link>
          </p>
        ) : null
      }
    >
      {result?.kind === 'counts' ? (
        <>
          <ImportCounts
            counts={(['usersCreated', 'usersUpdated', 'usersFound', 'enrolled', 'alreadyEnrolled'] as const).map((key) => ({
              label: t(key === 'usersUpdated' ? 'roster.result.usersUpdated' : `import.result.${key}`),
              value: result[key],
            }))}
          />
          {result.notices.length ? (
            <>
              <h2>{t('roster.notices.title')}</h2>
              <ul>
                {result.notices.map((n, i) => (
                  <li key={i}>{t(n.key, n.params)}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      {result?.kind === 'errors' ? <ImportLineErrors lineCount={result.lineCount} errorCount={result.errorCount} errors={result.errors} /> : null}
    </JobPage>
  )
}
