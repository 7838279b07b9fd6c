import { useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ImportUploadForm } from '#app/components/import-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { readCsvUpload } from '#app/http/csv-upload.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { staffMessagesFor, translate } from '#app/i18n/catalog.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { MAX_SESSION_ROWS, readSessionsFile } from '#app/modules/parents/sessions-file.server.ts'
import { startSessionsImport } from '#app/modules/parents/sessions-import.server.ts'
import { parentLessonChoices } from '#app/modules/parents/sessions.server.ts'

// Sessions from a CSV file, for schools that report on paper. Coordinators
// come here as well as regional admins and admins, so the page sits outside
// the /admin layout (admin_): which rows each may write is decided per row by
// the school's centre (canRunCentre), in the job.

export const handle: PageHandle = { title: staffTitle('parentImport.title') }

const ImportSchema = z.object({
  file: z.instanceof(File, { message: 'import.form.fileRequired' }).refine((f) => f.size > 0, 'import.form.fileRequired'),
})

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'coordinator', 'regional_admin', 'admin')
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context)),
    series: await parentLessonChoices(args.context.work),
    maxRows: MAX_SESSION_ROWS,
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'coordinator', 'regional_admin', 'admin')
  const { request, context } = args
  const locale = resolveLocale(request, context)
  const upload = await readCsvUpload(request, locale)
  if (!upload.ok) return upload.response
  const submission = await parseForm(upload.formData, ImportSchema)
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { file } = submission.value
  const read = await readSessionsFile(new Uint8Array(await file.arrayBuffer()))
  if (!read.ok) return data(submission.reply({ fieldErrors: { file: [translate(locale, read.error.key, read.error.params)] } }), { status: 400 })
  // Not awaited: the job page shows its progress.
  const { jobId } = await startSessionsImport(context.work, read.value, { actor: user, fileName: file.name })
  return redirect(`/admin/parents/import/${jobId}`)
}

export default withStaffMessages(ParentSessionsImport)

function ParentSessionsImport() {
  const { series, maxRows } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const [form, fields] = useForm({
    id: 'parent-import',
    lastResult,
    constraint: getZodConstraint(ImportSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  return (
    <section className="page" aria-labelledby="import-title">
      <h1 id="import-title">{t('parentImport.title')}</h1>
      <p>{t('parentImport.intro')}</p>
      <ImportUploadForm
        form={form}
        file={fields.file}
        help={`${t('parentImport.help.columns')} ${t('parentImport.help.format', { max: f.number(maxRows) })}`}
        sampleHref="/admin/parents/import/sample.csv"
      />

      <section aria-labelledby="lessons-title">
        <h2 id="lessons-title">{t('parentImport.lessons.title')}</h2>
        {series.map((s) => (
          <section key={s.courseId} aria-labelledby={`series-${s.courseId}`}>
            <h3 id={`series-${s.courseId}`}>{pickLocalized(s.title, locale)}</h3>
            <p>{t('parentImport.lessons.series', { id: s.courseId })}</p>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`series-${s.courseId}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('parentImport.lessons.key')}</th>
                    <th scope="col">{t('parentImport.lessons.lesson')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.lessons.map((l) => (
                    <tr key={l.key}>
                      <td>
                        <code>{l.key}</code>
                      </td>
                      <td>{pickLocalized(l.title, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </section>
    </section>
  )
}
