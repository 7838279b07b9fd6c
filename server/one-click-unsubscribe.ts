import type { Request, RequestHandler } from 'express'
import type { Work } from '#app/core/work.server.ts'
import { unsubscribeByToken } from '#app/modules/mail/unsubscribe.server.ts'
import { trilingualPage } from './plain-page.ts'

// One-click unsubscribe (RFC 8058). A mail client that shows an "Unsubscribe"
// button POSTs `List-Unsubscribe=One-Click` to the List-Unsubscribe URL, from
// no page of ours: it carries no Origin the same-origin check would accept.
// Exactly that request is let through here, on exactly that path and body,
// and answered without Remix; the token still decides (a forged one: 404).
// Any other cross-site POST to the path stays refused by the Origin check.

const PATH = /^\/unsubscribe\/([A-Za-z0-9._~-]{1,200})$/
/** The body is one short field; anything longer is not a one-click request. */
const MAX_BODY = 1024

export function oneClickPath(req: Pick<Request, 'method' | 'path'>): string | null {
  if (req.method !== 'POST') return null
  return PATH.exec(req.path)?.[1] ?? null
}

async function readSmallBody(req: Request): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY) return null
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** Whether the body is the one field RFC 8058 names, form-encoded or as multipart (which the RFC prefers). */
async function isOneClickBody(req: Request): Promise<boolean> {
  const type = req.get('content-type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return false
  const body = await readSmallBody(req)
  if (!body) return false
  try {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData()
    const entries = [...form.entries()]
    return entries.length === 1 && entries[0]![0] === 'List-Unsubscribe' && entries[0]![1] === 'One-Click'
  } catch {
    return false
  }
}

const done = trilingualPage(200, {
  kk: 'Сіз ескерту хаттарынан бас тарттыңыз.',
  ru: 'Вы отказались от напоминаний.',
  en: 'You will no longer get these reminders.',
})
const invalid = trilingualPage(404, { kk: 'Сілтеме жарамсыз.', ru: 'Ссылка недействительна.', en: 'This link is not valid.' })

/**
 * For a cross-site POST the Origin check would refuse: handles it when it is a
 * one-click unsubscribe, else calls `refuse`.
 */
export function oneClickUnsubscribe(work: (req: Request) => Work, refuse: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const token = oneClickPath(req)
    if (!token) return refuse(req, res, next)
    isOneClickBody(req)
      .then(async (oneClick) => {
        if (!oneClick) return refuse(req, res, next)
        const unsubscribed = await unsubscribeByToken(work(req), token)
        res
          .status(unsubscribed ? 200 : 404)
          .type('html')
          .send(unsubscribed ? done : invalid)
      })
      .catch(next)
  }
}
