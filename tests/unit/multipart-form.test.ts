import { MaxPartSizeExceededError } from '@remix-run/node'
import { describe, expect, test } from 'vitest'
import { MalformedMultipartError, readMultipartForm } from '#app/http/multipart-form.server.ts'

// The import forms' multipart reader (app/http/multipart-form.server.ts):
// bodies as fetch's own FormData encodes them, and by hand where a browser or
// a client may differ, read back field for field and byte for byte.

const LIMITS = { maxPartSize: 1024 * 1024, maxBodySize: 1024 * 1024 + 64 * 1024 }

/** A request whose body is fetch's encoding of `form`, in chunks of `chunkSize` bytes. */
async function encoded(form: FormData, chunkSize = 1000): Promise<Request> {
  const whole = new Request('http://localhost/upload', { method: 'POST', body: form })
  const bytes = new Uint8Array(await whole.arrayBuffer())
  return byHand(whole.headers.get('content-type')!, bytes, chunkSize)
}

function byHand(contentType: string, body: Uint8Array | string, chunkSize = 7): Request {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  let at = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close()
      controller.enqueue(bytes.slice(at, at + chunkSize))
      at += chunkSize
    },
  })
  return new Request('http://localhost/upload', { method: 'POST', body: stream, headers: { 'content-type': contentType }, duplex: 'half' })
}

describe('readMultipartForm', () => {
  test('reads fields and a file with every line end and a look-alike of the boundary inside it', async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `${i};Әлия Қасымова;aliya${i}@example.kz;KZ-75;sch-${i}`)
    const csv = `ЖСН;Аты-жөні\r\n${lines.join('\r\n')}\r\n--not-the-boundary\r\n\r\n`
    const form = new FormData()
    form.set('cohortId', 'c-1')
    form.set('sheet', '')
    form.set('file', new File([csv], 'national roster.csv', { type: 'text/csv' }))
    form.set('note', 'Қазақша мәтін')

    const read = await readMultipartForm(await encoded(form), LIMITS)

    expect(read.get('cohortId')).toBe('c-1')
    expect(read.get('sheet')).toBe('')
    expect(read.get('note')).toBe('Қазақша мәтін')
    const file = read.get('file')
    expect(file).toBeInstanceOf(File)
    expect((file as File).name).toBe('national roster.csv')
    expect((file as File).type).toBe('text/csv')
    expect(await (file as File).text()).toBe(csv)
  })

  test('an empty file and a binary one come back exactly', async () => {
    const binary = new Uint8Array(70_000).map((_, i) => (i * 131) % 256)
    const form = new FormData()
    form.set('empty', new File([], 'empty.xlsx'))
    form.set('file', new File([binary], 'book.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))

    const read = await readMultipartForm(await encoded(form, 4096), LIMITS)

    expect((read.get('empty') as File).name).toBe('empty.xlsx')
    expect((read.get('empty') as File).size).toBe(0)
    expect(new Uint8Array(await (read.get('file') as File).arrayBuffer())).toEqual(binary)
  })

  test('a quoted boundary, a folder in the file name, quotes and ";" in it, and no part content type', async () => {
    const body = [
      'preamble to ignore',
      '--b-x',
      'Content-Disposition: form-data; name="file"; filename="C:\\Users\\me\\a;\\"b\\".csv"',
      '',
      'IIN;Name',
      '--b-x',
      'content-disposition: form-data; name=plain',
      '',
      'value',
      '--b-x--',
      'epilogue',
    ].join('\r\n')
    const read = await readMultipartForm(byHand('multipart/form-data; boundary="b-x"', body), LIMITS)

    expect((read.get('file') as File).name).toBe('a;"b".csv')
    expect(await (read.get('file') as File).text()).toBe('IIN;Name')
    expect(read.get('plain')).toBe('value')
  })

  test('a part or a body over its limit is refused', async () => {
    const form = new FormData()
    form.set('file', new File(['x'.repeat(2_000)], 'big.csv'))
    await expect(readMultipartForm(await encoded(form), { maxPartSize: 1_999, maxBodySize: 10_000 })).rejects.toBeInstanceOf(MaxPartSizeExceededError)
    await expect(readMultipartForm(await encoded(form), { maxPartSize: 10_000, maxBodySize: 1_000 })).rejects.toBeInstanceOf(MaxPartSizeExceededError)
    expect((await readMultipartForm(await encoded(form), { maxPartSize: 2_000, maxBodySize: 10_000 })).get('file')).toBeInstanceOf(File)
  })

  test('what is not a multipart form is malformed', async () => {
    const cut = ['--b', 'Content-Disposition: form-data; name="file"; filename="a.csv"', '', 'no closing boundary'].join('\r\n')
    const nameless = ['--b', 'Content-Disposition: form-data; filename="a.csv"', '', 'x', '--b--'].join('\r\n')
    await expect(readMultipartForm(byHand('application/x-www-form-urlencoded', 'a=1'), LIMITS)).rejects.toBeInstanceOf(MalformedMultipartError)
    await expect(readMultipartForm(byHand('multipart/form-data', 'a=1'), LIMITS)).rejects.toBeInstanceOf(MalformedMultipartError)
    await expect(readMultipartForm(byHand('multipart/form-data; boundary=b', 'no boundary at all'), LIMITS)).rejects.toBeInstanceOf(MalformedMultipartError)
    await expect(readMultipartForm(byHand('multipart/form-data; boundary=b', cut), LIMITS)).rejects.toBeInstanceOf(MalformedMultipartError)
    await expect(readMultipartForm(byHand('multipart/form-data; boundary=b', nameless), LIMITS)).rejects.toBeInstanceOf(MalformedMultipartError)
  })
})
