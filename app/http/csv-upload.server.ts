import { data, MaxPartSizeExceededError } from '@remix-run/node'
import type { SubmissionResult } from '@conform-to/react'
import { translate } from '#app/i18n/catalog.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { MAX_FILE_BYTES } from '#app/modules/csv/csv-table.server.ts'
import { invariantResponse } from './errors.ts'
import { MalformedMultipartError, readMultipartForm } from './multipart-form.server.ts'

// An import form's upload (CSV, XLSX or Excel's Unicode text), read into
// memory up to a limit: MAX_FILE_BYTES unless the import allows more (a
// national roster: 20 MB). An oversized file is refused before it is read
// (the part limit catches a request whose length header lies) with the
// form's translated file error. The body is read in steps and split with a
// native search (multipart-form.server.ts): a national file never holds the
// server while it is read.

export type UploadedForm = { ok: true; formData: FormData } | { ok: false; response: ReturnType<typeof fileError> }

function fileError(locale: Locale, maxBytes: number) {
  const error = translate(locale, 'import.file.tooLarge', { mb: Math.round(maxBytes / (1024 * 1024)) })
  return data({ status: 'error', error: { file: [error] } } satisfies SubmissionResult<string[]>, { status: 400 })
}

export async function readCsvUpload(request: Request, locale: Locale, maxBytes: number = MAX_FILE_BYTES): Promise<UploadedForm> {
  const maxBodySize = maxBytes + 64 * 1024
  if (Number(request.headers.get('content-length') ?? 0) > maxBodySize) return { ok: false, response: fileError(locale, maxBytes) }
  try {
    return { ok: true, formData: await readMultipartForm(request, { maxPartSize: maxBytes, maxBodySize }) }
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, response: fileError(locale, maxBytes) }
    invariantResponse(!(error instanceof MalformedMultipartError), 'error.badRequest.text')
    throw error
  }
}
