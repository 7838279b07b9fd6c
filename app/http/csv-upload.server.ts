import { data, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'
import type { SubmissionResult } from '@conform-to/react'
import { translate } from '#app/i18n/catalog.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { MAX_FILE_BYTES } from '#app/modules/csv/csv-table.server.ts'

// A CSV import form's upload, read into memory up to MAX_FILE_BYTES. An
// oversized file is refused before it is read (the part limit catches a
// request whose length header lies) with the form's translated file error.

export type UploadedForm = { ok: true; formData: FormData } | { ok: false; response: ReturnType<typeof fileError> }

function fileError(locale: Locale) {
  return data({ status: 'error', error: { file: [translate(locale, 'import.file.tooLarge')] } } satisfies SubmissionResult<string[]>, { status: 400 })
}

export async function readCsvUpload(request: Request, locale: Locale): Promise<UploadedForm> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_FILE_BYTES + 64 * 1024) return { ok: false, response: fileError(locale) }
  try {
    return { ok: true, formData: await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES })) }
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, response: fileError(locale) }
    throw error
  }
}
