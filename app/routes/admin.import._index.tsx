import { getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SelectField } from '#app/components/forms.tsx'
import { ImportUploadForm } from '#app/components/import-page.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { readCsvUpload } from '#app/http/csv-upload.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { getCohort } from '#app/modules/courses/cohorts.server.ts'
import { readEnrolmentFile } from '#app/modules/courses/import-file.server.ts'
import { importableCohorts, startEnrolmentImport } from '#app/modules/courses/import.server.ts'

export const handle: PageHandle = { title: 'import.title' }

const ImportSchema = z.object({
  cohortId: z.string({ required_error: 'import.form.cohortRequired' }).min(1, 'import.form.cohortRequired').max(32),
  file: z.instanceof(File, { message: 'import.form.fileRequired' }).refine((f) => f.size > 0, 'import.form.fileRequired'),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  return { courses: await importableCohorts(args.context.work, adminRegions(user)) }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { request, context } = args
  const { work } = context
  const locale = resolveLocale(request, context)
  const upload = await readCsvUpload(request, locale)
  if (!upload.ok) return upload.response
  const submission = await parseForm(upload.formData, ImportSchema)
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { cohortId, file } = submission.value
  const cohort = await getCohort(work, cohortId)
  if (!cohort) return data(submission.reply({ fieldErrors: { cohortId: ['import.form.cohortRequired'] } }), { status: 400 })
  const regions = adminRegions(user)
  invariantResponse(regions === null || regions.includes(cohort.region_code), 'error.forbidden.text', { status: 403 })
  if (cohort.status !== 'open' || cohort.ends_on < localIsoDate(work.now())) {
    return data(submission.reply({ fieldErrors: { cohortId: ['import.form.cohortClosed'] } }), { status: 400 })
  }
  const read = readEnrolmentFile(new Uint8Array(await file.arrayBuffer()))
  if (!read.ok) return data(submission.reply({ fieldErrors: { file: [translate(locale, read.error.key, read.error.params)] } }), { status: 400 })
  // Not awaited: the job page shows its progress.
  const { jobId } = await startEnrolmentImport(work, read.value, { cohortId, fileName: file.name })
  return redirect(`/admin/import/${jobId}`)
}

export default function AdminImport() {
  const { courses } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const [form, fields] = useForm({
    id: 'import',
    lastResult,
    constraint: getZodConstraint(ImportSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      {courses.length === 0 ? (
        <p className="notice">{t('import.noCohorts')}</p>
      ) : (
        <ImportUploadForm form={form} file={fields.file} help={`${t('import.help.columns')} ${t('import.help.format')}`} sampleHref="/admin/import/sample.csv">
          <SelectField
            label={t('import.cohort')}
            errors={fields.cohortId.errors}
            errorId={fields.cohortId.errorId}
            selectProps={getSelectProps(fields.cohortId)}
          >
            <option value="">{t('import.chooseCohort')}</option>
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
        </ImportUploadForm>
      )}
    </section>
  )
}
