import { MaxPartSizeExceededError } from '@remix-run/node'
import { fail, ok, type Result } from '#app/core/result.ts'
import { MAX_IIN_FILE_BYTES, readIinFile, type ListMessage } from '#app/modules/auth/iin-list.server.ts'
import { readSmallForm } from './multipart.server.ts'

// The multipart form of a page that takes participants as a list of IINs
// (a wellbeing event, a support activity): the body read within the size a
// list may have, and the uploaded list decoded. The list itself is read and
// checked by the module (auth/iin-list.server.ts).

/** The form's fields, or why the body was refused (too large to be a list of IINs). */
export async function readIinListForm(request: Request): Promise<Result<FormData, ListMessage>> {
  const tooLarge = fail<ListMessage>({ key: 'support.file.tooLarge' })
  if (Number(request.headers.get('content-length') ?? 0) > MAX_IIN_FILE_BYTES + 256 * 1024) return tooLarge
  try {
    return ok(await readSmallForm(request, MAX_IIN_FILE_BYTES))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge
    throw error
  }
}

/** The text of the uploaded list in the form's `iinFile` field; undefined when none was chosen. */
export async function uploadedIinList(formData: FormData): Promise<Result<string | undefined, ListMessage>> {
  const file = formData.get('iinFile')
  if (!(file instanceof File) || file.size === 0) return ok(undefined)
  return readIinFile(new Uint8Array(await file.arrayBuffer()))
}
