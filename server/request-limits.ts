// Limits on request paths and bodies, checked before Remix sees them.
//
// Paths. Remix 2 matches a path against the routes once per leading part of
// it (/a, /a/b, /a/b/c, …), both for a page and for /__manifest (lazy route
// discovery, each `p` path): a single 7 KB path of 3,700 segments held a
// process for 2 seconds and a 14 KB one for 5. Remix 2 has reached its end of
// life and will not be fixed (ADR 016). The app's deepest address has 6
// segments; 32 is far beyond any link it makes, and at 32 the matching costs
// nothing.
//
// Bodies. An action's request.formData() reads the whole body into memory: a
// 200 MB login post took 7.6 s and grew the process from 420 MB to 1.2 GB.
// A form is at most 1 MiB (a lesson in two languages is about 100 KB) and a
// multipart post at most 64 MiB (the media form's 50 MB file and a margin;
// its parts have their own limits). Both must say their length, which Node
// then holds them to; browsers always do. Resumable uploads (tus) keep their
// own rules.
import type { RequestHandler } from 'express'
import { trilingualPage } from './plain-page.ts'

export const MAX_PATH_SEGMENTS = 32
export const MAX_PATH_LENGTH = 4096
/** Leading parts matched for one /__manifest request, over all its paths. */
export const MAX_MANIFEST_PARTS = 2000

export const MAX_FORM_BYTES = 1024 * 1024
export const MAX_MULTIPART_BYTES = 64 * 1024 * 1024
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const segmentsOf = (path: string) => path.split('/').filter(Boolean).length

/** Why a request must be refused before routing, or null when it may go on. */
export function pathRefusal(path: string, search: string): { status: 400 | 414 } | null {
  if (path.length > MAX_PATH_LENGTH || segmentsOf(path) > MAX_PATH_SEGMENTS) return { status: 414 }
  if (path === '/__manifest') {
    let parts = 0
    for (const p of new URLSearchParams(search).getAll('p')) {
      const segments = segmentsOf(p)
      if (segments > MAX_PATH_SEGMENTS) return { status: 400 }
      parts += segments
    }
    if (parts > MAX_MANIFEST_PARTS) return { status: 400 }
  }
  return null
}

/** Why a request's body must be refused before anyone reads it, or null. */
export function bodyRefusal(
  method: string,
  contentType: string | undefined,
  contentLength: string | undefined,
  chunked: boolean,
): { status: 411 | 413 } | null {
  if (!BODY_METHODS.has(method.toUpperCase())) return null
  if (contentLength === undefined) return chunked ? { status: 411 } : null
  const limit = (contentType ?? '').toLowerCase().startsWith('multipart/form-data') ? MAX_MULTIPART_BYTES : MAX_FORM_BYTES
  return Number(contentLength) > limit ? { status: 413 } : null
}

const tooLong = trilingualPage(414, {
  kk: 'Бет мекенжайы тым ұзын. Мекенжайды тексеріп, қайта ашыңыз.',
  ru: 'Адрес страницы слишком длинный. Проверьте адрес и откройте его снова.',
  en: 'The page address is too long. Check the address and open it again.',
})
const tooLarge = trilingualPage(413, {
  kk: 'Жіберілген деректер тым үлкен, сондықтан ештеңе сақталмады. Файлды кішірейтіп немесе мәтінді қысқартып, қайта жіберіңіз.',
  ru: 'Отправленные данные слишком велики, поэтому ничего не сохранено. Уменьшите файл или сократите текст и отправьте снова.',
  en: 'What was sent is too large, so nothing was saved. Make the file smaller or the text shorter and send it again.',
})
const lengthRequired = trilingualPage(411, {
  kk: 'Сұрау өз көлемін көрсетпеді, сондықтан қабылданбады. Бетті қайта ашып, форманы қайта жіберіңіз.',
  ru: 'Запрос не указал свой размер и поэтому отклонён. Откройте страницу заново и отправьте форму ещё раз.',
  en: 'The request did not give its length and was refused. Open the page again and send the form again.',
})

export function limitRequestBodies(options: { except: string }): RequestHandler {
  return (req, res, next) => {
    if (req.path === options.except || req.path.startsWith(`${options.except}/`)) return next()
    const refusal = bodyRefusal(req.method, req.get('content-type'), req.get('content-length'), req.get('transfer-encoding') !== undefined)
    if (!refusal) return next()
    res.setHeader('Cache-Control', 'no-store')
    // The body is not read: the connection closes after the answer rather than draining it.
    res.setHeader('Connection', 'close')
    res
      .status(refusal.status)
      .type('html')
      .send(refusal.status === 413 ? tooLarge : lengthRequired)
  }
}

export function limitRequestPaths(): RequestHandler {
  return (req, res, next) => {
    const query = req.originalUrl.indexOf('?')
    const refusal = pathRefusal(req.path, query === -1 ? '' : req.originalUrl.slice(query + 1))
    if (!refusal) return next()
    res.setHeader('Cache-Control', 'no-store')
    if (refusal.status === 414) res.status(414).type('html').send(tooLong)
    // What Remix answers to a manifest request it cannot serve: the client reloads the page.
    else res.status(400).type('text').send('Invalid Request')
  }
}
