import type { Work } from '#app/core/work.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import type { RosterAccess } from './access.ts'
import { checkChosenCohort } from './cohort-choice.server.ts'
import { startRosterImport } from './roster.server.ts'

// What an upload form does once its fields are parsed: the chosen cohort
// checked, the import started. Shared by every route that offers the form.

export interface RosterSubmission {
  bytes: Uint8Array
  fileName: string
  cohortId: string | null
  sheet: string | null
}

export type SubmitError = { field: 'cohortId' | 'file'; key: MessageKey; params?: Record<string, string | number> }

export async function submitRoster(work: Work, access: RosterAccess, input: RosterSubmission): Promise<Result<{ jobId: string }, SubmitError>> {
  if (input.cohortId) {
    const choice = await checkChosenCohort(work, input.cohortId, access)
    if (choice === 'unknown') return fail({ field: 'cohortId', key: 'import.form.cohortRequired' })
    if (choice === 'notYours') return fail({ field: 'cohortId', key: 'roster.form.cohortNotYours' })
    if (choice === 'closed') return fail({ field: 'cohortId', key: 'import.form.cohortClosed' })
  }
  const started = await startRosterImport(work, input.bytes, { fileName: input.fileName, cohortId: input.cohortId, sheet: input.sheet, access })
  if (!started.ok) return fail({ field: 'file', key: started.error.key, params: started.error.params })
  return ok({ jobId: started.value.jobId })
}
