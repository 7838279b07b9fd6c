import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { parseSubmission } from '#app/http/submission.server.ts'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Field, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/components/localized.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized, type Localized } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { getCohort, listCohorts } from '#app/modules/courses/cohorts.server.ts'
import { readEnrolmentFile } from '#app/modules/courses/csv-parse.server.ts'
import { startEnrolmentImport } from '#app/modules/courses/import.server.ts'
import { readCsvUpload } from '#app/http/csv-upload.server.ts'

export const handle: PageHandle = { title: 'import.title' }

const ImportSchema = z.object({
  cohortId: z.string({ required_error: 'import.form.cohortRequired' }).min(1, 'import.form.cohortRequired').max(32),
  file: z.instanceof(File, { message: 'import.form.fileRequired' }).refine((f) => f.size > 0, 'import.form.fileRequired'),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { db } = args.context
  const cohorts = await listCohorts(args.context.work, { regions: adminRegions(user), openOnly: true, today: localIsoDate(now()) })
  // Open cohorts grouped by course, for the select's option groups.
  const courses = new Map<string, { id: string; title: Localized | null; cohorts: typeof cohorts }>()
  for (const cohort of cohorts) {
    let course = courses.get(cohort.course_id)
    if (!course) {
      const manifest = await versionManifest(db, cohort.course_version_id)
      course = { id: cohort.course_id, title: manifest?.title ?? null, cohorts: [] }
      courses.set(cohort.course_id, course)
    }
    course.cohorts.push(cohort)
  }
  return { courses: [...courses.values()] }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { request, context } = args
  const locale = resolveLocale(request, context)
  const upload = await readCsvUpload(request, locale)
  if (!upload.ok) return upload.response
  const submission = parseSubmission(upload.formData, { schema: ImportSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { cohortId, file } = submission.value
  const cohort = await getCohort(context.work, cohortId)
  if (!cohort) return data(submission.reply({ fieldErrors: { cohortId: ['import.form.cohortRequired'] } }), { status: 400 })
  const regions = adminRegions(user)
  invariantResponse(regions === null || regions.includes(cohort.region_code), 'error.forbidden.text', { status: 403 })
  if (cohort.status !== 'open' || cohort.ends_on < localIsoDate(now())) {
    return data(submission.reply({ fieldErrors: { cohortId: ['import.form.cohortClosed'] } }), { status: 400 })
  }
  const read = readEnrolmentFile(new Uint8Array(await file.arrayBuffer()))
  if (!read.ok) return data(submission.reply({ fieldErrors: { file: [translate(locale, read.error.key, read.error.params)] } }), { status: 400 })
  // Not awaited: the job page shows its progress.
  const { jobId } = await startEnrolmentImport(context.db, read.file, {
    cohortId, actorUserId: user.id, fileName: file.name, ip: context.clientIp,
  })
  return redirect(`/admin/import/${jobId}`)
}

export default function AdminImport() {
  const { courses } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
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
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack card">
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
          <Field
            label={t('import.file')}
            description={
              <>
                {t('import.help.columns')} {t('import.help.format')}{' '}
                <a href="/admin/import/sample.csv" download>{t('import.sample')}</a>
              </>
            }
            errors={fields.file.errors}
            errorId={fields.file.errorId}
            inputProps={{ ...getInputProps(fields.file, { type: 'file' }), accept: '.csv,text/csv' }}
          />
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('import.submit')}
          </button>
        </Form>
      )}
    </section>
  )
}
