import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'

/**
 * A form that may carry a small file (an IIN list): multipart read into memory
 * with each part limited to `maxPartSize` (MaxPartSizeExceededError beyond),
 * or a plain urlencoded form.
 */
export async function readSmallForm(request: Request, maxPartSize: number): Promise<FormData> {
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return request.formData()
  return unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize }))
}
