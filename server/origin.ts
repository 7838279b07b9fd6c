// Same-origin check for mutating requests, as in Lucia's CSRF advice: the
// Origin header (which browsers send with every POST) must name this host.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isSameOrigin(method: string, origin: string | undefined, host: string | undefined, fetchSite?: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (fetchSite === 'cross-site') return false
  if (!origin || !host) return false
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

// Shown outside Remix, so in all three languages at once, Kazakh first.
export const forbiddenCrossOrigin = `<!doctype html>
<html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>403</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<main>
<h1>403</h1>
<p lang="kk">Сұрау басқа сайттан жіберілген, сондықтан қабылданбады. Бетті қайта ашып, әрекетті қайталаңыз.</p>
<p lang="ru">Запрос отправлен с другого сайта и поэтому отклонён. Откройте страницу заново и повторите действие.</p>
<p lang="en">The request came from another site and was refused. Open the page again and retry.</p>
<p><a href="/">Өркен Academy</a></p>
</main></body></html>`
