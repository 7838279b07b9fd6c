// Limits on request paths, checked before Remix sees them. Remix 2 matches a
// path against the routes once per leading part of it (/a, /a/b, /a/b/c, …),
// both for a page and for /__manifest (lazy route discovery, each `p` path):
// a single 7 KB path of 3,700 segments held a process for 2 seconds and a
// 14 KB one for 5. Remix 2 has reached its end of life and will not be fixed
// (ADR 016). The app's deepest address has 6 segments; 32 is far beyond any
// link it makes, and at 32 the matching costs nothing.
import type { RequestHandler } from 'express'

export const MAX_PATH_SEGMENTS = 32
export const MAX_PATH_LENGTH = 4096
/** Leading parts matched for one /__manifest request, over all its paths. */
export const MAX_MANIFEST_PARTS = 2000

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

// Shown outside Remix, so in all three languages at once, Kazakh first.
const tooLong = `<!doctype html>
<html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>414</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<main>
<h1>414</h1>
<p lang="kk">Бет мекенжайы тым ұзын. Мекенжайды тексеріп, қайта ашыңыз.</p>
<p lang="ru">Адрес страницы слишком длинный. Проверьте адрес и откройте его снова.</p>
<p lang="en">The page address is too long. Check the address and open it again.</p>
<p><a href="/">Өркен Academy</a></p>
</main></body></html>`

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
