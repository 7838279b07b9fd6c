import { MaxPartSizeExceededError } from '@remix-run/node'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'

// An import form's multipart body read whole into memory, then split at its
// boundaries with Buffer.indexOf. Remix's streaming parser splits a part at
// every CRLF it holds (a CSV's every line) and reads chunk after chunk in
// microtasks: a national roster (7 MB, 52,400 lines) held the server's event
// loop for 100–130 ms at a time, and the tens of thousands of slices it made
// cost as much again in garbage collection. Here the body's chunks are taken
// as they come, with a turn for the server between steps, and the search over
// a 20 MB body is native and takes a few milliseconds.

/** How long the body may be read before the server gets a turn. */
const STEP_MS = 10
const CRLF = Buffer.from('\r\n')
const HEADERS_END = Buffer.from('\r\n\r\n')

/** The body did not read as multipart form data: a bad request. */
export class MalformedMultipartError extends Error {}

/**
 * The form in a multipart request, each part at most `maxPartSize` bytes and the
 * whole body at most `maxBodySize` (MaxPartSizeExceededError beyond either).
 * A file part becomes a File (its name without any folder), a field its text.
 */
export async function readMultipartForm(request: Request, { maxPartSize, maxBodySize }: { maxPartSize: number; maxBodySize: number }): Promise<FormData> {
  const boundary = boundaryOf(request.headers.get('content-type') ?? '')
  if (!boundary || !request.body) throw new MalformedMultipartError('not a multipart form')
  const body = await readBody(request.body, maxBodySize)
  const form = new FormData()
  for (const part of splitParts(body, boundary)) {
    if (part.data.byteLength > maxPartSize) throw new MaxPartSizeExceededError(part.name, maxPartSize)
    if (part.filename === undefined) form.append(part.name, new TextDecoder().decode(part.data))
    else form.append(part.name, new File([part.data], part.filename, { type: part.contentType }))
  }
  return form
}

function boundaryOf(contentType: string): string | null {
  const [type, ...params] = contentType.split(';').map((p) => p.trim())
  if (type?.toLowerCase() !== 'multipart/form-data') return null
  for (const param of params) {
    const eq = param.indexOf('=')
    if (param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue
    const value = param.slice(eq + 1).trim()
    const unquoted = value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value
    return unquoted || null
  }
  return null
}

async function readBody(stream: ReadableStream<Uint8Array>, maxBodySize: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = []
  let size = 0
  let stepStarted = performance.now()
  const reader = stream.getReader()
  for (;;) {
    const { done, value: chunk } = await reader.read()
    if (done) break
    size += chunk.byteLength
    if (size > maxBodySize) {
      void reader.cancel()
      throw new MaxPartSizeExceededError('body', maxBodySize)
    }
    chunks.push(chunk)
    if (performance.now() - stepStarted >= STEP_MS) {
      await yieldToServer()
      stepStarted = performance.now()
    }
  }
  const body = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.byteLength
  }
  return body
}

interface Part {
  name: string
  filename: string | undefined
  contentType: string
  data: Uint8Array<ArrayBuffer>
}

function splitParts(bytes: Uint8Array<ArrayBuffer>, boundary: string): Part[] {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const delimiter = Buffer.from(`--${boundary}`)
  // Every delimiter but the first follows a CRLF, which belongs to it, not to the part before.
  const between = Buffer.concat([CRLF, delimiter])
  let at = body.indexOf(delimiter)
  if (at === -1) throw new MalformedMultipartError('no boundary in the body')
  at += delimiter.length
  const parts: Part[] = []
  for (;;) {
    // "--" after a delimiter closes the body; anything after it is an epilogue.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts
    if (!body.subarray(at, at + 2).equals(CRLF)) throw new MalformedMultipartError('a boundary without its line end')
    const headersEnd = body.indexOf(HEADERS_END, at)
    if (headersEnd === -1) throw new MalformedMultipartError("a part's headers never end")
    const dataEnd = body.indexOf(between, headersEnd + HEADERS_END.length)
    if (dataEnd === -1) throw new MalformedMultipartError('the body ends inside a part')
    const headers = parseHeaders(body.subarray(at + CRLF.length, headersEnd).toString('utf8'))
    parts.push({ ...headers, data: bytes.subarray(headersEnd + HEADERS_END.length, dataEnd) })
    at = dataEnd + between.length
  }
}

function parseHeaders(text: string): Omit<Part, 'data'> {
  let disposition: Map<string, string> | null = null
  let contentType = 'text/plain'
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon === -1) throw new MalformedMultipartError('a part header without a colon')
    const header = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (header === 'content-disposition') disposition = dispositionParams(value)
    else if (header === 'content-type') contentType = value
  }
  const name = disposition?.get('name')
  if (name === undefined) throw new MalformedMultipartError('a part without a name')
  const filename = disposition?.get('filename')
  // Browsers send the file's own name; some older ones its whole path.
  return { name, filename: filename?.split(/[/\\]/).pop(), contentType }
}

/** `form-data; name="file"; filename="a;b.csv"`: the parameters, quotes taken off (a quoted value may hold ";" and an escaped quote). */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>()
  const pattern = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g
  if (!/^form-data\s*(;|$)/i.test(value)) throw new MalformedMultipartError('a part that is not form data')
  for (const match of value.matchAll(pattern)) {
    const quoted = match[2]
    params.set(match[1]!.toLowerCase(), quoted !== undefined ? quoted.replace(/\\"/g, '"') : match[3]!.trim())
  }
  return params
}
