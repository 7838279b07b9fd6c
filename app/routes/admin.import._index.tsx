import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { RosterUploadPage } from '#app/components/import-page.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { staffTitle } from '#app/components/staff-page.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { readCsvUpload } from '#app/http/csv-upload.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { staffMessagesFor, translate } from '#app/i18n/catalog.server.ts'
import { MoreMessages } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { RosterAccess } from '#app/modules/roster/access.ts'
import { importableCohorts } from '#app/modules/roster/cohort-choice.server.ts'
import { RosterFormSchema } from '#app/modules/roster/form.ts'
import { submitRoster } from '#app/modules/roster/submit.server.ts'
import { ROSTER_MAX_BYTES } from '#app/modules/roster/roster-table.ts'

// The national roster upload for admins (any cohort) and regional admins
// (cohorts of their regions); trainers have the same form at /trainer/import.

export const handle: PageHandle = { title: staffTitle('roster.title') }

function accessOf(args: LoaderFunctionArgs): RosterAccess {
  const regions = adminRegions(requireRole(args, 'admin', 'regional_admin'))
  return regions === null ? { kind: 'all' } : { kind: 'regions', regions }
}

export async function loader(args: LoaderFunctionArgs) {
  const locale = resolveLocale(args.request, args.context)
  return { messages: staffMessagesFor(locale, ['roster.']), courses: await importableCohorts(args.context.work, accessOf(args)) }
}

export async function action(args: ActionFunctionArgs) {
  const access = accessOf(args)
  const { request, context } = args
  const locale = resolveLocale(request, context)
  const upload = await readCsvUpload(request, locale, ROSTER_MAX_BYTES)
  if (!upload.ok) return upload.response
  const submission = await parseForm(upload.formData, RosterFormSchema)
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { cohortId, sheet, file } = submission.value
  const bytes = new Uint8Array(await file.arrayBuffer())
  const started = await submitRoster(context.work, access, { bytes, fileName: file.name, cohortId: cohortId || null, sheet: sheet || null })
  if (!started.ok) {
    const { field, key, params } = started.error
    return data(submission.reply({ fieldErrors: { [field]: [translate(locale, key, params)] } }), {
      status: started.error.key === 'roster.form.cohortNotYours' ? 403 : 400,
    })
  }
  return redirect(`/admin/import/${started.value.jobId}`)
}

export default function AdminImport() {
  const { messages, courses } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <MoreMessages messages={messages}>
      <RosterUploadPage courses={courses} lastResult={lastResult} base="/admin/import" />
    </MoreMessages>
  )
}
