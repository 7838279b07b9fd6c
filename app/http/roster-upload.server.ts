import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { staffMessagesFor, translate } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { RosterAccess } from '#app/modules/roster/access.ts'
import { importableCohorts } from '#app/modules/roster/cohort-choice.server.ts'
import { RosterFormSchema } from '#app/modules/roster/form.ts'
import { ROSTER_MAX_BYTES } from '#app/modules/roster/roster-table.ts'
import { submitRoster } from '#app/modules/roster/submit.server.ts'
import { readCsvUpload } from './csv-upload.server.ts'
import { parseForm } from './submission.server.ts'

// The roster upload's loader and action, shared by /admin/import (admins and
// regional admins) and /trainer/import (trainers): the routes differ only in
// who may come and which cohorts they may fill, the `access` they pass.

export async function rosterUploadData(args: LoaderFunctionArgs, access: RosterAccess) {
  const locale = resolveLocale(args.request, args.context)
  return { messages: staffMessagesFor(locale, ['roster.']), courses: await importableCohorts(args.context.work, access) }
}

/** Starts the import and sends the person to its page under `base`, or answers the form with its errors. */
export async function submitRosterUpload(args: ActionFunctionArgs, access: RosterAccess, base: string) {
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
    return data(submission.reply({ fieldErrors: { [field]: [translate(locale, key, params)] } }), { status: key === 'roster.form.cohortNotYours' ? 403 : 400 })
  }
  return redirect(`${base}/${started.value.jobId}`)
}
